"""Who hears about a working group: the invited organisation's members when invited,
the group's coordinator (or, without one, the programme office) when they answer."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.models import WorkingGroup, WorkingGroupMembership
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.proposals.notices import coordinators


def group_path(group: WorkingGroup) -> str:
    """The group's page, as a path (notifications keep paths, mail adds the host)."""
    return f"/workgroups/{group.id}"


def tell_invited(membership: WorkingGroupMembership) -> None:
    group = membership.group
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("ワーキンググループへの招待: %(name)s", name=shortened(group.name))
        body = _(
            "%(organisation)s は、課題「%(title)s」のワーキンググループ「%(name)s」に招待されました。",
            organisation=membership.organisation.name, title=group.need.title, name=group.name,
        )  # fmt: skip
        body += "\n" + _("グループのページで、参加するかどうかを回答してください。")
    notify(membership.organisation.members, "working_group.invited", subject, body, group_path(group))


def tell_answer(membership: WorkingGroupMembership, answer: str) -> None:
    group, name = membership.group, shortened(membership.organisation.name)
    with force_locale(NOTIFICATION_LOCALE):
        if answer == "accept":
            subject = _("%(organisation)s がワーキンググループへの参加を承諾しました", organisation=name)
        elif answer == "leave":
            subject = _("%(organisation)s がワーキンググループから退出しました", organisation=name)
        else:
            subject = _("%(organisation)s がワーキンググループへの招待を辞退しました", organisation=name)
        body = _("ワーキンググループ「%(name)s」", name=group.name)
    recipients = [group.coordinator] if group.coordinator is not None else coordinators()
    notify(recipients, f"working_group.member_{membership.status.value}", subject, body, group_path(group))

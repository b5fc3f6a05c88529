"""Who hears about a proposal's move: the need's department and the programme office
when one arrives or is withdrawn, the proposing organisation when the city decides."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.labels import PROPOSAL_STATUS_LABELS
from hackplat.models import Need, Proposal, ProposalStatus, Role, User
from hackplat.notifications.services import NOTIFICATION_LOCALE, active_staff_of, notify, shortened


def proposal_path(proposal: Proposal) -> str:
    """The proposal's page, as a path (notifications keep paths, mail adds the host)."""
    return f"/proposals/{proposal.id}"


def department_staff(need: Need) -> list[User]:
    return active_staff_of([need.department_id])


def coordinators() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.COORDINATOR, User.active)))


def tell_about_move(proposal: Proposal, before: ProposalStatus) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        _tell_about_move(proposal, before)


def _tell_about_move(proposal: Proposal, before: ProposalStatus) -> None:
    need, title, status = proposal.need, shortened(proposal.need.title), proposal.status
    kind, link = f"proposal.{status.value}", proposal_path(proposal)
    if status is ProposalStatus.SUBMITTED:
        subject = _("新しい提案が届きました: %(title)s", title=title)
        body = _(
            "%(name)s から「%(title)s」への提案が提出されました。", name=proposal.organisation.name, title=need.title
        )
        notify([*department_staff(need), *coordinators()], kind, subject, body, link)
    elif status is ProposalStatus.WITHDRAWN:
        if before is not ProposalStatus.DRAFT:  # the city never saw a draft
            subject = _("提案が取り下げられました: %(title)s", title=title)
            body = _(
                "%(name)s が「%(title)s」への提案を取り下げました。", name=proposal.organisation.name, title=need.title
            )
            notify(department_staff(need), kind, subject, body, link)
    else:
        notify(proposal.organisation.members, kind, *_decision_message(proposal), link)
        if status is ProposalStatus.SHORTLISTED:
            _ask_for_evaluation(proposal)


def _ask_for_evaluation(proposal: Proposal) -> None:
    """A shortlisted proposal waits for scores: the need's department and the office evaluate."""
    need = proposal.need
    subject = _("提案の評価をお願いします: %(title)s", title=shortened(need.title))
    body = _(
        "%(name)s による「%(title)s」への提案が選考対象になりました。利益相反の有無を申告のうえ、評価してください。",
        name=proposal.organisation.name, title=need.title,
    )  # fmt: skip
    notify([*department_staff(need), *coordinators()], "evaluation.requested", subject, body, proposal_path(proposal))


def _decision_message(proposal: Proposal) -> tuple[str, str]:
    label = PROPOSAL_STATUS_LABELS[proposal.status]
    subject = _("提案の状態が「%(status)s」になりました: %(title)s", status=label, title=shortened(proposal.need.title))
    body = _("「%(title)s」への提案の状態が「%(status)s」になりました。", title=proposal.need.title, status=label)
    if proposal.decision_reason:
        body += "\n" + _("理由: %(reason)s", reason=proposal.decision_reason)
    return subject, body

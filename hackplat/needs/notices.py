"""Who hears about a need's call: the members of the organisations that proposed to it
(a draft counts: its authors are still writing) when the deadline moves or the call
ends early."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import Need, Proposal, User
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened


def need_path(need: Need) -> str:
    return f"/needs/{need.id}"


def proposers(need: Need) -> list[User]:
    """The active members of every organisation with a proposal to ``need``."""
    organisations = select(Proposal.organisation_id).where(Proposal.need_id == need.id)
    return list(db.session.scalars(select(User).where(User.organisation_id.in_(organisations), User.active)))


def tell_call_extended(need: Need) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        date = need.deadline.strftime("%Y/%m/%d") if need.deadline else ""
        subject = _("提案の締切日が延長されました: %(title)s", title=shortened(need.title))
        body = _("「%(title)s」の提案の締切日が %(date)s 23:59（日本時間）になりました。", title=need.title, date=date)
    notify(proposers(need), "proposal.call_extended", subject, body, need_path(need))


def tell_call_closed(need: Need) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("提案の募集が締め切られました: %(title)s", title=shortened(need.title))
        body = _("「%(title)s」の提案の募集は締め切られました。", title=need.title)
        body += "\n" + _("理由: %(reason)s", reason=need.call_closed_reason or "")
    notify(proposers(need), "proposal.call_closed", subject, body, need_path(need))

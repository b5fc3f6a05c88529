"""A need's call for proposals: open from publishing until 23:59 Japan time on its
deadline, whether or not a working group has been formed (the group does not end the
call). The department may end the call early, with a reason, or extend its deadline;
the organisations that proposed are told of either."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.fiscal import JAPAN, japan_today
from hackplat.models import Need, NeedStatus, User, utcnow
from hackplat.needs import notices
from hackplat.permissions import can_edit_need, require
from hackplat.validation import checked_text

#: The statuses in which the call runs (until its deadline or an early close).
CALLING_STATUSES = (NeedStatus.OPEN, NeedStatus.WORKING_GROUP)
REASON_MAX = 1000


def takes_proposals() -> ColumnElement[bool]:
    """SQL: the need's call still takes proposals today (``call_is_open`` for a query)."""
    return (
        Need.status.in_(CALLING_STATUSES)
        & Need.call_closed_at.is_(None)
        & or_(Need.deadline.is_(None), Need.deadline >= japan_today())
    )


def call_is_open(need: Need, at: datetime) -> bool:
    """Calling, not closed early, and ``at`` no later than the deadline day in Japan."""
    if need.status not in CALLING_STATUSES or need.call_closed_at is not None:
        return False
    return need.deadline is None or at.astimezone(JAPAN).date() <= need.deadline


def call_has_ended(need: Need, at: datetime) -> bool:
    """Closed early, or past its deadline day in Japan (a call without deadline runs on)."""
    if need.call_closed_at is not None:
        return True
    return need.deadline is not None and at.astimezone(JAPAN).date() > need.deadline


def deadline_text(need: Need) -> str:
    return format_date(need.deadline, "yyyy/MM/dd") if need.deadline else ""


def _require_running(need: Need) -> None:
    if not call_is_open(need, utcnow()):
        raise Conflict(_("この課題の提案募集は既に終わっています。"))


def close_call_early(need: Need, reason: str | None, *, actor: User) -> Need:
    """End the call before its deadline; the reason is shown on the need's page."""
    require(can_edit_need(actor, need))
    _require_running(need)
    reason = checked_text(
        reason, "reason", REASON_MAX, needed=True, missing=_("募集を締め切る理由を入力してください。")
    )
    need.call_closed_at, need.call_closed_reason = utcnow(), reason
    audit.record("need.call_closed", "need", need.id, actor=actor, detail={"reason": reason})
    flush_or_conflict()
    notices.tell_call_closed(need)
    return need


def extend_call(need: Need, deadline: date | None, *, actor: User) -> Need:
    """Move the deadline later (a call whose deadline passed opens again until the new one)."""
    require(can_edit_need(actor, need))
    if need.status not in CALLING_STATUSES or need.call_closed_at is not None:
        raise Conflict(_("締め切った募集や終了した課題の締切日は延長できません。"))
    if deadline is None:
        raise InvalidInput(_("新しい締切日を入力してください。"), field="deadline")
    if deadline < japan_today() or (need.deadline is not None and deadline <= need.deadline):
        raise InvalidInput(_("今の締切日より後の、今日以降の日付を入力してください。"), field="deadline")
    before = need.deadline.isoformat() if need.deadline else None
    need.deadline = deadline
    detail = {"from": before, "to": deadline.isoformat()}
    audit.record("need.deadline_extended", "need", need.id, actor=actor, detail=detail)
    flush_or_conflict()
    notices.tell_call_extended(need)
    return need

"""When a need takes questions: while its call runs (open or with a working group, not
closed early) and until 23:59 Japan time on its question deadline, or on the proposals'
deadline when the department set none. The need form's check of that date lives here too."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _

from hackplat.errors import Conflict, InvalidInput
from hackplat.fiscal import JAPAN, japan_today
from hackplat.models import Need, utcnow
from hackplat.needs.calls import CALLING_STATUSES


def now() -> datetime:
    """The current time (UTC); tests replace it to stand on either side of a deadline."""
    return utcnow()


def last_question_day(need: Need) -> date | None:
    """The last day questions are taken (Japan time), None: no deadline at all."""
    return need.question_deadline or need.deadline


def takes_questions(need: Need, at: datetime | None = None) -> bool:
    if need.status not in CALLING_STATUSES or need.call_closed_at is not None:
        return False
    last = last_question_day(need)
    return last is None or (at or now()).astimezone(JAPAN).date() <= last


def require_taking_questions(need: Need) -> None:
    """Refuse (409, saying why) a question the need does not take now."""
    if takes_questions(need):
        return
    if need.status not in CALLING_STATUSES:
        raise Conflict(_("この課題は現在、質問を受け付けていません。"))
    if need.call_closed_at is not None:
        raise Conflict(_("この課題の提案募集は締め切られたため、質問は受け付けていません。"))
    last = last_question_day(need)
    raise Conflict(
        _(
            "この課題への質問の受付は締め切られました（締切: %(date)s 23:59 日本時間）。",
            date=format_date(last, "yyyy/MM/dd") if last else "",
        )
    )


def check_question_deadline(value: date | None, deadline: date | None, current: date | None) -> None:
    """The need form's question deadline: on or before the proposals' deadline, and not
    in the past unless it is the date already saved (an open need stays editable after it)."""
    if value is None:
        return
    if deadline is not None and value > deadline:
        raise InvalidInput(_("質問の締切日は提案の締切日以前の日付にしてください。"), field="question_deadline")
    if value != current and value < japan_today():
        raise InvalidInput(_("質問の締切日には今日以降の日付を入力してください。"), field="question_deadline")

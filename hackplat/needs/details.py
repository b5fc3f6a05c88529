"""A need's details beyond its text (#15 item 5): the contact person, the budget range, the
target ward, the themes besides the primary one and what the evaluators look for.

Decisions, written down here since the code cannot say them:

- Contact: the name and the section are public (a need names who is behind it); the
  phone number and e-mail address are shown to signed-in users only (members of approved
  organisations, city staff, the office: ``can_see_need_contact``), not to crawlers.
- Budget: an optional range in yen, each bound optional (a ceiling only is common),
  0 – 10億円, the upper bound not below the lower one. Shown as 万円 in Japanese.
- Area: one ward (a department of kind ward: the wards are data, kept by the
  administrator with the departments) or, when none is chosen, the whole city (市全域).
- Themes: the primary theme stays ``Need.theme_id`` (lists, the matcher, knowledge cases
  read it); the others are ``need_themes``; the /needs theme filter matches either.
- Evaluation criteria: the programme's rubric (hackplat/models/evaluations.py: four
  criteria, each scored 1–5, of equal weight in the total out of 20) is the one every
  evaluator scores on, so a need does not define criteria or weights of its own; it says
  what its evaluators look for under each criterion (``focus_*``), shown with the rubric.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select, union
from sqlalchemy.orm import joinedload

from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.labels import CRITERION_LABELS
from hackplat.models import CRITERIA, Department, DepartmentKind, Need, Theme
from hackplat.models.exchange import need_themes
from hackplat.validation import checked_text

if TYPE_CHECKING:
    from hackplat.needs.services import NeedFields

CONTACT_MAX = 100
PHONE_MAX = 30
EMAIL_MAX = 254
FOCUS_MAX = 1000
#: The largest budget bound accepted (10億円): within a 32-bit column, and beyond any call.
BUDGET_MAX = 1_000_000_000
#: The most themes a need may have besides its primary one.
OTHER_THEMES_MAX = 4

#: What the need's page shows beside the need, read with it (each was a statement of its own).
PAGE_LOADS = (joinedload(Need.department), joinedload(Need.theme), joinedload(Need.target_ward))

#: The need's columns holding what the evaluators look for, one per criterion of the rubric.
FOCUS_FIELDS = tuple(f"focus_{name}" for name in CRITERIA)

_PHONE = re.compile(r"^\+?[0-9][0-9\-() ]*[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_details(data: NeedFields) -> None:
    """Raise ``InvalidInput`` next to its field for the first problem of the details."""
    checked_text(data.contact_name, "contact_name", CONTACT_MAX)
    checked_text(data.contact_section, "contact_section", CONTACT_MAX)
    _check_contact(data.contact_phone, data.contact_email)
    for name in FOCUS_FIELDS:
        checked_text(getattr(data, name), name, FOCUS_MAX)
    check_budget(data.budget_min, data.budget_max)
    _check_ward(data.target_ward_id)
    _check_other_themes(data.other_theme_ids)


def _check_contact(phone: str, email: str) -> None:
    if len(phone) > PHONE_MAX or (phone and not _PHONE.match(phone)):
        raise InvalidInput(_("電話番号は数字とハイフンで入力してください（例: 045-671-0000）。"), field="contact_phone")
    if len(email) > EMAIL_MAX or (email and not _EMAIL.match(email)):
        raise InvalidInput(_("メールアドレスの形式が正しくありません。"), field="contact_email")


def check_budget(low: int | None, high: int | None) -> None:
    """Each bound optional, 0 – BUDGET_MAX yen, the upper not below the lower."""
    for value, field in ((low, "budget_min"), (high, "budget_max")):
        if value is not None and not 0 <= value <= BUDGET_MAX:
            raise InvalidInput(_("予算は0円から10億円までの金額で入力してください。"), field=field)
    if low is not None and high is not None and high < low:
        raise InvalidInput(_("予算の上限は下限以上の金額にしてください。"), field="budget_max")


def _check_ward(ward_id: int | None) -> None:
    if ward_id is None:
        return
    ward = db.session.get(Department, ward_id)
    if ward is None or ward.kind is not DepartmentKind.WARD:
        raise InvalidInput(_("対象地域は一覧から選んでください。"), field="target_ward_id")


def _check_other_themes(theme_ids: tuple[int, ...]) -> None:
    if len(set(theme_ids)) > OTHER_THEMES_MAX:
        raise InvalidInput(
            _("ほかのテーマは%(count)d個まで選べます。", count=OTHER_THEMES_MAX), field="other_theme_ids"
        )
    known = set(db.session.scalars(select(Theme.id).where(Theme.id.in_(theme_ids)))) if theme_ids else set()
    if set(theme_ids) - known:
        raise InvalidInput(_("テーマは一覧から選んでください。"), field="other_theme_ids")


def apply_other_themes(need: Need, theme_ids: Iterable[int]) -> bool:
    """Set the need's themes besides its primary one; return whether they changed. (No
    autoflush: loading them must not write the need's other changes in a flush of their
    own, which would move its version on twice.)"""
    wanted = sorted({theme_id for theme_id in theme_ids if theme_id != need.theme_id})
    with db.session.no_autoflush:
        if sorted(theme.id for theme in need.other_themes) == wanted:
            return False
        themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(wanted)))) if wanted else []
    need.other_themes = themes
    return True


def other_theme_ids(need: Need) -> tuple[int, ...]:
    return tuple(theme.id for theme in need.other_themes)


def has_theme(theme_id: int) -> ColumnElement[bool]:
    """Needs whose primary or other themes include ``theme_id``: one id set, the union of
    the (theme_id, status) index's and need_themes' theme_id index's (``theme_id = ? OR id
    IN (…)`` left only the status index usable, every published need read and tested)."""
    others = select(need_themes.c.need_id).where(need_themes.c.theme_id == theme_id)
    primary = select(Need.id).where(Need.theme_id == theme_id).correlate(None)
    return Need.id.in_(union(others, primary))


def wards() -> list[Department]:
    """The wards a need may target, in the administrator's order (id: as created)."""
    return list(
        db.session.scalars(select(Department).where(Department.kind == DepartmentKind.WARD).order_by(Department.id))
    )


def focus_items(need: Need) -> list[tuple[str, str]]:
    """The rubric's criteria with what the need's evaluators look for under each ("" if unsaid)."""
    return [(str(CRITERION_LABELS[name]), getattr(need, f"focus_{name}")) for name in CRITERIA]


def yen(amount: int) -> str:
    """An amount for reading: 万円 in Japanese (5,000,000 → 500万円), ¥5,000,000 in English."""
    if str(get_locale() or "ja").startswith("en"):
        return f"¥{amount:,}"
    man, rest = divmod(amount, 10_000)
    if rest:
        return f"{amount:,}円"
    return f"{man:,}万円"


def budget_text(need: Need) -> str | None:
    """The budget range as one phrase, or None when the need states none."""
    low, high = need.budget_min, need.budget_max
    if low is None and high is None:
        return None
    if low is not None and high is not None:
        return _("%(low)s〜%(high)s", low=yen(low), high=yen(high)) if low != high else yen(low)
    if high is not None:
        return _("%(high)sまで", high=yen(high))
    return _("%(low)s以上", low=yen(low or 0))


@dataclass(frozen=True)
class DetailsView:
    """What the need's page shows of the details (templates never compute)."""

    budget: str | None
    ward: str
    focus: list[tuple[str, str]]
    has_focus: bool


def details_view(need: Need) -> DetailsView:
    focus = focus_items(need)
    ward = need.target_ward.name if need.target_ward is not None else _("市全域")
    return DetailsView(budget_text(need), ward, focus, any(text for _name, text in focus))

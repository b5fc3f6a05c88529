"""English names of departments and themes (#15 item 6), edited together on one page by
an administrator: each typed name is checked, every change audited, and nothing is
written when one of them is refused. An empty name shows the Japanese one in English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.forms import control_characters
from hackplat.models import Department, Theme, User
from hackplat.needs.discovery import ordered_departments
from hackplat.permissions import can_manage_departments, require
from hackplat.validation import checked_text

DEPARTMENT_MAX, THEME_MAX = 200, 100


@dataclass(frozen=True)
class Named:
    """A row of the page: its form field, the Japanese name and the English one."""

    field: str
    thing: Department | Theme


def rows() -> tuple[list[Named], list[Named]]:
    """Departments in the city's order (局 with their 課, then 区), themes in theirs."""
    listed = ordered_departments(db.session.scalars(select(Department)))
    departments = [Named(f"department-{department.id}", department) for _kind, department in listed]
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id))
    return departments, [Named(f"theme-{t.id}", t) for t in themes]


def _typed(named: Named, typed: Mapping[str, str], limit: int) -> str | None:
    value = checked_text(typed.get(named.field), named.field, limit)
    if control_characters(value, multiline=False):
        raise InvalidInput(_("改行やタブなどの制御文字は入力できません。"), field=named.field)
    return value or None


def set_english_names(typed: Mapping[str, str], *, actor: User) -> int:
    """Save the English names typed for every department and theme (a field left out of
    ``typed`` keeps its name); return how many changed."""
    require(can_manage_departments(actor))
    departments, themes = rows()
    changes: list[tuple[str, Department | Theme, str | None]] = []
    for kind, named_rows, limit in (("department", departments, DEPARTMENT_MAX), ("theme", themes, THEME_MAX)):
        for named in named_rows:
            if named.field not in typed:
                continue
            value = _typed(named, typed, limit)
            if value != named.thing.name_en:
                changes.append((kind, named.thing, value))
    for kind, thing, value in changes:
        detail = {"name": thing.name, "name_en": [thing.name_en, value]}
        thing.name_en = value
        audit.record(f"{kind}.english_name_changed", kind, thing.id, actor=actor, detail=detail)
    db.session.flush()
    return len(changes)

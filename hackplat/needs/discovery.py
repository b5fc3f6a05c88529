"""Finding needs: the /needs list's orders and its department filter, grouped the way
the city is organised (局 with their 課, then 区役所 with theirs).

Bureaus and wards keep the order they were entered in (the city's own order, as the
demo and an administrator enter them); each is followed by its sections. A bureau or
ward chosen in the filter also finds its sections' needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, or_, select

from hackplat.forms import SelectChoice
from hackplat.models import Department, DepartmentKind, Need
from hackplat.names import local_name

NEWEST, DEADLINE = "newest", "deadline"
SORT_LABELS = {NEWEST: _l("新着順"), DEADLINE: _l("締切が近い順")}
GROUP_LABELS = {DepartmentKind.BUREAU: _l("局・本部"), DepartmentKind.WARD: _l("区役所")}


def ordered_departments(departments: Iterable[Department]) -> list[tuple[DepartmentKind, Department]]:
    """Bureaus then wards, in the order entered, each followed by its sections; a
    section whose parent is missing (or not a bureau or ward) comes under "局・本部"."""
    listed = sorted(departments, key=lambda d: d.id)
    children: dict[int, list[Department]] = {}
    for department in listed:
        if department.kind is DepartmentKind.SECTION and department.parent_id is not None:
            children.setdefault(department.parent_id, []).append(department)
    tops = [d for d in listed if d.kind is not DepartmentKind.SECTION]
    placed = {d.id for d in tops} | {c.id for top in tops for c in children.get(top.id, [])}
    rows: list[tuple[DepartmentKind, Department]] = []
    for kind in (DepartmentKind.BUREAU, DepartmentKind.WARD):
        for top in (d for d in tops if d.kind is kind):
            rows += [(kind, top), *((kind, child) for child in children.get(top.id, []))]
    rows += [(DepartmentKind.BUREAU, d) for d in listed if d.id not in placed]
    return rows


def department_choices(departments: Iterable[Department], blank: str) -> list[SelectChoice]:
    """The filter's options: ``blank`` (0), then one ``<optgroup>`` per kind; a section
    is indented under its bureau or ward."""
    options = [SelectChoice(0, blank)]
    for kind, department in ordered_departments(departments):
        label = local_name(department)
        if department.kind is DepartmentKind.SECTION:
            label = f"\u3000{label}"  # an ideographic space: the section under its parent
        options.append(SelectChoice(department.id, label, optgroup=str(GROUP_LABELS[kind])))
    return options


def in_department(department_id: int) -> ColumnElement[bool]:
    """The department's needs and its sections': one IN over the (department_id, status)
    index (an OR of the two left the planner only the status index)."""
    itself_and_sections = select(Department.id).where(
        or_(Department.id == department_id, Department.parent_id == department_id)
    )
    return Need.department_id.in_(itself_and_sections)


def sort_order(sort: str, today: date) -> list[ColumnElement[Any]]:
    """``newest``: last published first; ``deadline``: the nearest deadline still ahead
    first, then those passed (the latest first), then those without one."""
    if sort != DEADLINE:
        return [Need.published_at.desc(), Need.id.desc()]
    upcoming = Need.deadline >= today
    return [
        case((upcoming, 0), (Need.deadline.is_not(None), 1), else_=2),
        case((upcoming, Need.deadline)).asc(),
        Need.deadline.desc(),
        Need.id.desc(),
    ]

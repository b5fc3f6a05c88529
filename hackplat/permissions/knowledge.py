"""Knowledge cases: written by the programme office, public once published."""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from hackplat.models import Actor, CaseStatus, KnowledgeCase
from hackplat.permissions.roles import is_coordinator


def can_edit_case(user: Actor) -> bool:
    """Draft, edit and publish cases: the programme office."""
    return is_coordinator(user)


def can_view_case(user: Actor, case: KnowledgeCase) -> bool:
    return case.status is CaseStatus.PUBLISHED or can_edit_case(user)


def visible_cases(user: Actor) -> ColumnElement[bool]:
    """The cases ``can_view_case`` lets ``user`` see, as a WHERE clause (``visible_cases(None)``:
    the public library)."""
    return true() if can_edit_case(user) else KnowledgeCase.status == CaseStatus.PUBLISHED

"""Startup-friendly needs first on /needs for a startup's members (#17 item 3). Kept
apart from services.py so that the needs list imports nothing but the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case

from hackplat.models import Actor, Need, NeedStatus, Role


def is_startup_member(user: Actor) -> bool:
    """A signed-in member of an organisation flagged as a startup."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role is not Role.MEMBER:
        return False
    return user.organisation is not None and user.organisation.is_startup


def startup_first(status: NeedStatus | None) -> ColumnElement[Any]:
    """The first sort key of /needs for a startup's member: startup-friendly open needs
    first, the others after, each part in the chosen order. On the list of open needs
    (its default) it is the plain column, so that ix_needs_status_startup_published_at
    serves the order."""
    if status is NeedStatus.OPEN:
        return Need.startup_support.desc()
    friendly_open = and_(Need.startup_support.is_(True), Need.status == NeedStatus.OPEN)
    return case((friendly_open, 0), else_=1)

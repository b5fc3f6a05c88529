"""Startup support (#17 item 3): who mentors the startups' proposals."""

from __future__ import annotations

from hackplat.models import Actor
from hackplat.permissions.roles import is_coordinator


def can_mentor_startups(user: Actor) -> bool:
    """Coordinators (and admins) take and close the startups' mentoring requests."""
    return is_coordinator(user)

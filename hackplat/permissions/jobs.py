"""Jobs of the queue: their pages are the programme office's, which runs the matcher
(a job's page shows who asked for it and what it did)."""

from __future__ import annotations

from hackplat.models import Actor
from hackplat.permissions.roles import is_coordinator


def can_view_job(user: Actor) -> bool:
    """Coordinators and admins; checked before the job is looked up, so that nobody
    else learns which job ids exist."""
    return is_coordinator(user)

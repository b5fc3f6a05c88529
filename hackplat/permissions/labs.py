"""Co-creation labs: data the programme office keeps. Every lab page is public; what it
lists goes no further than what its viewer may see elsewhere (hackplat/labs/queries.py)."""

from __future__ import annotations

from hackplat.models import Actor
from hackplat.permissions.roles import is_coordinator


def can_edit_lab(user: Actor) -> bool:
    """Create and edit labs, and put a working group or a pilot in one: the programme
    office. (A need's lab is set on the need's form, by whoever may edit the need.)"""
    return is_coordinator(user)

"""The matcher: its ranking is read by a need's department and the programme office,
run and tuned by the office. Which seeds a reader sees in it is ``visible_seeds``."""

from __future__ import annotations

from hackplat.models import Actor, Need
from hackplat.permissions.needs import can_see_proposals_of
from hackplat.permissions.roles import is_coordinator


def can_see_suggestions(user: Actor, need: Need) -> bool:
    """Ranked seeds on a need's page: its department's staff and the programme office."""
    return can_see_proposals_of(user, need)


def can_give_match_feedback(user: Actor) -> bool:
    return is_coordinator(user)


def can_manage_matcher(user: Actor) -> bool:
    """Edit the synonym table and rebuild the ranking."""
    return is_coordinator(user)

"""Seeds: an organisation's own; private ones for it and the programme office only."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from hackplat.models import Actor, Seed
from hackplat.permissions.roles import equals_if_known, is_coordinator, is_member, is_member_of, own_organisation_id


def can_create_seed(user: Actor) -> bool:
    return is_member(user)


def can_view_seed(user: Actor, seed: Seed) -> bool:
    return seed.is_public or is_member_of(user, seed.organisation_id) or is_coordinator(user)


def visible_seeds(user: Actor) -> ColumnElement[bool]:
    """The seeds ``can_view_seed`` lets ``user`` see, as a WHERE clause (``visible_seeds(None)``:
    the public seeds)."""
    if is_coordinator(user):
        return true()
    return or_(Seed.is_public.is_(True), editable_seeds(user))


def can_edit_seed(user: Actor, seed: Seed) -> bool:
    return is_member_of(user, seed.organisation_id)


def editable_seeds(user: Actor) -> ColumnElement[bool]:
    """The seeds ``can_edit_seed`` lets ``user`` edit (their organisation's), as a WHERE clause."""
    return equals_if_known(Seed.organisation_id, own_organisation_id(user))

"""Pilots: created by the programme office, co-run with the department, seen by the
implementing organisation too."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from hackplat.models import Actor, Pilot
from hackplat.permissions.roles import (
    equals_if_known,
    is_coordinator,
    is_member_of,
    is_staff_of,
    own_department_id,
    own_organisation_id,
)


def can_create_pilot(user: Actor) -> bool:
    return is_coordinator(user)


def can_view_pilot(user: Actor, pilot: Pilot) -> bool:
    return is_coordinator(user) or is_staff_of(user, pilot.department_id) or is_member_of(user, pilot.organisation_id)


def visible_pilots(user: Actor) -> ColumnElement[bool]:
    """The pilots ``can_view_pilot`` lets ``user`` see, as a WHERE clause (served by the
    (department_id, stage) and (organisation_id, stage) indexes)."""
    if is_coordinator(user):
        return true()
    return or_(
        equals_if_known(Pilot.department_id, own_department_id(user)),
        equals_if_known(Pilot.organisation_id, own_organisation_id(user)),
    )


def can_manage_pilot(user: Actor, pilot: Pilot) -> bool:
    """Stages, milestones and KPIs: the department co-runs its pilots with the office."""
    return is_coordinator(user) or is_staff_of(user, pilot.department_id)


def can_propose_measurement(user: Actor, pilot: Pilot) -> bool:
    """Measured minutes are entered by the implementing organisation's members."""
    return is_member_of(user, pilot.organisation_id)


def can_confirm_measurement(user: Actor, pilot: Pilot) -> bool:
    """…and count once the department (its staff, or the programme office) confirms them."""
    return can_manage_pilot(user, pilot)

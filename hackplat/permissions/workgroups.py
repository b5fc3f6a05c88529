"""Working groups: formed and run by the programme office, read by the need's department
and by the organisations invited to them."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true

from hackplat.models import Actor, MembershipStatus, Need, WorkingGroup, WorkingGroupMembership
from hackplat.permissions.roles import (
    equals_if_known,
    is_coordinator,
    is_member,
    is_member_of,
    is_staff_of,
    own_department_id,
    own_organisation_id,
)

#: The memberships that show an organisation a group: an open invitation, or its place in it.
SEEN_BY_MEMBERS = (MembershipStatus.INVITED, MembershipStatus.ACCEPTED)


def can_form_working_group(user: Actor) -> bool:
    return is_coordinator(user)


def can_manage_working_group(user: Actor, group: WorkingGroup) -> bool:
    """Invite organisations, start and conclude the group: the programme office."""
    return is_coordinator(user)


def membership_of(user: Actor, group: WorkingGroup) -> WorkingGroupMembership | None:
    if not is_member(user):
        return None
    return next((m for m in group.memberships if m.organisation_id == user.organisation_id), None)


def is_group_member(user: Actor, group: WorkingGroup) -> bool:
    """An organisation that accepted its invitation (a declined one has no access)."""
    membership = membership_of(user, group)
    return membership is not None and membership.status is MembershipStatus.ACCEPTED


def can_read_group_records(user: Actor, group: WorkingGroup) -> bool:
    """The group's activity records: its members, the need's department, coordinators."""
    return is_coordinator(user) or is_staff_of(user, group.need.department_id) or is_group_member(user, group)


def can_add_group_record(user: Actor, group: WorkingGroup) -> bool:
    return can_read_group_records(user, group)


def can_view_working_group(user: Actor, group: WorkingGroup) -> bool:
    """The group's page: those who read its records, and an organisation still deciding
    on its invitation (it sees the group, not the records)."""
    membership = membership_of(user, group)
    invited = membership is not None and membership.status is MembershipStatus.INVITED
    return can_read_group_records(user, group) or invited


def visible_groups(user: Actor) -> ColumnElement[bool]:
    """The groups ``can_view_working_group`` lets ``user`` see, as a WHERE clause: all for
    the programme office, those on the department's needs for its staff, those its
    organisation is invited to or in for a member (served by the memberships'
    (organisation_id, status) index)."""
    if is_coordinator(user):
        return true()
    department_id, organisation_id = own_department_id(user), own_organisation_id(user)
    if department_id is not None:
        return WorkingGroup.need_id.in_(select(Need.id).where(Need.department_id == department_id))
    if organisation_id is None:
        return false()
    memberships = select(WorkingGroupMembership.group_id).where(
        WorkingGroupMembership.organisation_id == organisation_id, WorkingGroupMembership.status.in_(SEEN_BY_MEMBERS)
    )
    return WorkingGroup.id.in_(memberships)


def can_respond_to_invitation(user: Actor, membership: WorkingGroupMembership) -> bool:
    return is_member_of(user, membership.organisation_id)


def answerable_memberships(user: Actor) -> ColumnElement[bool]:
    """The memberships ``can_respond_to_invitation`` lets ``user`` answer (their
    organisation's), as a WHERE clause."""
    return equals_if_known(WorkingGroupMembership.organisation_id, own_organisation_id(user))

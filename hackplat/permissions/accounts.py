"""Organisations, users, departments and the programme's targets: the programme office
reviews organisations, administrators manage people and targets."""

from __future__ import annotations

from hackplat.models import Actor, Organisation, OrganisationStatus, User
from hackplat.permissions.roles import is_admin, is_coordinator, is_member_of


def can_review_organisations(user: Actor) -> bool:
    return is_coordinator(user)


def can_view_organisation(user: Actor, organisation: Organisation) -> bool:
    return is_coordinator(user) or is_member_of(user, organisation.id)


def can_edit_organisation_profile(user: Actor, organisation: Organisation) -> bool:
    return is_member_of(user, organisation.id)


def can_view_organisation_profile(_user: Actor, organisation: Organisation) -> bool:
    """The public track record page: anyone, once the organisation is approved and its
    members switched the page on (opt-in); nobody otherwise, members included."""
    return organisation.status is OrganisationStatus.APPROVED and bool(organisation.profile_public)


def can_view_colleagues(user: Actor, organisation: Organisation) -> bool:
    """The organisation's member list: its members, and the office."""
    return is_coordinator(user) or is_member_of(user, organisation.id)


def can_manage_colleagues(user: Actor, organisation: Organisation) -> bool:
    """Invite, revoke, approve or decline a join request, leave: only its own members (a
    member waiting for approval cannot sign in, so is never asked here)."""
    return is_member_of(user, organisation.id)


def can_manage_users(user: Actor) -> bool:
    return is_admin(user)


def can_manage_departments(user: Actor) -> bool:
    return is_admin(user)


def can_change_role(user: Actor, target: User) -> bool:
    """Admins change others' roles; never their own, so the last admin cannot lock all out."""
    return is_admin(user) and user.id != target.id


def can_view_dashboard(user: Actor) -> bool:
    return is_coordinator(user)


def can_edit_targets(user: Actor) -> bool:
    return is_admin(user)

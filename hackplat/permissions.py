"""Who may do what: small predicates, used by services (which enforce them) and by
templates (which only hide what would be refused anyway). Deny by default: a predicate
says yes only for the cases it names."""

from __future__ import annotations

from typing import TypeGuard

from flask_babel import gettext as _

from hackplat.errors import PermissionDenied
from hackplat.models import (
    Actor,
    CaseStatus,
    KnowledgeCase,
    MembershipStatus,
    Need,
    NeedStatus,
    Organisation,
    Pilot,
    Proposal,
    ProposalStatus,
    Role,
    Seed,
    User,
    WorkingGroup,
    WorkingGroupMembership,
)


def _role(user: Actor) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def is_signed_in(user: Actor) -> TypeGuard[User]:
    return _role(user) is not None


def is_member(user: Actor) -> TypeGuard[User]:
    return _role(user) is Role.MEMBER


def is_staff(user: Actor) -> TypeGuard[User]:
    return _role(user) is Role.STAFF


def is_coordinator(user: Actor) -> TypeGuard[User]:
    """Coordinators, and admins, who may do all that coordinators may."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def is_admin(user: Actor) -> TypeGuard[User]:
    return _role(user) is Role.ADMIN


def can_review_organisations(user: Actor) -> bool:
    return is_coordinator(user)


def can_view_organisation(user: Actor, organisation: Organisation) -> bool:
    if is_coordinator(user):
        return True
    return is_member(user) and user.organisation_id == organisation.id


def can_manage_users(user: Actor) -> bool:
    return is_admin(user)


def can_manage_departments(user: Actor) -> bool:
    return is_admin(user)


def can_change_role(user: Actor, target: User) -> bool:
    """Admins change others' roles; never their own, so the last admin cannot lock all out."""
    return is_admin(user) and user.id != target.id


def is_member_of(user: Actor, organisation_id: int | None) -> bool:
    return is_member(user) and organisation_id is not None and user.organisation_id == organisation_id


def is_staff_of(user: Actor, department_id: int | None) -> bool:
    return is_staff(user) and department_id is not None and user.department_id == department_id


def can_edit_organisation_profile(user: Actor, organisation: Organisation) -> bool:
    return is_member_of(user, organisation.id)


# --- needs: the department's staff write them; coordinators support every department ---


def can_create_need(user: Actor) -> bool:
    return is_staff(user) or is_coordinator(user)


def can_view_need(user: Actor, need: Need) -> bool:
    """Drafts are seen only by those who may edit them, and so is a draft closed before it
    was ever published; every other need is public."""
    published = need.status is not NeedStatus.DRAFT and need.published_at is not None
    return published or can_edit_need(user, need)


def can_edit_need(user: Actor, need: Need) -> bool:
    return is_staff_of(user, need.department_id) or is_coordinator(user)


def can_see_proposals_of(user: Actor, need: Need) -> bool:
    return is_staff_of(user, need.department_id) or is_coordinator(user)


# --- seeds: an organisation's own; private ones for it and the programme office only ---


def can_create_seed(user: Actor) -> bool:
    return is_member(user)


def can_view_seed(user: Actor, seed: Seed) -> bool:
    return seed.is_public or is_member_of(user, seed.organisation_id) or is_coordinator(user)


def can_edit_seed(user: Actor, seed: Seed) -> bool:
    return is_member_of(user, seed.organisation_id)


# --- proposals ---


def can_propose(user: Actor) -> bool:
    """Members of approved organisations (a signed-in member's organisation is approved)."""
    return is_member(user)


def can_view_proposal(user: Actor, proposal: Proposal) -> bool:
    """The proposer's organisation always; the need's department and coordinators once
    it has been submitted (a draft is the organisation's own business)."""
    if is_member_of(user, proposal.organisation_id):
        return True
    return proposal.status is not ProposalStatus.DRAFT and can_see_proposals_of(user, proposal.need)


def can_edit_proposal(user: Actor, proposal: Proposal) -> bool:
    return is_member_of(user, proposal.organisation_id)


def can_decide_proposal(user: Actor, proposal: Proposal) -> bool:
    """Shortlist, decline or select: the need's department staff and coordinators."""
    return proposal.status is not ProposalStatus.DRAFT and can_see_proposals_of(user, proposal.need)


# --- the matcher ---


def can_see_suggestions(user: Actor, need: Need) -> bool:
    """Ranked seeds on a need's page: its department's staff and the programme office."""
    return can_see_proposals_of(user, need)


def can_give_match_feedback(user: Actor) -> bool:
    return is_coordinator(user)


def can_manage_matcher(user: Actor) -> bool:
    """Edit the synonym table and rebuild the ranking."""
    return is_coordinator(user)


# --- working groups (hackplat/workgroups) ---


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


def can_respond_to_invitation(user: Actor, membership: WorkingGroupMembership) -> bool:
    return is_member_of(user, membership.organisation_id)


# --- evaluations (hackplat/evaluations) ---


def can_evaluate_proposal(user: Actor, proposal: Proposal) -> bool:
    """The need's department staff and coordinators score shortlisted proposals."""
    return can_evaluate_for(user, proposal.need)


def can_evaluate_for(user: Actor, need: Need) -> bool:
    """The need's evaluation table and its "select" decision: the same people."""
    return can_see_proposals_of(user, need)


# --- pilots (hackplat/pilots) ---


def can_create_pilot(user: Actor) -> bool:
    return is_coordinator(user)


def can_view_pilot(user: Actor, pilot: Pilot) -> bool:
    return is_coordinator(user) or is_staff_of(user, pilot.department_id) or is_member_of(user, pilot.organisation_id)


def can_manage_pilot(user: Actor, pilot: Pilot) -> bool:
    """Stages, milestones and KPIs: the department co-runs its pilots with the office."""
    return is_coordinator(user) or is_staff_of(user, pilot.department_id)


# --- knowledge cases (hackplat/knowledge) ---


def can_edit_case(user: Actor) -> bool:
    """Draft, edit and publish cases: the programme office."""
    return is_coordinator(user)


def can_view_case(user: Actor, case: KnowledgeCase) -> bool:
    return case.status is CaseStatus.PUBLISHED or can_edit_case(user)


# --- programme targets (hackplat/dashboard) ---


def can_view_dashboard(user: Actor) -> bool:
    return is_coordinator(user)


def can_edit_targets(user: Actor) -> bool:
    return is_admin(user)


def require(allowed: bool) -> None:
    """Raise ``PermissionDenied`` unless ``allowed``; services call this first."""
    if not allowed:
        raise PermissionDenied(_("この操作を行う権限がありません。"))


#: What templates may ask (``can.review_organisations(current_user)``).
TEMPLATE_PREDICATES = {
    name.removeprefix("can_"): fn
    for name, fn in list(globals().items())
    if name.startswith(("can_", "is_")) and callable(fn)
}

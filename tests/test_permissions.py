"""The permission predicates themselves, without the database: every public predicate of
hackplat.permissions × every kind of person × the states of the object it is asked about.

Each row of the tables says who may; everyone else may not. People and objects are plain
model instances (ids set by hand), so the whole table runs in well under a second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest
from flask_login import AnonymousUserMixin

from hackplat import permissions as p
from hackplat.errors import PermissionDenied
from hackplat.models import (
    Actor,
    CaseStatus,
    KnowledgeCase,
    MembershipStatus,
    Need,
    NeedStatus,
    Organisation,
    OrganisationStatus,
    Pilot,
    ProjectSupport,
    Proposal,
    ProposalStatus,
    Question,
    Role,
    RollOutInterest,
    Seed,
    SupportRequest,
    User,
    WorkingGroup,
    WorkingGroupMembership,
)

ORG_A, ORG_B = 1, 2  # two organisations
DEPT_X, DEPT_Y = 10, 20  # two departments
ADMIN_ID = 6
NOW = datetime(2025, 4, 1, tzinfo=UTC)


def _user(user_id: int, role: Role, *, organisation: int | None = None, department: int | None = None,
          active: bool = True) -> User:  # fmt: skip
    return User(id=user_id, role=role, organisation_id=organisation, department_id=department, active=active)


#: Everyone who may ask, by name: nobody, an anonymous visitor, a deactivated member (not
#: signed in as far as permissions go), members of A and B, staff of X and Y, the office.
PEOPLE: dict[str, Callable[[], Actor]] = {
    "none": lambda: None,
    "anonymous": AnonymousUserMixin,
    "inactive": lambda: _user(9, Role.MEMBER, organisation=ORG_A, active=False),
    "member_a": lambda: _user(1, Role.MEMBER, organisation=ORG_A),
    "member_b": lambda: _user(2, Role.MEMBER, organisation=ORG_B),
    "staff_x": lambda: _user(3, Role.STAFF, department=DEPT_X),
    "staff_y": lambda: _user(4, Role.STAFF, department=DEPT_Y),
    "coordinator": lambda: _user(5, Role.COORDINATOR),
    "admin": lambda: _user(ADMIN_ID, Role.ADMIN),
}
NOBODY: frozenset[str] = frozenset()
EVERYONE = frozenset(PEOPLE)
OFFICE = frozenset({"coordinator", "admin"})
ADMIN = frozenset({"admin"})
MEMBERS = frozenset({"member_a", "member_b"})
STAFF = frozenset({"staff_x", "staff_y"})
SIGNED_IN = MEMBERS | STAFF | OFFICE


def who(*names: str) -> frozenset[str]:
    return frozenset(names)


@pytest.fixture(autouse=True)
def app_context() -> None:
    """No database here: replaces the suite's fixture, which empties every table after
    each test."""


# --- the objects asked about ---


def need(status: NeedStatus, department: int, *, published: bool = True) -> Need:
    return Need(status=status, department_id=department, published_at=NOW if published else None)


def public_profile(status: OrganisationStatus, *, on: bool = True) -> Organisation:
    """Organisation A with its track record page switched on (or off)."""
    return Organisation(id=ORG_A, status=status, profile_public=on)


def seed(organisation: int, *, public: bool) -> Seed:
    return Seed(organisation_id=organisation, is_public=public)


def proposal(status: ProposalStatus, organisation: int, department: int) -> Proposal:
    return Proposal(status=status, organisation_id=organisation, need=need(NeedStatus.OPEN, department))


def question(organisation: int, department: int, *, to_proposer: bool = False, answered: bool = False,
             public: bool = False) -> Question:  # fmt: skip
    """A question of (or, ``to_proposer``, to) ``organisation`` on a need of ``department``."""
    on = need(NeedStatus.OPEN, department)
    asked = Proposal(status=ProposalStatus.SUBMITTED, organisation_id=organisation, need=on) if to_proposer else None
    return Question(organisation_id=organisation, need=on, proposal=asked, is_public=public,
                    answered_at=NOW if answered else None)  # fmt: skip


def awaiting_case() -> KnowledgeCase:
    """A case awaiting consent, of a pilot of department X run by organisation A."""
    pilot = Pilot(department_id=DEPT_X, organisation_id=ORG_A)
    return KnowledgeCase(status=CaseStatus.AWAITING_CONSENT, pilot=pilot)


def group(department: int, members: dict[int, MembershipStatus]) -> WorkingGroup:
    memberships = [WorkingGroupMembership(organisation_id=o, status=s) for o, s in members.items()]
    return WorkingGroup(need=need(NeedStatus.WORKING_GROUP, department), memberships=memberships)


#: Group on X: A is in it, B is invited. Group on Y: A declined, B is in it.
GROUP_X = group(DEPT_X, {ORG_A: MembershipStatus.ACCEPTED, ORG_B: MembershipStatus.INVITED})
GROUP_Y = group(DEPT_Y, {ORG_A: MembershipStatus.DECLINED, ORG_B: MembershipStatus.ACCEPTED})
EMPTY_GROUP = group(DEPT_X, {})


class Case(NamedTuple):
    predicate: Callable[..., bool]
    state: str  # what the object is, for the test's id
    subject: Any  # the object asked about; NO_SUBJECT for predicates of the user alone
    allowed: frozenset[str]


NO_SUBJECT = object()
S = ProposalStatus
CASES = [
    # who is signed in, and as what
    Case(p.is_signed_in, "-", NO_SUBJECT, SIGNED_IN),
    Case(p.is_member, "-", NO_SUBJECT, MEMBERS),
    Case(p.is_staff, "-", NO_SUBJECT, STAFF),
    Case(p.is_coordinator, "-", NO_SUBJECT, OFFICE),
    Case(p.is_admin, "-", NO_SUBJECT, ADMIN),
    Case(p.is_member_of, "org_a", ORG_A, who("member_a")),
    Case(p.is_member_of, "no_org", None, NOBODY),
    Case(p.is_staff_of, "dept_x", DEPT_X, who("staff_x")),
    Case(p.is_staff_of, "no_dept", None, NOBODY),
    # organisations, people, targets
    Case(p.can_review_organisations, "-", NO_SUBJECT, OFFICE),
    Case(p.can_view_organisation, "org_a", Organisation(id=ORG_A), OFFICE | who("member_a")),
    Case(p.can_edit_organisation_profile, "org_b", Organisation(id=ORG_B), who("member_b")),
    Case(p.can_view_organisation_profile, "approved_public", public_profile(OrganisationStatus.APPROVED), EVERYONE),
    Case(p.can_view_organisation_profile, "approved_off", public_profile(OrganisationStatus.APPROVED, on=False),
         NOBODY),  # fmt: skip
    Case(p.can_view_organisation_profile, "pending_public", public_profile(OrganisationStatus.PENDING), NOBODY),
    Case(p.can_view_colleagues, "org_a", Organisation(id=ORG_A), OFFICE | who("member_a")),
    Case(p.can_manage_colleagues, "org_a", Organisation(id=ORG_A), who("member_a")),
    Case(p.can_manage_colleagues, "org_b", Organisation(id=ORG_B), who("member_b")),
    Case(p.can_manage_users, "-", NO_SUBJECT, ADMIN),
    Case(p.can_manage_departments, "-", NO_SUBJECT, ADMIN),
    Case(p.can_change_role, "someone_else", User(id=99, role=Role.STAFF), ADMIN),
    Case(p.can_change_role, "the_admin_self", User(id=ADMIN_ID, role=Role.ADMIN), NOBODY),
    Case(p.can_view_dashboard, "-", NO_SUBJECT, OFFICE),
    Case(p.can_edit_targets, "-", NO_SUBJECT, ADMIN),
    # needs
    Case(p.can_create_need, "-", NO_SUBJECT, STAFF | OFFICE),
    Case(p.can_view_need, "draft_x", need(NeedStatus.DRAFT, DEPT_X, published=False), OFFICE | who("staff_x")),
    Case(p.can_view_need, "open_x", need(NeedStatus.OPEN, DEPT_X), EVERYONE),
    Case(p.can_view_need, "working_group_y", need(NeedStatus.WORKING_GROUP, DEPT_Y), EVERYONE),
    Case(p.can_view_need, "resolved_y", need(NeedStatus.RESOLVED, DEPT_Y), EVERYONE),
    Case(p.can_view_need, "closed_x", need(NeedStatus.CLOSED, DEPT_X), EVERYONE),
    Case(p.can_view_need, "closed_unpublished_y", need(NeedStatus.CLOSED, DEPT_Y, published=False),
         OFFICE | who("staff_y")),  # fmt: skip
    Case(p.can_edit_need, "draft_x", need(NeedStatus.DRAFT, DEPT_X, published=False), OFFICE | who("staff_x")),
    Case(p.can_edit_need, "closed_y", need(NeedStatus.CLOSED, DEPT_Y), OFFICE | who("staff_y")),
    Case(p.can_see_proposals_of, "open_x", need(NeedStatus.OPEN, DEPT_X), OFFICE | who("staff_x")),
    Case(p.can_see_need_contact, "open_x", need(NeedStatus.OPEN, DEPT_X), SIGNED_IN),
    # seeds
    Case(p.can_create_seed, "-", NO_SUBJECT, MEMBERS),
    Case(p.can_view_seed, "public_a", seed(ORG_A, public=True), EVERYONE),
    Case(p.can_view_seed, "private_a", seed(ORG_A, public=False), OFFICE | who("member_a")),
    Case(p.can_view_seed, "private_b", seed(ORG_B, public=False), OFFICE | who("member_b")),
    Case(p.can_edit_seed, "public_a", seed(ORG_A, public=True), who("member_a")),
    Case(p.can_edit_seed, "private_b", seed(ORG_B, public=False), who("member_b")),
    # proposals and their evaluation
    Case(p.can_propose, "-", NO_SUBJECT, MEMBERS),
    Case(p.can_view_proposal, "draft_a_x", proposal(S.DRAFT, ORG_A, DEPT_X), who("member_a")),
    *(Case(p.can_view_proposal, f"{status.value}_a_x", proposal(status, ORG_A, DEPT_X),
           OFFICE | who("member_a", "staff_x"))
      for status in ProposalStatus if status is not S.DRAFT),  # fmt: skip
    Case(p.can_view_proposal, "withdrawn_b_y", proposal(S.WITHDRAWN, ORG_B, DEPT_Y), OFFICE | who("member_b", "staff_y")),
    Case(p.can_edit_proposal, "draft_a_x", proposal(S.DRAFT, ORG_A, DEPT_X), who("member_a")),
    Case(p.can_edit_proposal, "submitted_b_y", proposal(S.SUBMITTED, ORG_B, DEPT_Y), who("member_b")),
    Case(p.can_decide_proposal, "draft_a_x", proposal(S.DRAFT, ORG_A, DEPT_X), NOBODY),
    Case(p.can_decide_proposal, "shortlisted_a_x", proposal(S.SHORTLISTED, ORG_A, DEPT_X), OFFICE | who("staff_x")),
    Case(p.can_decide_proposal, "submitted_b_y", proposal(S.SUBMITTED, ORG_B, DEPT_Y), OFFICE | who("staff_y")),
    Case(p.can_evaluate_proposal, "shortlisted_a_x", proposal(S.SHORTLISTED, ORG_A, DEPT_X), OFFICE | who("staff_x")),
    Case(p.can_evaluate_for, "open_y", need(NeedStatus.OPEN, DEPT_Y), OFFICE | who("staff_y")),
    # questions and answers
    Case(p.can_ask_question, "open_x", need(NeedStatus.OPEN, DEPT_X), MEMBERS),
    Case(p.can_ask_question, "draft_x", need(NeedStatus.DRAFT, DEPT_X, published=False), NOBODY),
    Case(p.can_ask_proposer, "submitted_a_x", proposal(S.SUBMITTED, ORG_A, DEPT_X), OFFICE | who("staff_x")),
    Case(p.can_ask_proposer, "draft_a_x", proposal(S.DRAFT, ORG_A, DEPT_X), NOBODY),
    Case(p.can_view_question, "waiting_a_x", question(ORG_A, DEPT_X), OFFICE | who("member_a", "staff_x")),
    Case(p.can_view_question, "private_b_y", question(ORG_B, DEPT_Y, answered=True), OFFICE | who("member_b", "staff_y")),
    Case(p.can_view_question, "published_a_x", question(ORG_A, DEPT_X, answered=True, public=True), EVERYONE),
    Case(p.can_view_question, "to_proposer_b_x", question(ORG_B, DEPT_X, to_proposer=True), OFFICE | who("member_b", "staff_x")),
    Case(p.can_answer_question, "on_need_a_x", question(ORG_A, DEPT_X), OFFICE | who("staff_x")),
    Case(p.can_answer_question, "to_proposer_a_x", question(ORG_A, DEPT_X, to_proposer=True), who("member_a")),
    Case(p.can_edit_question, "on_need_b_x", question(ORG_B, DEPT_X), who("member_b")),
    Case(p.can_edit_question, "to_proposer_a_y", question(ORG_A, DEPT_Y, to_proposer=True), OFFICE | who("staff_y")),
    # the matcher
    Case(p.can_see_suggestions, "open_y", need(NeedStatus.OPEN, DEPT_Y), OFFICE | who("staff_y")),
    Case(p.can_give_match_feedback, "-", NO_SUBJECT, OFFICE),
    Case(p.can_manage_matcher, "-", NO_SUBJECT, OFFICE),
    Case(p.can_view_job, "-", NO_SUBJECT, OFFICE),
    # startup support
    Case(p.can_mentor_startups, "-", NO_SUBJECT, OFFICE),
    # support requests (a request of department X)
    Case(p.can_open_support_request, "-", NO_SUBJECT, STAFF),
    Case(p.can_view_support_request, "of_x", SupportRequest(department_id=DEPT_X), STAFF | OFFICE),
    Case(p.can_join_support_request, "of_x", SupportRequest(department_id=DEPT_X), who("staff_y")),
    Case(p.can_withdraw_support_request, "of_x", SupportRequest(department_id=DEPT_X), who("staff_x")),
    Case(p.can_triage_support_requests, "-", NO_SUBJECT, OFFICE),
    Case(p.can_draft_need_from_request, "of_y", SupportRequest(department_id=DEPT_Y), OFFICE | who("staff_y")),
    # the search and project paths (project support of a pilot of X run by A): the office
    # runs them; city accounts and A read the support; the office and X check in
    Case(p.can_run_support_paths, "-", NO_SUBJECT, OFFICE),
    Case(p.can_view_project_support, "x_a", ProjectSupport(pilot=Pilot(department_id=DEPT_X, organisation_id=ORG_A)),
         STAFF | OFFICE | who("member_a")),
    Case(p.can_check_in, "x_a", ProjectSupport(pilot=Pilot(department_id=DEPT_X, organisation_id=ORG_A)),
         OFFICE | who("staff_x")),
    # working groups
    Case(p.can_form_working_group, "-", NO_SUBJECT, OFFICE),
    Case(p.can_manage_working_group, "group_x", GROUP_X, OFFICE),
    Case(p.is_group_member, "group_x", GROUP_X, who("member_a")),
    Case(p.is_group_member, "group_y", GROUP_Y, who("member_b")),
    Case(p.can_read_group_records, "group_x", GROUP_X, OFFICE | who("member_a", "staff_x")),
    Case(p.can_read_group_records, "group_y", GROUP_Y, OFFICE | who("member_b", "staff_y")),
    Case(p.can_add_group_record, "group_x", GROUP_X, OFFICE | who("member_a", "staff_x")),
    Case(p.can_view_working_group, "group_x", GROUP_X, OFFICE | who("member_a", "member_b", "staff_x")),
    Case(p.can_view_working_group, "group_y", GROUP_Y, OFFICE | who("member_b", "staff_y")),
    Case(p.can_view_working_group, "empty_group_x", EMPTY_GROUP, OFFICE | who("staff_x")),
    Case(p.can_respond_to_invitation, "of_a", GROUP_X.memberships[0], who("member_a")),
    Case(p.can_respond_to_invitation, "of_b", GROUP_X.memberships[1], who("member_b")),
    # pilots
    Case(p.can_create_pilot, "-", NO_SUBJECT, OFFICE),
    Case(p.can_view_pilot, "x_a", Pilot(department_id=DEPT_X, organisation_id=ORG_A), OFFICE | who("staff_x", "member_a")),
    Case(p.can_view_pilot, "y_b", Pilot(department_id=DEPT_Y, organisation_id=ORG_B), OFFICE | who("staff_y", "member_b")),
    Case(p.can_manage_pilot, "x_a", Pilot(department_id=DEPT_X, organisation_id=ORG_A), OFFICE | who("staff_x")),
    Case(p.can_propose_measurement, "x_a", Pilot(department_id=DEPT_X, organisation_id=ORG_A), who("member_a")),
    Case(p.can_confirm_measurement, "x_a", Pilot(department_id=DEPT_X, organisation_id=ORG_A),
         OFFICE | who("staff_x")),
    # knowledge cases
    Case(p.can_edit_case, "-", NO_SUBJECT, OFFICE),
    Case(p.can_view_case, "draft", KnowledgeCase(status=CaseStatus.DRAFT), OFFICE),
    Case(p.can_view_case, "published", KnowledgeCase(status=CaseStatus.PUBLISHED), EVERYONE),
    Case(p.can_view_case, "awaiting_x_a", awaiting_case(), OFFICE | who("staff_x", "member_a")),
    Case(p.can_consent_for_organisation, "x_a", awaiting_case(), who("member_a")),
    Case(p.can_consent_for_department, "x_a", awaiting_case(), who("staff_x")),
    # co-creation labs
    Case(p.can_edit_lab, "-", NO_SUBJECT, OFFICE),
    # internal lessons and roll-out interest: city accounts only, never members (even the
    # pilot's own organisation A) nor the public
    Case(p.can_read_lessons, "-", NO_SUBJECT, STAFF | OFFICE),
    Case(p.can_write_lesson, "x_a", Pilot(department_id=DEPT_X, organisation_id=ORG_A), OFFICE | who("staff_x")),
    Case(p.can_show_interest, "published_x", KnowledgeCase(status=CaseStatus.PUBLISHED, department_id=DEPT_X),
         who("staff_y")),
    Case(p.can_show_interest, "draft_x", KnowledgeCase(status=CaseStatus.DRAFT, department_id=DEPT_X), NOBODY),
    Case(p.can_withdraw_interest, "of_y", RollOutInterest(department_id=DEPT_Y), who("staff_y")),
]  # fmt: skip


def _ask(case: Case, person: str) -> bool:
    user = PEOPLE[person]()
    return case.predicate(user) if case.subject is NO_SUBJECT else case.predicate(user, case.subject)


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.predicate.__name__}-{case.state}")
def test_predicate_answers_as_the_table_says(case: Case, person: str) -> None:
    assert _ask(case, person) is (person in case.allowed)


@pytest.mark.parametrize(
    ("person", "status"),
    [("member_a", MembershipStatus.ACCEPTED), ("member_b", MembershipStatus.INVITED)]
    + [(person, None) for person in PEOPLE if person not in MEMBERS],
)
def test_membership_of_is_the_members_own_organisations(person: str, status: MembershipStatus | None) -> None:
    membership = p.membership_of(PEOPLE[person](), GROUP_X)
    assert (membership.status if membership else None) is status


def test_require_refuses_what_is_not_allowed(app) -> None:
    with app.app_context():
        p.require(True)
        with pytest.raises(PermissionDenied):
            p.require(False)


def test_every_public_predicate_is_in_the_table() -> None:
    """A new predicate must say here who may (the SQL filters are checked against their
    predicates in tests/test_visibility_agreement.py)."""
    predicates = {name for name in p.__all__ if name.startswith(("can_", "is_"))}
    tested = {case.predicate.__name__ for case in CASES}
    assert predicates - tested == set()

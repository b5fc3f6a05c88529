"""Each list filter of hackplat.permissions selects exactly the rows its predicate allows.

The predicates (``can_view_need``) decide one object; the filters (``visible_needs``) say
the same as SQL for the list pages. Over one world with every kind of person and objects
in every state, owned by each organisation and department, the ids each filter selects
must be the ids for which its predicate says yes, for every person.

The world is built once, by one test; each (rule, person) pair is a subtest of its own,
so that a disagreement names the rule and the person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask_login import AnonymousUserMixin
from sqlalchemy import ColumnElement, select

from hackplat import permissions as p
from hackplat.extensions import db
from hackplat.models import (
    Actor,
    CaseStatus,
    KnowledgeCase,
    MembershipStatus,
    Need,
    NeedStatus,
    Organisation,
    Pilot,
    PilotStage,
    Proposal,
    ProposalStatus,
    Role,
    Seed,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.models.questions import Question
from tests.knowledge.conftest import build_case, build_pilot


class Rule(NamedTuple):
    model: Any
    sql: Callable[[Actor], ColumnElement[bool]]
    predicate: Callable[[Actor, Any], bool]


RULES = {
    "visible_needs": Rule(Need, p.visible_needs, p.can_view_need),
    "editable_needs": Rule(Need, p.editable_needs, p.can_edit_need),
    "visible_seeds": Rule(Seed, p.visible_seeds, p.can_view_seed),
    "editable_seeds": Rule(Seed, p.editable_seeds, p.can_edit_seed),
    "visible_proposals": Rule(Proposal, p.visible_proposals, p.can_view_proposal),
    "editable_proposals": Rule(Proposal, p.editable_proposals, p.can_edit_proposal),
    "visible_groups": Rule(WorkingGroup, p.visible_groups, p.can_view_working_group),
    "answerable_memberships": Rule(WorkingGroupMembership, p.answerable_memberships, p.can_respond_to_invitation),
    "visible_pilots": Rule(Pilot, p.visible_pilots, p.can_view_pilot),
    "visible_cases": Rule(KnowledgeCase, p.visible_cases, p.can_view_case),
    "visible_questions": Rule(Question, p.visible_questions, p.can_view_question),
}

#: Memberships of a department's three groups: A in and B invited; A declined and B in; none.
GROUP_MEMBERS: list[dict[str, MembershipStatus]] = [
    {"a": MembershipStatus.ACCEPTED, "b": MembershipStatus.INVITED},
    {"a": MembershipStatus.DECLINED, "b": MembershipStatus.ACCEPTED},
    {},
]


def _people(make_user, departments: dict, organisations: dict) -> dict[str, Actor]:
    inactive = make_user(Role.MEMBER, organisation=organisations["a"])
    inactive.active = False
    return {
        "none": None,
        "anonymous": AnonymousUserMixin(),
        "inactive_member_a": inactive,
        "member_a": make_user(Role.MEMBER, organisation=organisations["a"]),
        "member_b": make_user(Role.MEMBER, organisation=organisations["b"]),
        "staff_x": make_user(Role.STAFF, department=departments["x"]),
        "staff_y": make_user(Role.STAFF, department=departments["y"]),
        "coordinator": make_user(Role.COORDINATOR),
        "admin": make_user(Role.ADMIN),
    }


def _needs(make_need, department) -> list[Need]:
    """One need in each status, and a draft closed before it was ever published."""
    needs = [make_need(department=department, status=status) for status in NeedStatus]
    unpublished = make_need(department=department, status=NeedStatus.CLOSED)
    unpublished.published_at = None
    return needs + [unpublished]


def _proposals(make_proposal, needs: list[Need], organisations: dict) -> list[Proposal]:
    """Each organisation's proposals in every status, spread over the department's needs."""
    statuses = list(ProposalStatus)
    proposals = []
    for n, need in enumerate(needs[: len(statuses)]):
        proposals.append(make_proposal(need, organisations["a"], statuses[n]))
        proposals.append(make_proposal(need, organisations["b"], statuses[(n + 3) % len(statuses)]))
    return proposals


def _groups(needs: list[Need], organisations: dict[str, Organisation]) -> None:
    """Groups on the needs that reached one, in each status, with GROUP_MEMBERS."""
    reached = [need for need in needs if need.status in (NeedStatus.WORKING_GROUP, NeedStatus.PILOTING,
                                                        NeedStatus.RESOLVED)]  # fmt: skip
    for need, status, members in zip(reached, WorkingGroupStatus, GROUP_MEMBERS, strict=True):
        group = WorkingGroup(need=need, name=f"{need.title}のWG", status=status)
        group.memberships = [WorkingGroupMembership(organisation=organisations[key], status=member_status)
                             for key, member_status in members.items()]  # fmt: skip
        db.session.add(group)
    db.session.commit()


def _pilots_and_cases(proposals: list[Proposal]) -> None:
    """A pilot of each selected proposal, with a case in each status in turn."""
    selected = [proposal for proposal in proposals if proposal.status is ProposalStatus.SELECTED]
    for n, proposal in enumerate(selected):
        pilot = build_pilot(proposal, list(PilotStage)[n % len(PilotStage)])
        build_case(pilot, list(CaseStatus)[n % len(CaseStatus)])


def _questions(need: Need, proposals: list[Proposal], organisations: dict[str, Organisation]) -> None:
    """On ``need``: each organisation's question waiting, answered privately and published;
    and a question to each organisation's first proposal."""
    for organisation in organisations.values():
        for answered, public in ((False, False), (True, False), (True, True)):
            db.session.add(Question(need=need, organisation=organisation, body="質問", is_public=public,
                                    answered_at=need.created_at if answered else None))  # fmt: skip
        proposal = next(p for p in proposals if p.organisation_id == organisation.id)
        db.session.add(Question(need=proposal.need, proposal=proposal, organisation=organisation, body="提案者へ"))
    db.session.commit()


def _build_world(make_user, make_organisation, make_department, make_need, make_seed, make_proposal) -> dict:
    departments = {"x": make_department("局X"), "y": make_department("局Y")}
    organisations = {"a": make_organisation("組織A"), "b": make_organisation("組織B")}
    people = _people(make_user, departments, organisations)
    for organisation in organisations.values():
        make_seed(organisation=organisation, is_public=True)
        make_seed(organisation=organisation, is_public=False)
    for department in departments.values():
        needs = _needs(make_need, department)
        proposals = _proposals(make_proposal, needs, organisations)
        _groups(needs, organisations)
        _pilots_and_cases(proposals)
        _questions(needs[1], proposals, organisations)
    db.session.commit()
    return people


def _selected(rule: Rule, user: Actor) -> tuple[set[int], set[int]]:
    """The ids the filter selects, and those the predicate allows."""
    by_sql = set(db.session.scalars(select(rule.model.id).where(rule.sql(user))))
    by_predicate = {row.id for row in db.session.scalars(select(rule.model)) if rule.predicate(user, row)}
    return by_sql, by_predicate


def test_each_filter_selects_what_its_predicate_allows(
    subtests, make_user, make_organisation, make_department, make_need, make_seed, make_proposal
) -> None:
    people = _build_world(make_user, make_organisation, make_department, make_need, make_seed, make_proposal)
    for name, rule in RULES.items():
        seen = set()
        for person, user in people.items():
            by_sql, by_predicate = _selected(rule, user)
            with subtests.test(rule=name, person=person):
                assert by_sql == by_predicate, (
                    f"only by SQL: {by_sql - by_predicate}, only by the predicate: {by_predicate - by_sql}"
                )
            seen.add(frozenset(by_predicate))
        with subtests.test(rule=name, person="(any)"):
            assert len(seen) > 1, "the world must show this rule letting some see more than others"

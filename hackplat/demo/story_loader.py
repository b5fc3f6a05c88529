"""Loads the demo's story (story.py) through the services, as the people in it
acted: the coordinator forms working groups and invites organisations, members answer
and write in their groups, staff and the coordinator evaluate the shortlisted
proposals; then story_pilots.py selects proposals, runs the pilots and writes the cases.

Each act is back-dated to the story's day once the service has done it (timeline.py):
the demo tells the programme's history since FY2022, and the dashboard counts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hackplat.demo import story
from hackplat.demo.data import present
from hackplat.demo.exchange import DemoProposal
from hackplat.demo.timeline import AFTERNOON, EVENING, NOON, at
from hackplat.evaluations.services import Scores, declare_conflict, submit_scores
from hackplat.extensions import db
from hackplat.matching.suggestions import give_feedback
from hackplat.models import (
    FeedbackKind,
    Need,
    Proposal,
    ProposalStatus,
    Role,
    Seed,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.proposals.services import change_proposal_status
from hackplat.workgroups.services import (
    ActivityEntry,
    add_activity_record,
    answer_invitation,
    change_group_status,
    form_working_group,
    invite_from_proposal,
    invite_from_suggestion,
)

Progress = Callable[[str], None]
#: How long an invited organisation takes to answer.
ANSWERING = timedelta(days=3)
ANSWERS = {"accepted": "accept", "declined": "decline"}


@dataclass
class Cast:
    """Who acts in the story: the coordinator, a staff member per department (by name)
    and each organisation's demo member (by name)."""

    coordinator: User
    staff: dict[str, User]
    members: dict[str, User]

    @classmethod
    def from_database(cls) -> Cast:
        staff: dict[str, User] = {}
        for user in db.session.scalars(select(User).where(User.role == Role.STAFF).order_by(User.id)):
            staff.setdefault(present(user.department, f"the department of {user.email}").name, user)
        first_members = select(func.min(User.id)).where(User.role == Role.MEMBER).group_by(User.organisation_id)
        query = select(User).where(User.id.in_(first_members)).options(selectinload(User.organisation))
        members = {present(user.organisation, f"the organisation of {user.email}").name: user
                   for user in db.session.scalars(query)}  # fmt: skip
        coordinator = db.session.scalars(select(User).where(User.role == Role.COORDINATOR).order_by(User.id)).first()
        return cls(present(coordinator, "a coordinator account"), staff, members)

    def staff_of(self, need: Need) -> User:
        return self.staff[need.department.name]

    def evaluator(self, need: Need, who: str) -> User:
        """``who``: "staff" (of the need's department) or "coordinator"."""
        return self.coordinator if who == "coordinator" else self.staff_of(need)

    def author(self, need: Need, record: story.DemoRecord) -> User:
        if record.author == "member":
            return self.members[present(record.organisation, f"the organisation of the record of {record.on}")]
        return self.evaluator(need, record.author)


@dataclass
class World:
    """What the story works on, found by the names the story uses."""

    cast: Cast
    needs: dict[str, Need]
    proposals: dict[tuple[str, str], Proposal]  # by (need title, organisation name)
    seeds: dict[tuple[str, str], Seed]  # by (organisation name, seed title)
    #: The declines the story makes, by need title, with their reasons (see
    #: exchange_loader.proposal_path): after the group's invitations.
    declines: dict[str, list[tuple[Proposal, str | None]]] = field(default_factory=dict)

    @classmethod
    def build(cls, needs: list[Need], proposals: list[tuple[Proposal, DemoProposal]],
              seeds: dict[tuple[str, str], Seed]) -> World:  # fmt: skip
        """From what exchange_loader loaded (``needs`` in the order of exchange.NEEDS)."""
        told = told_needs()
        world = cls(Cast.from_database(), {need.title: need for need in needs}, {}, seeds)
        for proposal, item in proposals:
            title = needs[item.need].title
            world.proposals[(title, item.organisation)] = proposal
            if title in told and ProposalStatus(item.status) is ProposalStatus.DECLINED:
                world.declines.setdefault(title, []).append((proposal, item.decision_reason))
        return world


def told_needs() -> set[str]:
    """The titles of the needs whose story is told (a working group or a pilot)."""
    return {group.need_title for group in story.GROUPS} | {pilot.need_title for pilot in story.PILOTS}


# --- working groups ---


def _invite(world: World, group: WorkingGroup, invitation: story.DemoInvitation) -> WorkingGroupMembership:
    """From the need's proposal, or from the matcher's suggestion: the coordinator marks
    the suggested seed "invite" (the ranking is only built at the end of the load)."""
    need, coordinator = group.need, world.cast.coordinator
    if invitation.source == "proposal":
        return invite_from_proposal(group, world.proposals[(need.title, invitation.organisation)], actor=coordinator)
    seed_title = present(invitation.seed, f"the suggested seed of {invitation.organisation}")
    seed = world.seeds[(invitation.organisation, seed_title)]
    feedback = give_feedback(need, seed, FeedbackKind.INVITE, actor=coordinator)
    feedback.created_at = group.created_at
    return invite_from_suggestion(group, seed, actor=coordinator)


def _gather(world: World, group: WorkingGroup, data: story.DemoGroup) -> None:
    """Invitations and their answers: answered a few days after, before the group starts."""
    answered_on = min(data.formed_on + ANSWERING, data.activated_on or story.STORY_TODAY)
    for invitation in data.invitations:
        membership = _invite(world, group, invitation)
        membership.invited_at = group.created_at
        if invitation.response in ANSWERS:
            member = world.cast.members[invitation.organisation]
            answer_invitation(membership, ANSWERS[invitation.response], actor=member)
            membership.responded_at = at(answered_on, AFTERNOON)


def decide_others(world: World, need: Need, day: date) -> None:
    """The call's decisions besides the selection, dated ``day`` (when the group was
    formed, or the selection for a need without a group): the shortlisting, made
    before, and the declines the story makes now."""
    for proposal, reason in world.declines.pop(need.title, []):
        change_proposal_status(proposal, ProposalStatus.DECLINED, actor=world.cast.coordinator, reason=reason)
    for proposal in need.proposals:
        if proposal.decided_at is not None:
            proposal.decided_at = at(day, NOON)


def _write_records(world: World, group: WorkingGroup, data: story.DemoGroup) -> None:
    for record in data.records:
        author = world.cast.author(group.need, record)
        entry = ActivityEntry(record.kind, record.on, record.body)
        add_activity_record(group, entry, actor=author).created_at = at(record.on, EVENING)


def load_group(world: World, data: story.DemoGroup) -> WorkingGroup:
    """One group through its life: formed, gathered, its records, started and concluded."""
    need, coordinator = world.needs[data.need_title], world.cast.coordinator
    group = form_working_group(need, data.name, data.purpose, actor=coordinator)
    group.created_at = at(data.formed_on)
    _gather(world, group, data)
    decide_others(world, need, data.formed_on)
    _write_records(world, group, data)
    if data.activated_on is not None:
        change_group_status(group, WorkingGroupStatus.ACTIVE, actor=coordinator)
        group.activated_at = at(data.activated_on)
    if data.concluded_on is not None:
        change_group_status(group, WorkingGroupStatus.CONCLUDED, actor=coordinator, outcome=data.outcome)
        group.concluded_at = at(data.concluded_on, EVENING)
    return group


# --- evaluations ---


def evaluate(world: World, data: story.DemoEvaluation) -> None:
    """The evaluator declares (no) conflict of interest, then scores, on the day."""
    need = world.needs[data.need_title]
    proposal = world.proposals[(data.need_title, data.organisation_name)]
    evaluator = world.cast.evaluator(need, data.evaluator)
    evaluation = declare_conflict(proposal, data.has_conflict, actor=evaluator)
    evaluation.declared_at = at(data.on)
    if data.scores is not None:
        submit_scores(proposal, Scores(**data.scores._asdict(), comment=data.comment), actor=evaluator)
        db.session.refresh(evaluation, ["submitted_at"])
        evaluation.submitted_at = at(data.on, AFTERNOON)


def load_groups(world: World, progress: Progress) -> None:
    """Every working group, then every evaluation; the caller commits."""
    for data in story.GROUPS:
        load_group(world, data)
    progress(f"ワーキンググループ {len(story.GROUPS)} 件")
    for evaluation in story.EVALUATIONS:
        evaluate(world, evaluation)
    progress(f"提案の評価 {len(story.EVALUATIONS)} 件")

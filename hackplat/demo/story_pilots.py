"""The story's pilots and knowledge cases (story.PILOTS and CASES), through the
services: the coordinator selects the evaluated proposal and creates its pilot; the
department's staff move it through its stages on the story's dates and enter its KPIs
and yearly milestones; the coordinator resolves (or, for a stopped pilot, closes) the
need, then drafts and edits the cases and puts them to the organisation and the
department, whose consents publish them. Back-dated like the rest of the story
(timeline.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from hackplat.demo import story
from hackplat.demo.data import present
from hackplat.demo.exchange import NEEDS
from hackplat.demo.story_loader import World, decide_others
from hackplat.demo.timeline import EVENING, NOON, at
from hackplat.evaluations.services import select_proposal
from hackplat.extensions import db
from hackplat.knowledge.consent import consent_case
from hackplat.knowledge.services import draft_case, fields_of, request_consent, update_case
from hackplat.models import KnowledgeCase, Need, NeedStatus, Pilot, PilotStage, Proposal, Role, User
from hackplat.needs.calls import close_call_early
from hackplat.needs.services import change_need_status
from hackplat.pilots.measures import KpiFields, add_kpi, save_milestone
from hackplat.pilots.services import PilotText, change_stage, create_pilot
from hackplat.proposals.rules import accepts_proposals

#: Each need's status at the end of the story (exchange.NEEDS).
FINAL_STATUS = {need.title: NeedStatus(need.status) for need in NEEDS}
#: Where a need goes once its pilot has ended: the coordinator resolves or closes it.
ENDINGS = (NeedStatus.RESOLVED, NeedStatus.CLOSED)


def _select(world: World, data: story.DemoPilot) -> Proposal:
    """Selected the day after its last evaluation; a call without a working group
    declines its other proposals then too."""
    key = (data.need_title, data.organisation_name)
    selected_on = max(e.on for e in story.EVALUATIONS if (e.need_title, e.organisation_name) == key) + timedelta(days=1)
    if data.need_title in world.declines:
        decide_others(world, world.needs[data.need_title], selected_on)
    _end_call(world, world.needs[data.need_title], selected_on)
    proposal = select_proposal(world.proposals[key], actor=world.cast.coordinator)
    proposal.decided_at = at(selected_on, NOON)
    return proposal


def _end_call(world: World, need: Need, on: date) -> None:
    """Selection waits for the end of the call: the department closes it on the day."""
    if accepts_proposals(need):
        close_call_early(need, "選考に進むため、提案の募集を締め切りました。", actor=world.cast.staff_of(need))
        need.call_closed_at = at(on, NOON)


def _run(world: World, pilot: Pilot, data: story.DemoPilot) -> None:
    """The department's staff record the stages, the KPIs and the milestones."""
    staff = world.cast.staff_of(pilot.need)
    for row in data.stages[1:]:
        change_stage(pilot, PilotStage(row.stage), on=row.on, reason=row.reason, actor=staff)
    for kpi in data.kpis:
        fields = KpiFields(kpi.procedure, kpi.is_smartphone, kpi.minutes_before, kpi.minutes_after)
        add_kpi(pilot, fields, actor=staff)
    for milestone in data.milestones:
        save_milestone(
            pilot, milestone.fiscal_year, milestone.plan, milestone.result, expected_version=pilot.version, actor=staff
        )
    for change in pilot.stage_changes:
        change.created_at = at(change.changed_on, EVENING)


def load_pilot(world: World, data: story.DemoPilot) -> Pilot:
    coordinator = world.cast.coordinator
    proposal = _select(world, data)
    considered_on = data.stages[0].on
    pilot = create_pilot(proposal, PilotText(data.title, data.summary), actor=coordinator, considered_on=considered_on)
    pilot.created_at = at(considered_on)
    _run(world, pilot, data)
    ending = FINAL_STATUS[data.need_title]
    if ending in ENDINGS:
        change_need_status(pilot.need, ending, actor=coordinator, reason=data.stages[-1].reason or None)
    return pilot


def load_pilots(world: World) -> dict[str, Pilot]:
    """Every pilot, by its need's title."""
    return {data.need_title: load_pilot(world, data) for data in story.PILOTS}


def load_case(world: World, pilot: Pilot, data: story.DemoCase) -> KnowledgeCase:
    """Drafted from the pilot, given the story's title and lessons, maybe published."""
    coordinator = world.cast.coordinator
    case = draft_case(pilot, actor=coordinator)
    edited = replace(fields_of(case), title=data.title, lessons=data.lessons)
    update_case(case, edited, expected_version=case.version, actor=coordinator)
    if data.publish:
        _publish(world, case)
    case.created_at = at(data.drafted_on)
    case.published_at = at(data.published_on) if data.published_on else None
    case.updated_at = case.published_at or at(data.drafted_on, EVENING)
    return case


def _publish(world: World, case: KnowledgeCase) -> None:
    """Put to consent; a member of the organisation and the department's staff consent."""
    request_consent(case, actor=world.cast.coordinator)
    member = db.session.scalar(select(User).where(User.organisation_id == case.pilot.organisation_id,
                                                  User.role == Role.MEMBER).order_by(User.id).limit(1))  # fmt: skip
    consent_case(case, actor=present(member, f"a member of {case.pilot.organisation.name}"))
    consent_case(case, actor=world.cast.staff_of(case.pilot.need))


def load_cases(world: World, pilots: dict[str, Pilot]) -> int:
    """Every case; returns how many were published."""
    cases = [load_case(world, pilots[data.need_title], data) for data in story.CASES]
    return sum(case.published_at is not None for case in cases)

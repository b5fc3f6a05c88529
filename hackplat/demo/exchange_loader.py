"""Loads the demo's needs, seeds and proposals through the services, as people would:
coordinators post the needs, members their seeds and proposals, the office decides.

A need that has moved past ``open`` (a working group, a pilot) received its proposals
while it was open: it is published with a future deadline, gets its proposals, moves
on, and only then takes its real (past) deadline.

A need whose story is told (story.py: a working group or a pilot) is moved on by the
story, through the group and pilot services; its proposals wait there for the city's
last decision (see ``proposal_path``). ``NEED_PATHS`` moves only the other needs.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hackplat.demo import exchange as content
from hackplat.demo.data import present
from hackplat.demo.need_details import details_for
from hackplat.demo.timeline import deadline_of
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import Department, Need, NeedStatus, Organisation, Proposal, ProposalStatus, Seed, Theme, User
from hackplat.models.exchange import DEFAULT_THEMES
from hackplat.names import KNOWN_ENGLISH_NAMES
from hackplat.needs.services import NeedFields, change_need_status, create_need
from hackplat.proposals.services import ProposalContent, change_proposal_status, create_proposal
from hackplat.seeds.services import SeedData, create_seed

#: The statuses a proposal passes through on its way to each demo status.
PROPOSAL_PATHS = {
    ProposalStatus.DRAFT: [],
    ProposalStatus.SUBMITTED: [ProposalStatus.SUBMITTED],
    ProposalStatus.SHORTLISTED: [ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED],
    ProposalStatus.SELECTED: [ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED],
    ProposalStatus.DECLINED: [ProposalStatus.SUBMITTED, ProposalStatus.DECLINED],
    ProposalStatus.WITHDRAWN: [ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN],
}

#: The city's last decisions that the story makes itself, on a need whose story is told:
#: it selects after the evaluation and declines after the working group's invitations.
DECIDED_IN_THE_STORY = (ProposalStatus.SELECTED, ProposalStatus.DECLINED)

#: The statuses a need without a story passes through on its way to each demo status
#: (a need with a working group or a pilot has a story).
NEED_PATHS = {
    NeedStatus.DRAFT: [],
    NeedStatus.OPEN: [],
    NeedStatus.CLOSED: [NeedStatus.CLOSED],
}


def ensure_themes() -> dict[str, Theme]:
    """Migration 0002 seeds the themes; a schema made by create_all has none yet."""
    if not db.session.scalar(select(Theme.id).limit(1)):
        db.session.add_all(
            Theme(name=name, name_en=KNOWN_ENGLISH_NAMES.get(name), position=n)
            for n, name in enumerate(DEFAULT_THEMES, start=1)
        )
        db.session.flush()
    return {theme.name: theme for theme in db.session.scalars(select(Theme))}


def _first_member(organisation_name: str) -> User:
    """The organisation's demo member account (its first)."""
    member = db.session.scalars(
        select(User).join(Organisation).where(Organisation.name == organisation_name).order_by(User.id)
    ).first()
    return present(member, f"the member account of {organisation_name}")


def load_needs(coordinator: User, themes: dict[str, Theme]) -> list[Need]:
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    needs = []
    for item in content.NEEDS:
        fields = NeedFields(
            title=item.title, theme_id=themes[item.theme].id, background=item.background, problem=item.problem,
            desired_outcome=item.desired_outcome, expected_effect=item.expected_effect,
            deadline=japan_today() + timedelta(days=max(item.deadline_in_days, 30)),
            startup_support=item.startup_support, department_id=departments[item.department].id,
            **details_for(item.title, themes, departments),
        )  # fmt: skip
        need = create_need(fields, actor=coordinator)
        if item.status != NeedStatus.DRAFT:
            change_need_status(need, NeedStatus.OPEN, actor=coordinator)
        needs.append(need)
    return needs


def load_seeds(themes: dict[str, Theme]) -> dict[tuple[str, str], Seed]:
    seeds = {}
    for item in content.SEEDS:
        member = _first_member(item.organisation)
        organisation = present(member.organisation, f"the organisation of {member.email}")
        data = SeedData(
            title=item.title, summary=item.summary, description=item.description, track_record=item.track_record,
            tags=", ".join(item.tags), theme=themes.get(item.theme or ""), is_public=item.is_public,
        )  # fmt: skip
        seeds[(item.organisation, item.title)] = create_seed(organisation, data, actor=member)
    return seeds


def proposal_path(item: content.DemoProposal, *, told: bool) -> list[ProposalStatus]:
    """The statuses a proposal is moved through here (the story makes the last one of a
    told need's selected or declined proposal)."""
    path = PROPOSAL_PATHS[ProposalStatus(item.status)]
    return path[:-1] if told and path and path[-1] in DECIDED_IN_THE_STORY else path


def load_proposals(
    needs: list[Need], seeds: dict[tuple[str, str], Seed], coordinator: User, *, told: set[str]
) -> list[tuple[Proposal, content.DemoProposal]]:
    """Every demo proposal with its data; ``told``: the titles of the needs with a story."""
    loaded = []
    for item in content.PROPOSALS:
        member = _first_member(item.organisation)
        seed = seeds[(item.organisation, item.seed)] if item.seed else None
        proposal_content = ProposalContent(
            summary=item.summary, approach=item.approach, schedule=item.schedule,
            cost_estimate=item.cost_estimate, city_support=item.city_support, seed_id=seed.id if seed else None,
        )  # fmt: skip
        need = needs[item.need]
        proposal = create_proposal(need, proposal_content, actor=member)
        for step in proposal_path(item, told=need.title in told):
            actor = member if step in (ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN) else coordinator
            reason = item.decision_reason if step is ProposalStatus.DECLINED else None
            change_proposal_status(proposal, step, actor=actor, reason=reason)
        loaded.append((proposal, item))
    return loaded


def settle_needs(needs: list[Need], coordinator: User, *, told: set[str]) -> None:
    """Move each published need without a story to its demo status, and give every need
    its real deadline."""
    for need, item in zip(needs, content.NEEDS, strict=True):
        if need.title not in told:
            for step in NEED_PATHS[NeedStatus(item.status)]:
                change_need_status(need, step, actor=coordinator)
        need.deadline = deadline_of(item)
    db.session.flush()

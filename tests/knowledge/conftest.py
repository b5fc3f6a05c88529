"""Factories of the knowledge-case tests: pilots and cases built directly with the models
(the pilots' own services are written at the same time, elsewhere)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest

from hackplat.extensions import db
from hackplat.models import (
    CaseStatus,
    KnowledgeCase,
    Need,
    NeedStatus,
    Organisation,
    Pilot,
    PilotKpi,
    PilotMilestone,
    PilotStage,
    Proposal,
    ProposalStatus,
    Role,
    User,
    utcnow,
)

Kpi = tuple[str, float, float]  # procedure, minutes before, minutes after
Milestone = tuple[int, str, str]  # fiscal year, plan, result


def build_pilot(
    proposal: Proposal,
    stage: PilotStage = PilotStage.EVALUATED,
    *,
    kpis: Iterable[Kpi] = (),
    milestones: Iterable[Milestone] = (),
    **fields: Any,
) -> Pilot:
    """A pilot of a selected proposal, with its KPIs and yearly milestones."""
    values = {"title": f"{proposal.need.title}の試行", "summary": "試行の概要", **fields}
    pilot = Pilot(
        proposal=proposal,
        need=proposal.need,
        department_id=proposal.need.department_id,
        organisation=proposal.organisation,
        stage=stage,
        stage_changed_on=date(2024, 10, 1),
        **values,
    )
    pilot.kpis = [PilotKpi(procedure=p, minutes_before=b, minutes_after=a) for p, b, a in kpis]
    pilot.milestones = [PilotMilestone(fiscal_year=y, plan=plan, result=result) for y, plan, result in milestones]
    db.session.add(pilot)
    db.session.commit()
    return pilot


def build_case(pilot: Pilot, status: CaseStatus = CaseStatus.DRAFT, **fields: Any) -> KnowledgeCase:
    """A case written directly (not through the service): complete enough to publish."""
    values = {"title": pilot.title, "department_id": pilot.department_id, "theme_id": pilot.need.theme_id,
              "need_summary": "解決した課題", "solution": "解決策", "organisation_name": pilot.organisation.name,
              "results": "申請: 60分 → 15分（75.0%短縮）", "lessons": "", **fields}  # fmt: skip
    case = KnowledgeCase(pilot=pilot, status=status, **values)
    if status is CaseStatus.PUBLISHED and case.published_at is None:
        case.published_at = utcnow()
    case.refresh_search_text()
    db.session.add(case)
    db.session.commit()
    return case


@pytest.fixture
def make_pilot(make_need, make_organisation, make_proposal) -> Callable[..., Pilot]:
    counter = iter(range(1, 10_000))

    def make(
        stage: PilotStage = PilotStage.EVALUATED,
        *,
        need: Need | None = None,
        organisation: Organisation | None = None,
        summary: str = "提案の概要",
        approach: str = "進め方",
        kpis: Iterable[Kpi] = (),
        milestones: Iterable[Milestone] = (),
        **fields: Any,
    ) -> Pilot:
        n = next(counter)
        need = need or make_need(status=NeedStatus.PILOTING)
        organisation = organisation or make_organisation(name=f"試行の組織{n}")
        proposal = make_proposal(need, organisation, ProposalStatus.SELECTED, summary=summary, approach=approach)
        return build_pilot(proposal, stage, kpis=kpis, milestones=milestones, **fields)

    return make


@pytest.fixture
def make_case(make_pilot) -> Callable[..., KnowledgeCase]:
    def make(status: CaseStatus = CaseStatus.DRAFT, *, pilot: Pilot | None = None, **fields: Any) -> KnowledgeCase:
        return build_case(pilot or make_pilot(), status, **fields)

    return make


@pytest.fixture
def coordinator(make_user) -> User:
    return make_user(Role.COORDINATOR)


@pytest.fixture
def person(make_user) -> Callable[[str], User | None]:
    """``person("staff")``: a signed-in user of that role; "public": nobody (None)."""

    def make(kind: str) -> User | None:
        return None if kind == "public" else make_user(Role(kind))

    return make

"""The dashboard's world: the strategy's indicators (as the migration seeds them), and
factories for the records it counts, placed at exact moments in Japan time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from hackplat.dashboard.strategy import seed_strategy
from hackplat.extensions import db
from hackplat.fiscal import JAPAN
from hackplat.models import (
    Indicator,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Pilot,
    PilotKpi,
    PilotStage,
    PilotStageChange,
    ProposalStatus,
    Role,
    User,
)

#: A day inside each fiscal year of the strategy's cycle, and after it.
IN_FY = {year: datetime(year, 10, 1, 12, 0, tzinfo=JAPAN) for year in range(2021, 2027)}
#: "Today" for reports: the cycle FY2022–2025 is over, every year has its actual.
AFTER_CYCLE = date(2026, 6, 1)


def jst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=JAPAN)


@pytest.fixture
def strategy() -> dict[str, Indicator]:
    indicators = seed_strategy()
    db.session.commit()
    return {indicator.key: indicator for indicator in indicators}


@pytest.fixture
def approved_organisation() -> Callable[..., Organisation]:
    """An organisation approved at ``approved_at`` with ``members`` member accounts."""
    counter = iter(range(1, 100_000))

    def make(
        approved_at: datetime | None,
        members: int = 1,
        *,
        status: OrganisationStatus = OrganisationStatus.APPROVED,
        kind: OrganisationKind = OrganisationKind.COMPANY,
        is_startup: bool = False,
    ) -> Organisation:
        n = next(counter)
        organisation = Organisation(
            name=f"参加組織{n}", kind=kind, is_startup=is_startup, status=status, approved_at=approved_at
        )
        db.session.add(organisation)
        db.session.add_all(
            User(
                email=f"org{n}-{m}@example.jp",
                name=f"会員{n}-{m}",
                role=Role.MEMBER,
                organisation=organisation,
                password_hash="x",
            )
            for m in range(members)
        )
        db.session.commit()
        return organisation

    return make  # fmt: skip


@pytest.fixture
def make_pilot(make_need: Callable, make_organisation: Callable, make_proposal: Callable) -> Callable[..., Pilot]:
    """A pilot that entered each of ``stages`` ((stage, day), in order), with its KPIs
    ((minutes before, minutes after), ...)."""

    def make(stages: list[tuple[PilotStage, date]], kpis: list[tuple[float, float]] = ()) -> Pilot:
        need = make_need()
        proposal = make_proposal(need, make_organisation(name=f"試行の組織{need.id}"), ProposalStatus.SELECTED)
        pilot = Pilot(proposal=proposal, need=need, department_id=need.department_id,
                      organisation_id=proposal.organisation_id, title=f"試行{need.id}", stage=stages[-1][0],
                      stage_changed_on=stages[-1][1])  # fmt: skip
        db.session.add(pilot)
        previous = None
        for stage, day in stages:
            pilot.stage_changes.append(PilotStageChange(from_stage=previous, to_stage=stage, changed_on=day))
            previous = stage
        pilot.kpis.extend(PilotKpi(procedure="申請", minutes_before=b, minutes_after=a) for b, a in kpis)
        db.session.commit()
        return pilot

    return make


def years_of(row: Any) -> dict[int, Any]:
    return {year.fiscal_year: year for year in row.years}

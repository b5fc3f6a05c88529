"""The computed actuals: fiscal years in Japan time whatever the server's zone,
cumulative and yearly counting, and only approved organisations' members."""

from __future__ import annotations

import time
from datetime import date

import pytest

from hackplat.dashboard.report import build_report, by_key
from hackplat.extensions import db
from hackplat.models import NeedStatus, OrganisationKind, OrganisationStatus, PilotStage, ProposalStatus, WorkingGroup
from tests.dashboard.conftest import AFTER_CYCLE, IN_FY, jst, years_of


@pytest.fixture(params=["UTC", "America/Los_Angeles"])
def server_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The process' local time zone: it must change nothing."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def actuals(key: str, today: date = AFTER_CYCLE) -> dict[int, float | None]:
    row = by_key(build_report(2022, today=today))[key]
    return {year: figure.actual for year, figure in years_of(row).items()}


@pytest.mark.parametrize(
    ("approved_at", "fiscal_year"),
    [
        (jst(2023, 3, 31, 23, 59), 2022),  # the last minute of FY2022 in Japan (14:59 UTC)
        (jst(2023, 3, 31, 23, 59, 59), 2022),
        (jst(2023, 4, 1, 0, 0), 2023),  # 31 March 15:00 UTC: already FY2023 in Japan
        (jst(2022, 4, 1, 0, 0), 2022),
        (jst(2022, 3, 31, 23, 59), 2021),  # before the cycle: counted in every year's total
    ],
)
def test_the_fiscal_year_of_an_approval_is_decided_in_japan_time(
    server_zone, strategy, approved_organisation, approved_at, fiscal_year
) -> None:
    approved_organisation(approved_at, members=3)
    expected = {year: (3.0 if year >= fiscal_year else 0.0) for year in range(2022, 2026)}
    assert actuals("participants") == expected


def test_participants_are_counted_cumulatively(strategy, approved_organisation) -> None:
    approved_organisation(IN_FY[2022], members=2)
    approved_organisation(IN_FY[2023], members=5)
    approved_organisation(IN_FY[2025], members=1)
    assert actuals("participants") == {2022: 2.0, 2023: 7.0, 2024: 7.0, 2025: 8.0}


def test_pending_and_rejected_organisations_never_count(strategy, approved_organisation, make_user) -> None:
    approved_organisation(IN_FY[2022], members=2)
    # even with a stray approval time: the status decides
    approved_organisation(IN_FY[2022], members=4, status=OrganisationStatus.PENDING)
    approved_organisation(IN_FY[2022], members=8, status=OrganisationStatus.REJECTED)
    approved_organisation(None, members=16, status=OrganisationStatus.PENDING)
    make_user("coordinator")
    assert actuals("participants") == dict.fromkeys(range(2022, 2026), 2.0)
    assert actuals("organisations") == dict.fromkeys(range(2022, 2026), 1.0)


def test_organisations_by_kind_with_startups_apart(strategy, approved_organisation) -> None:
    approved_organisation(IN_FY[2022], kind=OrganisationKind.COMPANY, is_startup=True)
    approved_organisation(IN_FY[2022], kind=OrganisationKind.COMPANY)
    approved_organisation(IN_FY[2023], kind=OrganisationKind.UNIVERSITY, is_startup=True)
    approved_organisation(IN_FY[2024], kind=OrganisationKind.NPO)
    approved_organisation(IN_FY[2024], kind=OrganisationKind.OTHER, status=OrganisationStatus.REJECTED)
    assert actuals("organisations") == {2022: 2.0, 2023: 3.0, 2024: 4.0, 2025: 4.0}
    assert actuals("organisations_company") == dict.fromkeys(range(2022, 2026), 2.0)
    assert actuals("organisations_university") == {2022: 0.0, 2023: 1.0, 2024: 1.0, 2025: 1.0}
    assert actuals("organisations_npo") == {2022: 0.0, 2023: 0.0, 2024: 1.0, 2025: 1.0}
    assert actuals("organisations_other") == dict.fromkeys(range(2022, 2026), 0.0)
    assert actuals("startups") == {2022: 1.0, 2023: 2.0, 2024: 2.0, 2025: 2.0}


def test_years_after_the_current_one_have_no_actual_yet(strategy, approved_organisation) -> None:
    approved_organisation(IN_FY[2022], members=2)
    assert actuals("participants", today=date(2023, 4, 1)) == {2022: 2.0, 2023: 2.0, 2024: None, 2025: None}


def test_needs_proposals_and_groups_are_counted_per_year(strategy, make_need, make_organisation, make_proposal) -> None:
    needs = [make_need() for _ in range(3)]
    for need, year in zip(needs, (2022, 2022, 2024), strict=True):
        need.published_at = IN_FY[year]
    make_need(status=NeedStatus.DRAFT)  # never published: not posted
    organisation = make_organisation()
    on_time = make_proposal(needs[0], organisation, ProposalStatus.SUBMITTED)
    withdrawn = make_proposal(needs[1], organisation, ProposalStatus.WITHDRAWN)
    on_time.submitted_at, withdrawn.submitted_at = jst(2023, 3, 31, 23, 59), jst(2023, 4, 1, 0, 0)
    make_proposal(needs[2], organisation, ProposalStatus.DRAFT)
    db.session.add(WorkingGroup(need=needs[0], name="WG", created_at=IN_FY[2025]))
    db.session.commit()
    assert actuals("needs_posted") == {2022: 2.0, 2023: 0.0, 2024: 1.0, 2025: 0.0}
    assert actuals("proposals_submitted") == {2022: 1.0, 2023: 1.0, 2024: 0.0, 2025: 0.0}
    assert actuals("working_groups") == {2022: 0.0, 2023: 0.0, 2024: 0.0, 2025: 1.0}


def test_pilots_count_in_the_year_they_entered_each_stage_within_the_cycle(strategy, make_pilot) -> None:
    considered, running, rolled_out = PilotStage.CONSIDERED, PilotStage.RUNNING, PilotStage.ROLLED_OUT
    make_pilot([(considered, date(2021, 6, 1)), (running, date(2022, 5, 1))])  # considered before the cycle
    make_pilot([(considered, date(2022, 7, 1)), (running, date(2023, 3, 31)), (PilotStage.EVALUATED, date(2023, 9, 1)),
                (rolled_out, date(2024, 4, 1))])  # fmt: skip
    make_pilot([(considered, date(2023, 4, 1)), (PilotStage.STOPPED, date(2023, 5, 1))])
    assert actuals("pilots_considered") == {2022: 1.0, 2023: 2.0, 2024: 2.0, 2025: 2.0}
    assert actuals("pilots_run") == {2022: 2.0, 2023: 2.0, 2024: 2.0, 2025: 2.0}
    assert actuals("pilots_rolled_out") == {2022: 0.0, 2023: 0.0, 2024: 1.0, 2025: 1.0}


def test_median_time_reduction_of_the_pilots_run(strategy, make_pilot) -> None:
    running = PilotStage.RUNNING
    # per pilot: (Σ before − Σ after) / Σ before over its KPIs
    make_pilot([(running, date(2022, 6, 1))], kpis=[(60, 30), (40, 40)])  # 30 / 100 = 30 %
    make_pilot([(running, date(2023, 6, 1))], kpis=[(10, 2)])  # 80 %
    make_pilot([(running, date(2023, 7, 1))], kpis=[(100, 90)])  # 10 %
    make_pilot([(PilotStage.CONSIDERED, date(2022, 6, 1))], kpis=[(10, 0)])  # never run: not counted
    assert actuals("time_reduction") == {2022: 30.0, 2023: 30.0, 2024: 30.0, 2025: 30.0}
    make_pilot([(running, date(2024, 6, 1))], kpis=[(10, 1)])  # 90 %
    assert actuals("time_reduction") == {2022: 30.0, 2023: 30.0, 2024: 55.0, 2025: 55.0}

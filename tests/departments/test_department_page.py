"""The public department page and the dashboards' track record counts (#17 item 5):
needs posted and solved per fiscal year (hackplat/departments/services.py says why
"solved" is what it is)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hackplat.dashboard.strategy import seed_strategy
from hackplat.departments.services import department_record, track_counts, yearly_counts
from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.models import CaseStatus, Need, NeedStatus, PilotStage, ProposalStatus
from tests.knowledge.conftest import build_case, build_pilot

#: 1 April 2024 00:00 in Japan is still 31 March in UTC: FY2024 all the same.
FY2024_FIRST_MOMENT = datetime(2024, 3, 31, 15, 0, tzinfo=UTC)
FY2023_LAST_DAY = datetime(2024, 3, 31, 14, 59, tzinfo=UTC)


@pytest.fixture
def department(make_department):
    return make_department(name="都市整備局")


@pytest.fixture
def need_in(make_need, department):
    def make(published_at: datetime, status: NeedStatus = NeedStatus.OPEN, **fields):
        need = make_need(department=department, status=status, **fields)
        need.published_at = published_at
        db.session.commit()
        return need

    return make


@pytest.fixture
def pilot_on(make_organisation, make_proposal):
    def make(need, stage: PilotStage, case: CaseStatus | None = None):
        organisation = make_organisation(name=f"{need.title}の組織")
        pilot = build_pilot(make_proposal(need, organisation, ProposalStatus.SELECTED), stage)
        if case is not None:
            build_case(pilot, case)
        return pilot

    return make


def test_posted_counts_by_the_fiscal_year_in_japan_time(need_in, make_need, department) -> None:
    need_in(FY2023_LAST_DAY)
    need_in(FY2024_FIRST_MOMENT)
    need_in(FY2024_FIRST_MOMENT, title="二件目")
    make_need(department=department, status=NeedStatus.DRAFT)  # never published: not counted
    need_in(FY2024_FIRST_MOMENT).department = make_need().department  # another department's
    db.session.commit()
    years = yearly_counts([2023, 2024, 2025], Need.department_id == department.id)
    assert [(y.fiscal_year, y.posted) for y in years] == [(2023, 1), (2024, 2), (2025, 0)]


@pytest.mark.parametrize(
    ("stage", "case", "solved"),
    [
        (PilotStage.EVALUATED, None, True),
        (PilotStage.ROLLED_OUT, None, True),
        (PilotStage.CONSIDERED, None, False),
        (PilotStage.RUNNING, None, False),
        (PilotStage.STOPPED, None, False),
        (PilotStage.RUNNING, CaseStatus.PUBLISHED, True),
        (PilotStage.RUNNING, CaseStatus.AWAITING_CONSENT, False),
        (PilotStage.RUNNING, CaseStatus.DRAFT, False),
    ],
)
def test_solved_by_an_evaluated_pilot_or_a_published_case(need_in, pilot_on, department, stage, case, solved) -> None:
    pilot_on(need_in(FY2024_FIRST_MOMENT, NeedStatus.PILOTING), stage, case)
    record = department_record(department)
    assert [(y.posted, y.solved) for y in record.years if y.fiscal_year == 2024] == [(1, int(solved))]


def test_a_resolved_need_is_solved_and_a_closed_one_is_not(need_in, department) -> None:
    need_in(FY2024_FIRST_MOMENT, NeedStatus.RESOLVED)
    need_in(FY2024_FIRST_MOMENT, NeedStatus.CLOSED)
    assert (department_record(department).solved_total, department_record(department).posted_total) == (1, 2)


def test_years_run_from_the_first_need_to_this_one(need_in, department, make_department) -> None:
    need_in(FY2023_LAST_DAY)
    this_year = fiscal_year_of(japan_today())
    assert [y.fiscal_year for y in department_record(department).years] == list(range(this_year, 2022, -1))
    assert [y.fiscal_year for y in department_record(make_department(name="空の区")).years] == [this_year]


def test_the_page_lists_public_needs_with_the_solved_ones_marked(client, need_in, make_need, department) -> None:
    need_in(FY2024_FIRST_MOMENT, NeedStatus.RESOLVED, title="解決した課題")
    need_in(FY2023_LAST_DAY, title="募集中の課題")
    make_need(department=department, status=NeedStatus.DRAFT, title="下書きの課題")
    page = client.get(f"/departments/{department.id}").get_data(as_text=True)
    assert "都市整備局" in page
    assert "解決した課題" in page
    assert "募集中の課題" in page
    assert "下書きの課題" not in page
    assert "令和6年度（FY2024）" in page
    assert "令和5年度（FY2023）" in page
    assert page.count('<span class="badge">解決</span>') == 1


def test_the_need_page_links_its_department(client, need_in, department) -> None:
    need = need_in(FY2024_FIRST_MOMENT)
    assert f'href="/departments/{department.id}"' in client.get(f"/needs/{need.id}").get_data(as_text=True)


def test_a_missing_department_is_404(client) -> None:
    assert client.get("/departments/999999").status_code == 404


def test_the_needs_list_pages(need_in, department) -> None:
    for n in range(21):
        need_in(FY2024_FIRST_MOMENT, title=f"課題{n}")
    assert len(department_record(department, page=2).needs.items) == 1


def test_the_dashboard_counts_all_departments(need_in, pilot_on, make_need, make_organisation) -> None:
    pilot_on(need_in(FY2024_FIRST_MOMENT, NeedStatus.PILOTING), PilotStage.EVALUATED)
    other = make_need()  # another department, published now
    other.published_at = FY2024_FIRST_MOMENT
    organisation = make_organisation(name="公開した組織")
    organisation.profile_public = True
    db.session.commit()
    counts = track_counts([2024, 2025])
    assert counts.public_profiles == 1
    assert [(y.posted, y.solved) for y in counts.years] == [(2, 1), (0, 0)]


def test_the_public_programme_page_shows_the_counts(client, need_in) -> None:
    seed_strategy()  # the cycle FY2022–2025
    need_in(FY2024_FIRST_MOMENT)
    page = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert "実績ページを公開している組織: 0" in page
    assert '<th scope="row">令和6年度（FY2024）</th><td class="number">1</td>' in page

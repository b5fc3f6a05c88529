"""Milestones per fiscal year of the pilot and KPIs: written, edited, deleted and
audited by those who manage the pilot; negative minutes are refused (409) next to the
field with nothing written."""

from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import func, select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.models import AuditRecord, PilotKpi, PilotMilestone, PilotStage
from hackplat.pilots.measures import (
    KpiFields,
    add_kpi,
    delete_kpi,
    hours_saved,
    overall_assessment,
    pilot_years,
    save_milestone,
    update_kpi,
)

SINCE_FY2022 = date(2022, 6, 1)


def kpi_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PilotKpi)) or 0


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_a_pilots_years_run_from_its_consideration_to_its_end_or_this_year(cast) -> None:
    this_year = fiscal_year_of(japan_today())
    assert pilot_years(cast.pilot()) == [this_year]  # considered ten days ago
    running = cast.pilot(PilotStage.RUNNING, since=date(2024, 3, 31))  # still FY2023
    assert pilot_years(running) == list(range(2023, this_year + 1))
    assert pilot_years(running, today=date(2030, 4, 1)) == list(range(2023, 2031))
    stopped = cast.pilot(since=date(2023, 4, 1))
    stopped.stage, stopped.stage_changed_on = PilotStage.STOPPED, date(2025, 3, 31)
    assert pilot_years(stopped) == [2023, 2024]  # ended in FY2024
    stopped.stage = PilotStage.EVALUATED  # not an end: it may still roll out
    assert pilot_years(stopped) == list(range(2023, this_year + 1))


def test_a_milestone_is_written_then_updated_in_place(cast) -> None:
    pilot = cast.pilot(since=SINCE_FY2022)
    save_milestone(pilot, 2023, " 3区で試行 ", "", expected_version=pilot.version, actor=cast.staff)
    save_milestone(
        pilot, 2023, "3区で試行", "申請の8割がオンライン", expected_version=pilot.version, actor=cast.coordinator
    )
    rows = db.session.scalars(select(PilotMilestone)).all()
    assert [(m.fiscal_year, m.plan, m.result) for m in rows] == [(2023, "3区で試行", "申請の8割がオンライン")]
    assert audit_actions() == ["pilot.milestone_saved"] * 2


def test_a_stale_milestone_form_is_refused(cast) -> None:
    pilot = cast.pilot(since=SINCE_FY2022)
    loaded_at = pilot.version
    save_milestone(pilot, 2022, "計画", "", expected_version=loaded_at, actor=cast.staff)
    with pytest.raises(Conflict, match="他の人が先に"):
        save_milestone(pilot, 2022, "上書き", "", expected_version=loaded_at, actor=cast.coordinator)


@pytest.mark.parametrize("year", [2021, fiscal_year_of(japan_today()) + 1])
def test_only_years_of_the_pilot(cast, year) -> None:
    pilot = cast.pilot(since=SINCE_FY2022)
    with pytest.raises(InvalidInput):
        save_milestone(pilot, year, "計画", "", expected_version=pilot.version, actor=cast.staff)


@pytest.mark.parametrize("actor", ["member", "other_member", "other_staff", "public"])
def test_outsiders_write_no_milestone_nor_kpi(cast, actor) -> None:
    pilot = cast.pilot()
    with pytest.raises(PermissionDenied):
        save_milestone(pilot, 2022, "計画", "", expected_version=pilot.version, actor=cast.actor(actor))
    with pytest.raises(PermissionDenied):
        add_kpi(pilot, KpiFields("申請", False, 60, 45), actor=cast.actor(actor))
    assert kpi_count() == 0
    assert audit_actions() == []


def test_kpis_are_added_edited_and_deleted_with_audit(cast) -> None:
    pilot = cast.pilot()
    kpi = add_kpi(pilot, KpiFields(" 入所申請 ", True, 40, 10), actor=cast.staff)
    assert (kpi.procedure, kpi.is_smartphone, kpi.minutes_before, kpi.minutes_after) == ("入所申請", True, 40, 10)
    update_kpi(kpi, KpiFields("入所申請", True, 40, 12), expected_version=pilot.version, actor=cast.coordinator)
    assert kpi.minutes_after == 12
    delete_kpi(kpi, actor=cast.staff)
    assert kpi_count() == 0
    assert audit_actions() == ["pilot.kpi_added", "pilot.kpi_updated", "pilot.kpi_deleted"]
    deleted = db.session.scalars(select(AuditRecord.detail).order_by(AuditRecord.id.desc())).first()
    assert deleted["procedure"] == "入所申請"
    assert deleted["minutes_after"] == 12


def test_a_kpi_change_moves_the_pilot_version_on(cast) -> None:
    pilot = cast.pilot()
    loaded_at = pilot.version
    kpi = add_kpi(pilot, KpiFields("申請", False, 60, 45), actor=cast.staff)
    with pytest.raises(Conflict):
        update_kpi(kpi, KpiFields("申請", False, 60, 30), expected_version=loaded_at, actor=cast.staff)


@pytest.mark.parametrize(
    ("fields", "refusal", "field"),
    [
        (KpiFields("申請", False, -1, 10), Conflict, "minutes_before"),
        (KpiFields("申請", False, 60, -0.5), Conflict, "minutes_after"),
        (KpiFields("申請", False, 0, 0), InvalidInput, "minutes_before"),
        (KpiFields("申請", False, None, 10), InvalidInput, "minutes_before"),
        (KpiFields("申請", False, 60, math.nan), InvalidInput, "minutes_after"),
        (KpiFields("申請", False, math.inf, 10), InvalidInput, "minutes_before"),
        (KpiFields("申請", False, 600_000, 10), InvalidInput, "minutes_before"),
        (KpiFields("  ", False, 60, 10), InvalidInput, "procedure"),
        (KpiFields("あ" * 201, False, 60, 10), InvalidInput, "procedure"),
    ],
)
def test_bad_kpis_are_refused_next_to_their_field(cast, fields, refusal, field) -> None:
    pilot = cast.pilot()
    with pytest.raises(refusal) as raised:
        add_kpi(pilot, fields, actor=cast.staff)
    assert raised.value.field == field
    db.session.rollback()
    assert kpi_count() == 0
    assert audit_actions() == []


def test_overall_assessment(cast) -> None:
    pilot = cast.pilot()
    assert overall_assessment(pilot) is None
    cast.kpi(pilot, 100, 50)
    cast.kpi(pilot, 10, 10)
    db.session.expire(pilot)
    overall = overall_assessment(pilot)
    assert overall.reduction == pytest.approx(50 / 110)
    assert overall.meets_bottom_line


def test_deleting_a_kpi_asks_first(client, login, cast) -> None:
    """The KPI list links to a confirmation page; only its POST deletes."""
    pilot = cast.pilot()
    kpi = add_kpi(pilot, KpiFields("申請", False, 60, 45), actor=cast.staff)
    db.session.commit()
    login(cast.staff)
    url, kpi_id = f"/pilots/{pilot.id}/kpis/{kpi.id}/delete", kpi.id
    assert f'href="{url}"' in client.get(f"/pilots/{pilot.id}").get_data(as_text=True)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "削除します。よろしいですか" in confirm.get_data(as_text=True)
    assert kpi_count() == 1
    assert client.submit(url).status_code == 302
    assert db.session.get(PilotKpi, kpi_id) is None


def test_a_plan_for_this_fiscal_year_of_a_pilot_considered_today(cast) -> None:
    """FY2026 and later: no constant cycle stands in the way."""
    pilot = cast.pilot()
    this_year = fiscal_year_of(japan_today())
    save_milestone(pilot, this_year, "3区で試行", "", expected_version=pilot.version, actor=cast.staff)
    assert db.session.scalar(select(PilotMilestone.fiscal_year)) == this_year


def test_the_yearly_count_gives_the_hours_saved_per_year(cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    assert hours_saved(pilot) is None
    add_kpi(pilot, KpiFields("窓口申請", False, 60, 45, yearly_count=1200), actor=cast.staff)
    add_kpi(pilot, KpiFields("電話相談", False, 30, 20), actor=cast.staff)  # no count: left out
    assert hours_saved(pilot) == 300  # (60 − 45) × 1,200 / 60
    add_kpi(pilot, KpiFields("変更届", True, 40, 10, yearly_count=30), actor=cast.staff)
    assert hours_saved(pilot) == 315
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "pilot.kpi_added")).first()
    assert record is not None
    assert record.detail["yearly_count"] == 1200


@pytest.mark.parametrize("count", [-1, 10_000_001])
def test_a_yearly_count_out_of_bounds_is_refused(cast, count) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    with pytest.raises(InvalidInput, match="年間件数") as refused:
        add_kpi(pilot, KpiFields("窓口申請", False, 60, 45, yearly_count=count), actor=cast.staff)
    assert refused.value.field == "yearly_count"
    assert kpi_count() == 0

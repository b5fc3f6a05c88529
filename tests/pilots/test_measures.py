"""Milestones per fiscal year of the cycle and KPIs: written, edited, deleted and
audited by those who manage the pilot; negative minutes are refused (409) next to the
field with nothing written."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import func, select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, PilotKpi, PilotMilestone
from hackplat.pilots.measures import (
    KpiFields,
    add_kpi,
    delete_kpi,
    milestone_years,
    overall_assessment,
    save_milestone,
    update_kpi,
)


def kpi_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PilotKpi)) or 0


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_the_cycle_is_fy2022_to_fy2025() -> None:
    assert milestone_years() == [2022, 2023, 2024, 2025]


def test_a_milestone_is_written_then_updated_in_place(cast) -> None:
    pilot = cast.pilot()
    save_milestone(pilot, 2023, " 3区で試行 ", "", expected_version=pilot.version, actor=cast.staff)
    save_milestone(
        pilot, 2023, "3区で試行", "申請の8割がオンライン", expected_version=pilot.version, actor=cast.coordinator
    )
    rows = db.session.scalars(select(PilotMilestone)).all()
    assert [(m.fiscal_year, m.plan, m.result) for m in rows] == [(2023, "3区で試行", "申請の8割がオンライン")]
    assert audit_actions() == ["pilot.milestone_saved"] * 2


def test_a_stale_milestone_form_is_refused(cast) -> None:
    pilot = cast.pilot()
    loaded_at = pilot.version
    save_milestone(pilot, 2022, "計画", "", expected_version=loaded_at, actor=cast.staff)
    with pytest.raises(Conflict, match="他の人が先に"):
        save_milestone(pilot, 2022, "上書き", "", expected_version=loaded_at, actor=cast.coordinator)


@pytest.mark.parametrize("year", [2021, 2026])
def test_only_years_of_the_cycle(cast, year) -> None:
    pilot = cast.pilot()
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
    assert client.submit(url, page=f"/pilots/{pilot.id}").status_code == 302
    assert db.session.get(PilotKpi, kpi_id) is None

"""The implementing organisation enters measured minutes; they count only once the
department (its staff or the programme office) confirms them; every move is audited and
every refusal is said on the pilot page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, PilotStage
from hackplat.models.pilots import MeasurementStatus, PilotMeasurement
from hackplat.pilots.measurements import Measured, decide_measurement, propose_measurement
from hackplat.pilots.measures import overall_assessment

#: Collected once; two days ahead stays in the future if the run crosses midnight in Japan.
TODAY = japan_today()


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def running(cast):
    pilot = cast.pilot(PilotStage.RUNNING)
    return pilot, cast.kpi(pilot, 60, 45, procedure="窓口申請")


def test_a_measurement_counts_only_once_the_department_confirms_it(cast, running) -> None:
    pilot, kpi = running
    measurement = propose_measurement(kpi, Measured(30, TODAY, "10件の平均"), actor=cast.member)
    assert kpi.minutes_after == 45
    assert overall_assessment(pilot).percent == 25.0
    decide_measurement(measurement, MeasurementStatus.CONFIRMED, actor=cast.staff)
    assert (kpi.minutes_after, measurement.status) == (30, MeasurementStatus.CONFIRMED)
    assert measurement.decided_by_id == cast.staff.id
    assert overall_assessment(pilot).percent == 50.0
    assert actions() == ["pilot.measurement_proposed", "pilot_measurement.confirmed"]
    record = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert record.detail["minutes_after"] == [45, 30]


def test_a_rejected_measurement_changes_nothing_and_is_decided_once(cast, running) -> None:
    _pilot, kpi = running
    measurement = propose_measurement(kpi, Measured(30, TODAY), actor=cast.member)
    decide_measurement(measurement, MeasurementStatus.REJECTED, actor=cast.coordinator)
    assert kpi.minutes_after == 45
    with pytest.raises(Conflict, match="差し戻し"):
        decide_measurement(measurement, MeasurementStatus.CONFIRMED, actor=cast.staff)


@pytest.mark.parametrize("who", ["staff", "coordinator", "other_member", "public"])
def test_only_the_organisations_members_enter_measurements(cast, running, who) -> None:
    with pytest.raises(PermissionDenied):
        propose_measurement(running[1], Measured(30, TODAY), actor=cast.actor(who))


@pytest.mark.parametrize("who", ["member", "other_member", "other_staff", "public"])
def test_only_the_department_confirms(cast, running, who) -> None:
    measurement = propose_measurement(running[1], Measured(30, TODAY), actor=cast.member)
    with pytest.raises(PermissionDenied):
        decide_measurement(measurement, MeasurementStatus.CONFIRMED, actor=cast.actor(who))
    assert running[1].minutes_after == 45


@pytest.mark.parametrize(
    ("minutes", "day", "field"),
    [(-1, TODAY, "minutes_after"), (0.001, TODAY, "minutes_after"), (100_001, TODAY, "minutes_after"),
     (None, TODAY, "minutes_after"), (30, None, "measured_on"), (30, TODAY + timedelta(days=2), "measured_on")],
)  # fmt: skip
def test_bad_measurements_are_refused_next_to_their_field(cast, running, minutes, day, field) -> None:
    with pytest.raises((InvalidInput, Conflict)) as refused:
        propose_measurement(running[1], Measured(minutes, day), actor=cast.member)
    assert refused.value.field == field
    assert db.session.scalar(select(PilotMeasurement.id)) is None


def test_a_pilot_only_considered_measures_nothing_yet(cast) -> None:
    pilot = cast.pilot()
    kpi = cast.kpi(pilot, 60, 45)
    with pytest.raises(Conflict, match="試行実施"):
        propose_measurement(kpi, Measured(30, TODAY), actor=cast.member)


def test_through_the_pages_the_member_enters_and_the_staff_confirms(client, login, cast, running) -> None:
    pilot, kpi = running
    page = f"/pilots/{pilot.id}"
    login(cast.member)
    assert "測定値を登録" in text_of(client.get(page))
    data = {"kpi": str(kpi.id), "minutes_after": "３０", "measured_on": TODAY.isoformat(), "note": "平均"}
    assert client.submit(f"{page}/measurements", data).status_code == 302
    refused = client.submit(f"{page}/measurements", {**data, "minutes_after": "-5"})
    assert refused.status_code == 409
    assert "マイナスの値は登録できません" in text_of(refused)
    client.post("/logout", data={"csrf_token": client.csrf_token(page)})
    login(cast.staff)
    body = text_of(client.get(page))
    assert "確認待ちの測定値" in body
    assert "確認して反映する" in body
    measurement = db.session.scalar(select(PilotMeasurement))
    assert client.submit(f"{page}/measurements/{measurement.id}/confirm").status_code == 302
    again = client.submit(f"{page}/measurements/{measurement.id}/reject")
    assert again.status_code == 409
    assert "「確認済み」の測定値を「差し戻し」にすることはできません。" in text_of(again)
    db.session.refresh(kpi)
    assert kpi.minutes_after == 30


def test_the_page_shows_hours_saved_beside_the_reduction(client, login, cast, running) -> None:
    pilot, kpi = running
    kpi.yearly_count = 1200
    db.session.commit()
    login(cast.member)
    body = text_of(client.get(f"/pilots/{pilot.id}"))
    assert "窓口申請 いいえ 60 45 25.0% 1,200 300.0時間" in body
    assert "年間削減時間（年間件数を入力した手続の合計）: 300.0時間" in body


# --- decided once, on a pilot that still measures ---


def test_a_decision_made_meanwhile_elsewhere_wins_and_the_later_one_is_refused(cast, running) -> None:
    """A confirm in one tab and a reject in another: the reject is written between this
    request's load and its write, so the confirm (whose copy still says 確認待ち) is refused."""
    _pilot, kpi = running
    measurement = propose_measurement(kpi, Measured(30, TODAY), actor=cast.member)
    staff, other = cast.staff, cast.coordinator  # both created (and committed) first
    db.session.commit()
    assert measurement.status is MeasurementStatus.PROPOSED  # loaded in this request
    with db.engine.begin() as other_request:
        other_request.execute(
            text("UPDATE pilot_measurements SET status = 'rejected', decided_by_id = :who WHERE id = :id"),
            {"who": other.id, "id": measurement.id},
        )
    with pytest.raises(Conflict, match="ほかの人が先に確認または差し戻しました"):
        decide_measurement(measurement, MeasurementStatus.CONFIRMED, actor=staff)
    db.session.rollback()
    assert (kpi.minutes_after, measurement.status) == (45, MeasurementStatus.REJECTED)
    assert measurement.decided_by_id == other.id
    assert "pilot_measurement.confirmed" not in actions()


def test_a_stopped_pilots_measurement_is_neither_confirmed_nor_rejected(client, login, cast, running) -> None:
    pilot, kpi = running
    measurement = propose_measurement(kpi, Measured(30, TODAY), actor=cast.member)
    pilot.stage = PilotStage.STOPPED
    db.session.commit()
    for to in (MeasurementStatus.CONFIRMED, MeasurementStatus.REJECTED):
        with pytest.raises(Conflict, match="「中止」の試行の測定値は確認も差し戻しもできません。"):
            decide_measurement(measurement, to, actor=cast.staff)
        db.session.rollback()
    login(cast.staff)
    page = f"/pilots/{pilot.id}"
    shown = text_of(client.get(page))
    assert "30" in shown  # listed…
    assert "確認して反映する" not in shown  # …not offered
    assert "差し戻す" not in shown
    refused = client.submit(f"{page}/measurements/{measurement.id}/confirm")
    assert refused.status_code == 409
    assert "「中止」の試行の測定値は確認も差し戻しもできません。" in text_of(refused)
    db.session.refresh(kpi)
    assert (kpi.minutes_after, measurement.status) == (45, MeasurementStatus.PROPOSED)


def test_the_second_of_two_decisions_through_the_pages_is_refused_on_the_page(client, login, cast, running) -> None:
    pilot, kpi = running
    measurement = propose_measurement(kpi, Measured(30, TODAY), actor=cast.member)
    db.session.commit()
    login(cast.staff)
    page = f"/pilots/{pilot.id}"
    token = client.csrf_token(page)  # both tabs opened before either decides
    assert client.post(f"{page}/measurements/{measurement.id}/reject", data={"csrf_token": token}).status_code == 302
    late = client.post(f"{page}/measurements/{measurement.id}/confirm", data={"csrf_token": token})
    assert late.status_code == 409
    assert "「差し戻し」の測定値を「確認済み」にすることはできません。" in text_of(late)
    db.session.refresh(kpi)
    assert kpi.minutes_after == 45

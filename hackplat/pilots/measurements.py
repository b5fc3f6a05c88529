"""Measured minutes entered by the implementing organisation, ``proposed → confirmed |
rejected``: a member of the organisation that runs the pilot proposes the minutes a
procedure now takes; the department (its staff, or the programme office) confirms them,
and only then do they count: confirming copies them to the KPI's ``minutes_after``, which
the pilot's reduction, its hours saved and the dashboard read. A rejected measurement
stays on record with who rejected it. Every move is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, update
from sqlalchemy.orm.attributes import set_committed_value

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.labels import MEASUREMENT_STATUS_LABELS, PILOT_STAGE_LABELS
from hackplat.lifecycle import LifeCycle, Move
from hackplat.models import Actor, Pilot, PilotKpi, PilotStage, User, utcnow
from hackplat.models.pilots import MeasurementStatus, PilotMeasurement
from hackplat.permissions import require
from hackplat.permissions.pilots import can_confirm_measurement, can_propose_measurement
from hackplat.pilots.measures import check_minutes
from hackplat.pilots.notices import tell_measurement_proposed
from hackplat.validation import checked_text

NOTE_MAX = 1000
#: A pilot measures once it runs; a stopped one no longer does.
MEASURING_STAGES = (PilotStage.RUNNING, PilotStage.EVALUATED, PilotStage.ROLLED_OUT)


@dataclass(frozen=True)
class Measured:
    """What the organisation typed: the minutes after, the day measured, a note."""

    minutes_after: float | None
    measured_on: date | None
    note: str = ""


def pilot_of(measurement: PilotMeasurement) -> Pilot:
    return db.session.get_one(Pilot, measurement.kpi.pilot_id)


def _check(pilot: Pilot, data: Measured) -> tuple[float, date]:
    """The minutes and the day, once they are fine to record."""
    if pilot.stage not in MEASURING_STAGES:
        raise Conflict(_("測定値を登録できるのは、試行実施・効果検証・横展開の段階の試行だけです。"))
    minutes = check_minutes("minutes_after", data.minutes_after)
    if data.measured_on is None:
        raise InvalidInput(_("測定した日を入力してください。"), field="measured_on")
    if data.measured_on > japan_today():
        raise InvalidInput(_("測定した日には今日（日本時間）までの日付を入力してください。"), field="measured_on")
    checked_text(data.note, "note", NOTE_MAX)
    return minutes, data.measured_on


def propose_measurement(kpi: PilotKpi, data: Measured, *, actor: User) -> PilotMeasurement:
    """The organisation's measurement, waiting for the department's confirmation."""
    pilot = db.session.get_one(Pilot, kpi.pilot_id)
    require(can_propose_measurement(actor, pilot))
    minutes, measured_on = _check(pilot, data)
    measurement = PilotMeasurement(minutes_after=minutes, measured_on=measured_on,
                                   note=data.note.strip(), proposed_by_id=actor.id)  # fmt: skip
    kpi.measurements.append(measurement)
    flush_or_conflict()
    detail = {"kpi_id": kpi.id, "measurement_id": measurement.id, "minutes_after": minutes}
    audit.record("pilot.measurement_proposed", "pilot", pilot.id, actor=actor, detail=detail)
    tell_measurement_proposed(pilot, kpi)
    return measurement


def _confirmer(actor: Actor, measurement: PilotMeasurement) -> bool:
    return can_confirm_measurement(actor, pilot_of(measurement))


LIFE_CYCLE: LifeCycle[MeasurementStatus, PilotMeasurement] = LifeCycle(
    moves={
        (MeasurementStatus.PROPOSED, MeasurementStatus.CONFIRMED): Move(_confirmer),
        (MeasurementStatus.PROPOSED, MeasurementStatus.REJECTED): Move(_confirmer),
    },
    labels=MEASUREMENT_STATUS_LABELS,
    refusal=_l("「%(before)s」の測定値を「%(after)s」にすることはできません。"),
    audit_prefix="pilot_measurement",
    object_type="pilot_measurement",
)


def decide_measurement(measurement: PilotMeasurement, to: MeasurementStatus, *, actor: User) -> PilotMeasurement:
    """Confirm (the KPI's minutes after become the measured ones) or reject, once: the
    status moves in one conditional UPDATE, so of two decisions made at the same time
    (a confirm in one tab, a reject in another) only the first is written."""
    step = LIFE_CYCLE.check(measurement, to, actor=actor)
    pilot = pilot_of(measurement)
    if pilot.stage not in MEASURING_STAGES:
        stage = PILOT_STAGE_LABELS[pilot.stage]
        raise Conflict(_("「%(stage)s」の試行の測定値は確認も差し戻しもできません。", stage=stage))
    _claim(measurement, to, actor)
    kpi = measurement.kpi
    before = kpi.minutes_after
    if to is MeasurementStatus.CONFIRMED:
        kpi.minutes_after = measurement.minutes_after
        pilot.updated_at = utcnow()  # the pilot's version moves on
    LIFE_CYCLE.enter(measurement, step, detail={"kpi_id": kpi.id, "pilot_id": kpi.pilot_id,
                                                "minutes_after": [before, kpi.minutes_after]})  # fmt: skip
    return measurement


def _claim(measurement: PilotMeasurement, to: MeasurementStatus, actor: User) -> None:
    """Write the decision only if the measurement is still waiting for one in the
    database (not only in this request's copy); refuse it otherwise."""
    decided_at = utcnow()
    statement = (
        update(PilotMeasurement)
        .where(PilotMeasurement.id == measurement.id, PilotMeasurement.status == MeasurementStatus.PROPOSED)
        .values(status=to, decided_by_id=actor.id, decided_at=decided_at)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE's result is a CursorResult (it has the rowcount); Session.execute says Result.
    written = cast("CursorResult[Any]", db.session.execute(statement))
    if written.rowcount != 1:
        raise Conflict(_("この測定値はほかの人が先に確認または差し戻しました。ページを再読み込みしてください。"))
    # This copy follows the row (the status is set by LIFE_CYCLE.enter, no second write).
    set_committed_value(measurement, "decided_by_id", actor.id)
    set_committed_value(measurement, "decided_at", decided_at)
    set_committed_value(measurement, "status", to)


def pending_measurements(pilot: Pilot) -> list[PilotMeasurement]:
    """The measurements waiting for the department, oldest first."""
    return [m for kpi in pilot.kpis for m in kpi.measurements if m.status is MeasurementStatus.PROPOSED]


def measurement_of(pilot: Pilot, measurement_id: int) -> PilotMeasurement | None:
    measurement = db.session.get(PilotMeasurement, measurement_id)
    return measurement if measurement is not None and measurement.kpi.pilot_id == pilot.id else None

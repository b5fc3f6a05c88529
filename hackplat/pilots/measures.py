"""What a pilot measures: a plan and a result for each fiscal year of the strategy cycle
(4期制), and KPIs — the minutes a procedure took before and after the pilot.

Each change is audited and touches the pilot, so that its ``version`` moves on: an edit
form loaded before someone else's change is refused as stale (409) rather than silently
overwriting it. Negative minutes are refused with a Conflict (409) next to the field, as
the issue lists them among what the programme forbids; anything else wrong with the
input (missing, not a number, 0 minutes before, absurdly large) is InvalidInput (400).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version, stale_edit
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import cycle_years
from hackplat.models import Pilot, PilotKpi, PilotMilestone, User, utcnow
from hackplat.permissions import can_manage_pilot, require
from hackplat.pilots.kpis import Assessment, assess, assessment_of, overall_reduction
from hackplat.validation import checked_text

#: The first fiscal year of the current strategy cycle (1Q = FY2022 … 4Q = FY2025).
CYCLE_FIRST_YEAR = 2022
MILESTONE_TEXT_MAX = 2000
PROCEDURE_MAX = 200
MINUTES_MAX = 100_000  # over two months: anything longer is a typing mistake
#: Minutes are typed with two decimals at most; a smaller non-zero value (1e-320) is no
#: measurement, and dividing by it overflows the reduction.
MINUTES_MIN = 0.01
MINUTE_FIELDS = ("minutes_before", "minutes_after")


def milestone_years() -> list[int]:
    return cycle_years(CYCLE_FIRST_YEAR)


def _touch(pilot: Pilot) -> None:
    """Mark the pilot changed (its version moves on with the UPDATE)."""
    pilot.updated_at = utcnow()


# --- milestones ---


def save_milestone(
    pilot: Pilot, fiscal_year: int, plan: str, result: str, *, expected_version: int | None, actor: User
) -> PilotMilestone:
    """Write the plan and the result of one fiscal year of the cycle (create or update)."""
    require(can_manage_pilot(actor, pilot))
    require_version(pilot, expected_version)
    if fiscal_year not in milestone_years():
        raise InvalidInput(_("戦略の期間外の年度です。"))
    plan, result = (plan or "").strip(), (result or "").strip()
    for name, text in (("plan", plan), ("result", result)):
        checked_text(text, name, MILESTONE_TEXT_MAX)
    query = select(PilotMilestone).where(PilotMilestone.pilot_id == pilot.id, PilotMilestone.fiscal_year == fiscal_year)
    milestone = db.session.scalar(query) or PilotMilestone(pilot_id=pilot.id, fiscal_year=fiscal_year)
    milestone.plan, milestone.result = plan, result
    db.session.add(milestone)
    _touch(pilot)
    audit.record("pilot.milestone_saved", "pilot", pilot.id, actor=actor, detail={"fiscal_year": fiscal_year})
    flush_or_conflict(on_duplicate=stale_edit())  # another save of the same year won the race
    return milestone


def milestones_by_year(pilot: Pilot) -> dict[int, PilotMilestone]:
    return {milestone.fiscal_year: milestone for milestone in pilot.milestones}


# --- KPIs ---


@dataclass(frozen=True)
class KpiFields:
    """What the KPI form edits; ``None`` minutes: not given (or not a number)."""

    procedure: str
    is_smartphone: bool
    minutes_before: float | None
    minutes_after: float | None


def _check_minutes(name: str, value: float | None) -> None:
    if value is None or not math.isfinite(value):
        raise InvalidInput(_("分数を数値で入力してください。"), field=name)
    if value < 0:
        raise Conflict(_("所要時間にマイナスの値は登録できません。0以上の分数を入力してください。"), field=name)
    if value > MINUTES_MAX:
        raise InvalidInput(_("%(max)d分以下で入力してください。", max=MINUTES_MAX), field=name)
    if 0 < value < MINUTES_MIN:
        raise InvalidInput(_("0分か、0.01分以上の分数を入力してください。"), field=name)


def _check_kpi(data: KpiFields) -> None:
    checked_text(data.procedure, "procedure", PROCEDURE_MAX, needed=True, missing=_("手続の名前を入力してください。"))
    for name in MINUTE_FIELDS:
        _check_minutes(name, getattr(data, name))
    if data.minutes_before == 0:
        raise InvalidInput(_("試行前の所要時間には0より大きい分数を入力してください。"), field="minutes_before")


def _apply(kpi: PilotKpi, data: KpiFields) -> dict[str, object]:
    """Copy the form's values onto the KPI; return them, for the audit record."""
    values = {
        "procedure": data.procedure.strip(), "is_smartphone": data.is_smartphone,
        "minutes_before": data.minutes_before, "minutes_after": data.minutes_after,
    }  # fmt: skip
    for name, value in values.items():
        setattr(kpi, name, value)
    return values


def add_kpi(pilot: Pilot, data: KpiFields, *, actor: User) -> PilotKpi:
    require(can_manage_pilot(actor, pilot))
    _check_kpi(data)
    kpi = PilotKpi()
    values = _apply(kpi, data)
    pilot.kpis.append(kpi)
    _touch(pilot)
    flush_or_conflict()
    audit.record("pilot.kpi_added", "pilot", pilot.id, actor=actor, detail={"kpi_id": kpi.id, **values})
    return kpi


def update_kpi(kpi: PilotKpi, data: KpiFields, *, expected_version: int | None, actor: User) -> PilotKpi:
    """Save a KPI edited on the pilot as it was at ``expected_version``."""
    pilot = db.session.get_one(Pilot, kpi.pilot_id)
    require(can_manage_pilot(actor, pilot))
    require_version(pilot, expected_version)
    _check_kpi(data)
    values = _apply(kpi, data)
    _touch(pilot)
    audit.record("pilot.kpi_updated", "pilot", pilot.id, actor=actor, detail={"kpi_id": kpi.id, **values})
    flush_or_conflict()
    return kpi


def delete_kpi(kpi: PilotKpi, *, actor: User) -> None:
    """Remove a KPI; the audit record keeps what it said."""
    pilot = db.session.get_one(Pilot, kpi.pilot_id)
    require(can_manage_pilot(actor, pilot))
    detail = {"kpi_id": kpi.id, "procedure": kpi.procedure,
              "minutes_before": kpi.minutes_before, "minutes_after": kpi.minutes_after}  # fmt: skip
    db.session.delete(kpi)
    _touch(pilot)
    audit.record("pilot.kpi_deleted", "pilot", pilot.id, actor=actor, detail=detail)
    flush_or_conflict()
    db.session.expire(pilot, ["kpis"])


def kpi_assessments(pilot: Pilot) -> dict[int, Assessment]:
    """Each KPI's reduction and flags, by KPI id (for the pilot page)."""
    return {
        kpi.id: assess(kpi.minutes_before, kpi.minutes_after, is_smartphone=kpi.is_smartphone) for kpi in pilot.kpis
    }


def overall_assessment(pilot: Pilot) -> Assessment | None:
    """The pilot's Σ-based reduction against the bottom line; None without KPIs."""
    share_saved = overall_reduction((kpi.minutes_before, kpi.minutes_after) for kpi in pilot.kpis)
    return None if share_saved is None else assessment_of(share_saved)

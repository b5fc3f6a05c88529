"""What a pilot measures: a plan and a result for each of the pilot's own fiscal years
(from the year it was considered until the year it ended, or this year while it goes
on), and KPIs — the minutes a procedure took before and after the pilot, and how many
times a year it is done (年間件数, for the hours saved per year).

Each change is audited and touches the pilot, so that its ``version`` moves on: an edit
form loaded before someone else's change is refused as stale (409) rather than silently
overwriting it. Negative minutes are refused with a Conflict (409) next to the field, as
the issue lists them among what the programme forbids; anything else wrong with the
input (missing, not a number, 0 minutes before, absurdly large) is InvalidInput (400).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version, stale_edit
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.models import Pilot, PilotKpi, PilotMilestone, PilotStage, User, utcnow
from hackplat.permissions import can_manage_pilot, require
from hackplat.pilots.kpis import Assessment, assess, assessment_of, hours_saved_per_year, overall_reduction
from hackplat.validation import checked_text

#: The stages a pilot ends in: its years stop at the year it entered one.
ENDED = (PilotStage.ROLLED_OUT, PilotStage.STOPPED)
#: 年間件数: a million procedures a day is beyond any city's; more is a typing mistake.
YEARLY_COUNT_MAX = 10_000_000
MILESTONE_TEXT_MAX = 2000
PROCEDURE_MAX = 200
MINUTES_MAX = 100_000  # over two months: anything longer is a typing mistake
#: Minutes are typed with two decimals at most; a smaller non-zero value (1e-320) is no
#: measurement, and dividing by it overflows the reduction.
MINUTES_MIN = 0.01
MINUTE_FIELDS = ("minutes_before", "minutes_after")


def pilot_years(pilot: Pilot, today: date | None = None) -> list[int]:
    """The fiscal years the pilot has plans and results for: from the year it was
    considered until the year it ended (rolled out or stopped), or until this fiscal
    year while it goes on."""
    considered = pilot.stage_changes[0].changed_on if pilot.stage_changes else pilot.stage_changed_on
    last = fiscal_year_of(pilot.stage_changed_on)
    if pilot.stage not in ENDED:
        last = max(last, fiscal_year_of(today or japan_today()))
    return list(range(fiscal_year_of(considered), last + 1))


def _touch(pilot: Pilot) -> None:
    """Mark the pilot changed (its version moves on with the UPDATE)."""
    pilot.updated_at = utcnow()


# --- milestones ---


def save_milestone(
    pilot: Pilot, fiscal_year: int, plan: str, result: str, *, expected_version: int | None, actor: User
) -> PilotMilestone:
    """Write the plan and the result of one of the pilot's fiscal years (create or update)."""
    require(can_manage_pilot(actor, pilot))
    require_version(pilot, expected_version)
    if fiscal_year not in pilot_years(pilot):
        raise InvalidInput(_("この試行の期間外の年度です。"))
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
    yearly_count: int | None = None


def check_minutes(name: str, value: float | None) -> float:
    """``value`` as minutes a KPI may hold (0, or 0.01..100,000), or the refusal."""
    if value is None or not math.isfinite(value):
        raise InvalidInput(_("分数を数値で入力してください。"), field=name)
    if value < 0:
        raise Conflict(_("所要時間にマイナスの値は登録できません。0以上の分数を入力してください。"), field=name)
    if value > MINUTES_MAX:
        raise InvalidInput(_("%(max)d分以下で入力してください。", max=MINUTES_MAX), field=name)
    if 0 < value < MINUTES_MIN:
        raise InvalidInput(_("0分か、0.01分以上の分数を入力してください。"), field=name)
    return value


def _check_kpi(data: KpiFields) -> None:
    checked_text(data.procedure, "procedure", PROCEDURE_MAX, needed=True, missing=_("手続の名前を入力してください。"))
    for name in MINUTE_FIELDS:
        check_minutes(name, getattr(data, name))
    if data.minutes_before == 0:
        raise InvalidInput(_("試行前の所要時間には0より大きい分数を入力してください。"), field="minutes_before")
    if data.yearly_count is not None and not 0 <= data.yearly_count <= YEARLY_COUNT_MAX:
        raise InvalidInput(_("年間件数は0から%(max)sまでの整数で入力してください。", max=f"{YEARLY_COUNT_MAX:,}"),
                           field="yearly_count")  # fmt: skip


def _apply(kpi: PilotKpi, data: KpiFields) -> dict[str, object]:
    """Copy the form's values onto the KPI; return them, for the audit record."""
    values = {
        "procedure": data.procedure.strip(), "is_smartphone": data.is_smartphone,
        "minutes_before": data.minutes_before, "minutes_after": data.minutes_after, "yearly_count": data.yearly_count,
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


def hours_saved(pilot: Pilot) -> float | None:
    """年間削減時間 over the KPIs with a yearly count (None: no KPI has one)."""
    return hours_saved_per_year((kpi.minutes_before, kpi.minutes_after, kpi.yearly_count) for kpi in pilot.kpis)

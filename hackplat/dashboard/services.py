"""Administering the targets: yearly targets and entered results, what the public page
shows, and new cycles. Computed actuals are never written (report.py counts them)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.dashboard.report import cycle_containing, cycle_first_years
from hackplat.errors import InvalidInput, NotFound
from hackplat.extensions import db
from hackplat.fiscal import CYCLE_LENGTH, cycle_years, fiscal_year_of, japan_today, western_label
from hackplat.labels import fiscal_year_label
from hackplat.models import Indicator, IndicatorCycle, IndicatorUnit, IndicatorValue, User
from hackplat.permissions import can_edit_targets, require

MAX_FIGURE = 10_000_000
FIRST_YEAR_RANGE = (2000, 2100)
NOTE_MAX = 200


@dataclass(frozen=True)
class YearEntry:
    """What the admin typed for one fiscal year (None: left empty)."""

    fiscal_year: int
    target: float | None
    actual: float | None = None


class NoCycle(NotFound):
    """No cycle contains the fiscal year asked for, or today's: the pages say so and
    offer to define one (a plain page: 200 for today's year, 404 for a year asked for)."""

    def __init__(self, fiscal_year: int, *, requested: bool) -> None:
        super().__init__(_("%(year)sを含む目標の期間はまだ定義されていません。", year=fiscal_year_label(fiscal_year)))
        self.fiscal_year = fiscal_year
        self.requested = requested
        self.status = 404 if requested else 200


def resolve_cycle(requested: int | None) -> int:
    """The first year of the cycle containing the fiscal year asked for (``?cycle=2027``
    is the FY2026 cycle), or today's; ``NoCycle`` when none does."""
    year = requested if requested is not None else fiscal_year_of(japan_today())
    first = cycle_containing(year)
    if first is None:
        raise NoCycle(year, requested=requested is not None)
    return first


def _check_figure(indicator: Indicator, value: float | None, field: str) -> None:
    if value is None:
        return
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(_("0以上の数値を入力してください。"), field=field)
    if indicator.unit is IndicatorUnit.PERCENT:
        if value > 100:
            raise InvalidInput(_("0から100までの数値を入力してください。"), field=field)
    elif not value.is_integer() or value > MAX_FIGURE:
        raise InvalidInput(_("%(max)d以下の整数を入力してください。", max=MAX_FIGURE), field=field)


def _validate(indicator: Indicator, entries: list[YearEntry]) -> None:
    cycle_year_set = {year for first in cycle_first_years() for year in cycle_years(first)}
    for entry in entries:
        if entry.fiscal_year not in cycle_year_set:
            raise InvalidInput(_("登録されていない年度です。"))
        _check_figure(indicator, entry.target, f"target_{entry.fiscal_year}")
        if entry.actual is not None and not indicator.is_entered:
            raise InvalidInput(_("この指標の実績は自動で集計されます。"), field=f"actual_{entry.fiscal_year}")
        _check_figure(indicator, entry.actual, f"actual_{entry.fiscal_year}")


def _write_entry(indicator: Indicator, entry: YearEntry, actor: User) -> dict[str, list[float | None]]:
    """Set one year's figures; return what changed as {field: [before, after]}."""
    value = next((v for v in indicator.values if v.fiscal_year == entry.fiscal_year), None)
    if value is None:
        value = IndicatorValue(fiscal_year=entry.fiscal_year)
        indicator.values.append(value)
    after = {"target": entry.target, "actual": entry.actual if indicator.is_entered else value.actual}
    changes = {name: [getattr(value, name), new] for name, new in after.items() if getattr(value, name) != new}
    for name, new in after.items():
        setattr(value, name, new)
    if changes:
        value.updated_by_id = actor.id
    return changes


def update_indicator(
    indicator: Indicator, entries: list[YearEntry], *, is_public: bool, expected_version: int | None, actor: User
) -> Indicator:
    """Save the targets (and entered results) of some fiscal years, and the public flag,
    as edited on the indicator as it was at ``expected_version``."""
    require(can_edit_targets(actor))
    require_version(indicator, expected_version)
    _validate(indicator, entries)
    changes = {western_label(e.fiscal_year): c for e in entries if (c := _write_entry(indicator, e, actor))}
    if indicator.is_public != is_public:
        changes["is_public"] = [indicator.is_public, is_public]  # type: ignore[assignment]
        indicator.is_public = is_public
    flag_modified(indicator, "is_public")  # a new version even when only yearly values changed
    audit.record("indicator.updated", "indicator", indicator.id, actor=actor, detail={"changes": changes})
    flush_or_conflict()
    return indicator


@dataclass(frozen=True)
class CycleDefinition:
    """A new cycle as the admin defines it: the indicators it leaves out, and targets by
    indicator id, one per year of the cycle (None: none set)."""

    first_fiscal_year: int
    note: str = ""
    omitted: Sequence[int] = ()
    targets: Mapping[int, Sequence[float | None]] = field(default_factory=dict)


def _check_first_year(first_fiscal_year: int) -> None:
    low, high = FIRST_YEAR_RANGE
    if not low <= first_fiscal_year <= high:
        raise InvalidInput(_("%(low)dから%(high)dまでの年度を入力してください。", low=low, high=high),
                           field="first_fiscal_year")  # fmt: skip
    existing = db.session.scalars(select(IndicatorCycle.first_fiscal_year)).all()
    overlapping = [first for first in existing if abs(first - first_fiscal_year) < CYCLE_LENGTH]
    if overlapping:
        years = f"{western_label(overlapping[0])}–{western_label(overlapping[0] + CYCLE_LENGTH - 1)}"
        raise InvalidInput(_("既にある期間（%(years)s）と重なります。", years=years), field="first_fiscal_year")


def _set_targets(definition: CycleDefinition, indicators: list[Indicator], actor: User) -> int:
    """Validate, then write the new cycle's targets; return how many were set."""
    years = cycle_years(definition.first_fiscal_year)
    typed = [(i, year, t) for i in indicators for year, t in zip(years, definition.targets.get(i.id, ()), strict=False)]
    for indicator, year, target in typed:
        _check_figure(indicator, target, f"target_{indicator.id}_{year - years[0]}")
    for indicator, year, target in typed:
        if target is not None:
            _write_entry(indicator, YearEntry(year, target, _actual_of(indicator, year)), actor)
    return sum(target is not None for _i, _y, target in typed)


def _actual_of(indicator: Indicator, year: int) -> float | None:
    return next((v.actual for v in indicator.values if v.fiscal_year == year), None)


def add_cycle(definition: CycleDefinition, *, actor: User) -> IndicatorCycle:
    """A new cycle of four fiscal years, the indicators it continues and its targets
    (more can be entered afterwards, indicator by indicator)."""
    require(can_edit_targets(actor))
    _check_first_year(definition.first_fiscal_year)
    if len(definition.note) > NOTE_MAX:
        raise InvalidInput(_("%(max)d文字以内で入力してください。", max=NOTE_MAX), field="note")
    indicators = all_indicators()
    omitted = [indicator for indicator in indicators if indicator.id in definition.omitted]
    continued = [indicator for indicator in indicators if indicator not in omitted]
    if not continued:
        raise InvalidInput(_("引き継ぐ指標を1つ以上選んでください。"), field="continuing")
    cycle = IndicatorCycle(first_fiscal_year=definition.first_fiscal_year, note=definition.note.strip(),
                           created_by_id=actor.id, omitted=omitted)  # fmt: skip
    db.session.add(cycle)
    targets = _set_targets(definition, continued, actor)
    db.session.flush()
    detail = {"first_fiscal_year": definition.first_fiscal_year, "note": cycle.note,
              "omitted": [indicator.key for indicator in omitted], "targets_set": targets}  # fmt: skip
    audit.record("indicator_cycle.created", "indicator_cycle", cycle.id, actor=actor, detail=detail)
    return cycle


def all_indicators() -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).order_by(Indicator.position, Indicator.id)))


def next_cycle_start() -> int:
    """The year after the last cycle ends (the form's suggestion)."""
    firsts = cycle_first_years()
    return firsts[-1] + CYCLE_LENGTH if firsts else fiscal_year_of(japan_today())

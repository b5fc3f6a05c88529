"""The report: every indicator × fiscal year of a cycle with its target, actual,
percentage reached and 4段階 step. The dashboard, the downloads, the public page and
the ``report`` command all show this one structure.

Percentage reached: actual / target; for an indicator with a baseline (the survey
indices, "8.6 % → over 50 %") it is the progress made from the baseline towards the
target, (actual − baseline) / (target − baseline), never below 0. Reaching the target
("over 50 %" is read as "50 % or more") is 100 %. The step is the highest of 25/50/75/100
that the percentage reaches (none below 25 %).

A year after the current fiscal year has no actual yet (it is not "0"); the current
one shows the figure so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hackplat.dashboard.counts import ProgrammeCounts, Window
from hackplat.extensions import db
from hackplat.fiscal import CYCLE_LENGTH, cycle_quarter, cycle_years, fiscal_year_of, japan_today
from hackplat.models import Counting, Indicator, IndicatorCycle

STEPS = (25, 50, 75, 100)


def percent_reached(actual: float | None, target: float | None, baseline: float | None = None) -> float | None:
    if actual is None or target is None:
        return None
    if baseline is not None and target > baseline:
        return round(max(0.0, (actual - baseline) / (target - baseline)) * 100, 1)
    if target <= 0:
        return None
    return round(actual / target * 100, 1)


def step_of(percent: float | None) -> int | None:
    """The 4段階 step: the highest of 25/50/75/100 % reached."""
    if percent is None:
        return None
    reached = [step for step in STEPS if percent >= step]
    return reached[-1] if reached else None


@dataclass(frozen=True)
class YearFigure:
    fiscal_year: int
    quarter: str  # 1Q–4Q of the cycle
    target: float | None
    actual: float | None
    percent: float | None
    step: int | None


@dataclass(frozen=True)
class IndicatorReport:
    indicator: Indicator
    years: list[YearFigure]

    @property
    def latest(self) -> YearFigure | None:
        """The last year with an actual (the current one while the cycle runs)."""
        known = [year for year in self.years if year.actual is not None]
        return known[-1] if known else None

    @property
    def has_data(self) -> bool:
        """Some year of the cycle has a target or an actual (else the dashboard folds it away)."""
        return any(year.target is not None or year.actual is not None for year in self.years)

    @property
    def final_target(self) -> float | None:
        return self.years[-1].target if self.years else None

    @property
    def cycle_total(self) -> float | None:
        """The figure over the whole cycle (to date): a yearly count summed, else the latest."""
        known = [year.actual for year in self.years if year.actual is not None]
        if not known:
            return None
        return sum(known) if self.indicator.counting is Counting.YEARLY else known[-1]


def cycle_first_years() -> list[int]:
    return list(db.session.scalars(select(IndicatorCycle.first_fiscal_year).order_by(IndicatorCycle.first_fiscal_year)))


def cycle_containing(fiscal_year: int) -> int | None:
    """The first year of the cycle that ``fiscal_year`` belongs to, if one does."""
    return next((first for first in cycle_first_years() if first <= fiscal_year < first + CYCLE_LENGTH), None)


def default_cycle(today: date | None = None) -> int | None:
    """The cycle the current fiscal year belongs to, or None: an ended cycle is not
    shown as if it were the current one (the pages say a new one must be defined)."""
    return cycle_containing(fiscal_year_of(today or japan_today()))


def cycle_of(first_year: int) -> IndicatorCycle:
    return db.session.scalars(
        select(IndicatorCycle).options(selectinload(IndicatorCycle.omitted)).where(
            IndicatorCycle.first_fiscal_year == first_year)
    ).one()  # fmt: skip


def windows_for(counting: Counting, first_year: int) -> list[Window]:
    years = cycle_years(first_year)
    if counting is Counting.CUMULATIVE:
        return [(None, year) for year in years]
    if counting is Counting.CYCLE:
        return [(first_year, year) for year in years]
    return [(year, year) for year in years]


def _actuals(indicator: Indicator, first_year: int, counts: ProgrammeCounts, current_year: int) -> list[float | None]:
    years = cycle_years(first_year)
    if indicator.is_entered:
        entered = {value.fiscal_year: value.actual for value in indicator.values}
        figures = [entered.get(year) for year in years]
    else:
        figures = counts.figures(indicator.source, windows_for(indicator.counting, first_year))
    return [figure if year <= current_year else None for year, figure in zip(years, figures, strict=True)]


def indicator_report(
    indicator: Indicator, first_year: int, counts: ProgrammeCounts, current_year: int
) -> IndicatorReport:
    targets = {value.fiscal_year: value.target for value in indicator.values}
    actuals = _actuals(indicator, first_year, counts, current_year)
    years = []
    for year, actual in zip(cycle_years(first_year), actuals, strict=True):
        target = targets.get(year)
        percent = percent_reached(actual, target, indicator.baseline)
        quarter = cycle_quarter(year, first_year) or ""
        years.append(YearFigure(year, quarter, target, actual, percent, step_of(percent)))
    return IndicatorReport(indicator, years)


def build_report(first_year: int, *, public_only: bool = False, today: date | None = None) -> list[IndicatorReport]:
    """Every indicator the cycle starting in ``first_year`` continues (or only the public
    ones)."""
    omitted = [indicator.id for indicator in cycle_of(first_year).omitted]
    query = select(Indicator).options(selectinload(Indicator.values)).order_by(Indicator.position, Indicator.id)
    query = query.where(Indicator.id.not_in(omitted)) if omitted else query
    if public_only:
        query = query.where(Indicator.is_public.is_(True))
    counts = ProgrammeCounts([*cycle_years(first_year), first_year + CYCLE_LENGTH])
    current_year = fiscal_year_of(today or japan_today())
    return [indicator_report(i, first_year, counts, current_year) for i in db.session.scalars(query)]


def by_key(report: list[IndicatorReport]) -> dict[str, IndicatorReport]:
    return {row.indicator.key: row for row in report}

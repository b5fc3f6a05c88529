"""The computed actuals: aggregate queries over the programme's own records.

Every count is taken at the boundaries of fiscal years: how many records come before
1 April 00:00 of year y, in Japan time (hackplat/fiscal.py), whatever the server's time
zone. A query takes all boundaries at once, with one
``COUNT(CASE WHEN t < boundary THEN 1 END)`` column per boundary: the database
counts in one pass, on SQLite and PostgreSQL alike, and no row is loaded into Python.
A fiscal year's figure is then the difference of two boundaries (per year, within the
cycle) or a boundary itself (cumulative). The one exception is the median time
reduction: the per-pilot reductions are summed in SQL and only their median (over a
few dozen pilots) is taken here.

These read the models of the other features directly (not their services): the
dashboard only counts, it changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from typing import Any

from sqlalchemy import case, func, select

from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_start
from hackplat.models import (
    CaseStatus,
    IndicatorSource,
    KnowledgeCase,
    Need,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Pilot,
    PilotKpi,
    PilotStage,
    PilotStageChange,
    Proposal,
    Role,
    User,
    WorkingGroup,
)
from hackplat.pilots.kpis import hours_saved_per_year
from hackplat.pilots.measurements import MEASURING_STAGES

Window = tuple[int | None, int]  # (first fiscal year or None for "since the start", last fiscal year)
Figures = list[float | None]
#: Records before 1 April 00:00 (Japan time) of each of these fiscal years: {year: count}.
Before = dict[int, float]

ORGANISATION_SOURCES = {
    IndicatorSource.COMPANIES: OrganisationKind.COMPANY,
    IndicatorSource.UNIVERSITIES: OrganisationKind.UNIVERSITY,
    IndicatorSource.NPOS: OrganisationKind.NPO,
    IndicatorSource.OTHER_ORGANISATIONS: OrganisationKind.OTHER,
}
PILOT_SOURCES = {
    IndicatorSource.PILOTS_CONSIDERED: PilotStage.CONSIDERED,
    IndicatorSource.PILOTS_RUN: PilotStage.RUNNING,
    IndicatorSource.PILOTS_EVALUATED: PilotStage.EVALUATED,
    IndicatorSource.PILOTS_ROLLED_OUT: PilotStage.ROLLED_OUT,
    IndicatorSource.PILOTS_STOPPED: PilotStage.STOPPED,
}


def _moment(fiscal_year: int) -> datetime:
    return fiscal_year_start(fiscal_year)


def _day(fiscal_year: int) -> date:
    """For DATE columns, which already hold a day in Japan time."""
    return date(fiscal_year, 4, 1)


def _before_columns(column: Any, boundaries: list[int], bound: Callable[[int], Any], weight: Any = None) -> list[Any]:
    """One column per boundary: how many records (or the sum of ``weight``) come before it."""
    if weight is None:
        return [func.count(case((column < bound(year), 1))) for year in boundaries]
    return [func.coalesce(func.sum(case((column < bound(year), weight), else_=0)), 0) for year in boundaries]


def _as_before(boundaries: list[int], counts: Any) -> Before:
    return {year: float(n) for year, n in zip(boundaries, counts, strict=True)}


def _timestamp_counts(column: Any, boundaries: list[int], *criteria: Any) -> Before:
    query = select(*_before_columns(column, boundaries, _moment)).where(column < _moment(max(boundaries)), *criteria)
    return _as_before(boundaries, db.session.execute(query).one())


def count_participants(boundaries: list[int]) -> Before:
    """Members of approved organisations, by when their organisation was approved: the
    members are counted per organisation first (one index scan of users), then weighted."""
    members = (
        select(User.organisation_id, func.count().label("members"))
        .where(User.role == Role.MEMBER)
        .group_by(User.organisation_id)
        .subquery()
    )
    column = Organisation.approved_at
    query = (
        select(*_before_columns(column, boundaries, _moment, members.c.members))
        .select_from(Organisation)
        .join(members, members.c.organisation_id == Organisation.id)
        .where(Organisation.status == OrganisationStatus.APPROVED, column < _moment(max(boundaries)))
    )
    return _as_before(boundaries, db.session.execute(query).one())


def count_organisations(boundaries: list[int]) -> dict[IndicatorSource, Before]:
    """Approved organisations by kind, and startups (of any kind), in one grouped query."""
    column = Organisation.approved_at
    query = (
        select(Organisation.kind, Organisation.is_startup, *_before_columns(column, boundaries, _moment))
        .where(Organisation.status == OrganisationStatus.APPROVED, column < _moment(max(boundaries)))
        .group_by(Organisation.kind, Organisation.is_startup)
    )
    sources = (IndicatorSource.ORGANISATIONS, IndicatorSource.STARTUPS, *ORGANISATION_SOURCES)
    totals = {source: dict.fromkeys(boundaries, 0.0) for source in sources}
    kind_source = {kind: source for source, kind in ORGANISATION_SOURCES.items()}
    for kind, is_startup, *counts in db.session.execute(query):
        for source in (IndicatorSource.ORGANISATIONS, kind_source[kind], *([IndicatorSource.STARTUPS] * is_startup)):
            for year, n in zip(boundaries, counts, strict=True):
                totals[source][year] += float(n)
    return totals


def count_pilot_stages(boundaries: list[int]) -> dict[IndicatorSource, Before]:
    """Pilots by the day they first entered each stage (a pilot counts once per stage)."""
    entered = (
        select(PilotStageChange.to_stage.label("stage"), func.min(PilotStageChange.changed_on).label("entered_on"))
        .group_by(PilotStageChange.pilot_id, PilotStageChange.to_stage)
        .subquery()
    )
    query = (
        select(entered.c.stage, *_before_columns(entered.c.entered_on, boundaries, _day))
        .where(entered.c.stage.in_(PILOT_SOURCES.values()))
        .group_by(entered.c.stage)
    )
    found = {stage: _as_before(boundaries, counts) for stage, *counts in db.session.execute(query)}
    return {source: found.get(stage, dict.fromkeys(boundaries, 0.0)) for source, stage in PILOT_SOURCES.items()}


def median_time_reduction(windows: list[Window]) -> Figures:
    """The median, over the pilots run in the window, of each pilot's share of time saved
    (Σ minutes before − Σ minutes after) / Σ minutes before over its KPIs, in %."""
    before, after = func.sum(PilotKpi.minutes_before), func.sum(PilotKpi.minutes_after)
    per_pilot = (
        select(PilotKpi.pilot_id, ((before - after) / before).label("reduction")).group_by(PilotKpi.pilot_id).subquery()
    )
    run_on = (
        select(PilotStageChange.pilot_id, func.min(PilotStageChange.changed_on).label("run_on"))
        .where(PilotStageChange.to_stage == PilotStage.RUNNING)
        .group_by(PilotStageChange.pilot_id)
        .subquery()
    )
    rows = db.session.execute(
        select(per_pilot.c.reduction, run_on.c.run_on).join(run_on, run_on.c.pilot_id == per_pilot.c.pilot_id)
    ).all()
    figures: Figures = []
    for first, last in windows:
        start, end = (None if first is None else _day(first)), _day(last + 1)
        inside = [r for r, day in rows if (start is None or day >= start) and day < end]
        figures.append(round(median(inside) * 100, 1) if inside else None)
    return figures


@dataclass(frozen=True)
class HoursSaved:
    """年間削減時間 over the pilots that run (or ran and were evaluated or rolled out)."""

    hours: float | None  # None: no such pilot has a KPI with a yearly count
    pilots: int  # the pilots whose KPIs count


def hours_saved_by_pilots() -> HoursSaved:
    """Σ over the pilots of each pilot's hours saved per year, computed as its page does
    (pilots.kpis.hours_saved_per_year over its KPIs' confirmed minutes and yearly
    counts). Pilots only considered, or stopped, save nothing yet or any more."""
    query = (
        select(PilotKpi.pilot_id, PilotKpi.minutes_before, PilotKpi.minutes_after, PilotKpi.yearly_count)
        .join(Pilot, Pilot.id == PilotKpi.pilot_id)
        .where(Pilot.stage.in_(MEASURING_STAGES), PilotKpi.yearly_count.is_not(None))
    )
    by_pilot: dict[int, list[tuple[float, float, int | None]]] = {}
    for pilot_id, before, after, count in db.session.execute(query):
        by_pilot.setdefault(pilot_id, []).append((before, after, count))
    per_pilot = [hours_saved_per_year(rows) or 0.0 for rows in by_pilot.values()]
    return HoursSaved(sum(per_pilot) if per_pilot else None, len(per_pilot))


def _published_cases(boundaries: list[int]) -> Before:
    return _timestamp_counts(KnowledgeCase.published_at, boundaries, KnowledgeCase.status == CaseStatus.PUBLISHED)


BOUNDARY_COUNTS: dict[IndicatorSource, Callable[[list[int]], Before | dict[IndicatorSource, Before]]] = {
    IndicatorSource.PARTICIPANTS: count_participants,
    IndicatorSource.NEEDS_POSTED: lambda b: _timestamp_counts(Need.published_at, b),
    IndicatorSource.PROPOSALS_SUBMITTED: lambda b: _timestamp_counts(Proposal.submitted_at, b),
    IndicatorSource.WORKING_GROUPS: lambda b: _timestamp_counts(WorkingGroup.created_at, b),
    IndicatorSource.KNOWLEDGE_CASES: _published_cases,
    **{source: count_organisations for source in (IndicatorSource.ORGANISATIONS, IndicatorSource.STARTUPS,
                                                  *ORGANISATION_SOURCES)},
    **{source: count_pilot_stages for source in PILOT_SOURCES},
}  # fmt: skip
GROUPED = {count_organisations, count_pilot_stages}


class ProgrammeCounts:
    """The computed actuals of one report. Every count is first taken at the fiscal-year
    boundaries of the report ("how many before 1 April of year y"), once per query; a
    window is then the difference of two boundaries. So one query serves all the
    indicators it can (the organisations by kind, the pilot stages) and every way of
    counting (cumulative, within the cycle, per year)."""

    def __init__(self, boundaries: list[int]) -> None:
        self.boundaries = sorted(set(boundaries))
        self._taken: dict[Callable, Any] = {}

    def _before(self, source: IndicatorSource) -> Before:
        query = BOUNDARY_COUNTS[source]
        if query not in self._taken:
            self._taken[query] = query(self.boundaries)
        taken = self._taken[query]
        return taken[source] if query in GROUPED else taken

    def figures(self, source: IndicatorSource, windows: list[Window]) -> Figures:
        if source is IndicatorSource.TIME_REDUCTION:
            return median_time_reduction(windows)
        before = self._before(source)
        return [before[last + 1] - (0.0 if first is None else before[first]) for first, last in windows]

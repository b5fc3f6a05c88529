"""The public home page (``/``): what is open now and what came of it, for a first-time
visitor: open needs by nearest deadline, the latest published knowledge cases and the
programme's headline figures for the current cycle (dashboard/report.py's figures, for a
few indicators only: a handful of queries, not the whole report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hackplat.dashboard.counts import ProgrammeCounts
from hackplat.dashboard.export import UNIT_LABELS
from hackplat.dashboard.report import IndicatorReport, cycle_of, default_cycle, indicator_report
from hackplat.extensions import db
from hackplat.fiscal import CYCLE_LENGTH, cycle_years, fiscal_year_of, japan_today
from hackplat.knowledge.services import CaseFilters, published_cases_query
from hackplat.models import Indicator, KnowledgeCase, Need, NeedStatus
from hackplat.needs.discovery import DEADLINE
from hackplat.needs.services import NeedFilters, public_needs_query

OPEN_NEEDS, LATEST_CASES = 5, 3
#: The figures a visitor sees first, in this order (public indicators only).
HEADLINE_KEYS = ("participants", "organisations", "needs_posted", "pilots_run", "knowledge_cases")


@dataclass(frozen=True)
class Headlines:
    first_year: int | None
    rows: list[IndicatorReport]


def open_needs(today: date, limit: int = OPEN_NEEDS) -> list[Need]:
    """Open needs whose deadline is still ahead and whose call was not closed early, the
    nearest first: the deadline sort's order for deadlines still ahead, by deadline
    alone, so that the (status, deadline, call_closed_at) index gives it (the sort's
    CASE made the planner read and sort every open need)."""
    query = public_needs_query(NeedFilters(status=NeedStatus.OPEN, sort=DEADLINE))
    query = query.where(Need.deadline >= today, Need.call_closed_at.is_(None))
    query = query.order_by(None).order_by(Need.deadline, Need.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def latest_cases(limit: int = LATEST_CASES) -> list[KnowledgeCase]:
    return list(db.session.scalars(published_cases_query(CaseFilters()).limit(limit)))


def headline_figures(today: date) -> Headlines:
    """The headline indicators for the cycle containing today (none when no cycle does)."""
    first_year = default_cycle(today)
    if first_year is None:
        return Headlines(None, [])
    omitted = {indicator.id for indicator in cycle_of(first_year).omitted}
    query = (
        select(Indicator)
        .options(selectinload(Indicator.values))
        .where(Indicator.key.in_(HEADLINE_KEYS), Indicator.is_public.is_(True))
    )
    indicators = sorted(
        (i for i in db.session.scalars(query) if i.id not in omitted), key=lambda i: HEADLINE_KEYS.index(i.key)
    )
    counts = ProgrammeCounts([*cycle_years(first_year), first_year + CYCLE_LENGTH])
    current = fiscal_year_of(today)
    return Headlines(first_year, [indicator_report(i, first_year, counts, current) for i in indicators])


def render_public_home() -> str:
    today = japan_today()
    return render_template(
        "home/public.html",
        today=today,
        needs=open_needs(today),
        cases=latest_cases(),
        headlines=headline_figures(today),
        units=UNIT_LABELS,
    )

"""A department's track record (#17 item 5): the needs it posted and solved, per fiscal year.

*Posted* in a fiscal year: a need the public may see (``visible_needs(None)``: published,
not a draft) whose ``published_at`` falls in that year (Japan time, hackplat/fiscal.py).

*Solved*: the model has three marks of a solved need, and any one counts —

- the office moved the need to 解決済み (``NeedStatus.RESOLVED``);
- a pilot on it reached 効果検証済み (``PilotStage.EVALUATED``) or went on to 横展開
  (``ROLLED_OUT``): its effect was measured and confirmed by the department, the
  programme's own definition of a result (the KPI minutes count once confirmed);
- its knowledge case is published: the organisation and the department both consented
  to call it a result in public.

A pilot only considered or running has not solved anything yet, and a stopped one did
not. Solved needs are counted in the fiscal year the need was *posted* (a cohort: "of
the needs posted in FY2024, so many are solved by now"), so that the two numbers of a
year compare; the year it was solved is not one date in the model (three marks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_end, fiscal_year_of, fiscal_year_start, japan_today
from hackplat.models import CaseStatus, Department, KnowledgeCase, Need, NeedStatus, Pilot, PilotStage
from hackplat.organisations.profile import public_profile_count
from hackplat.permissions import visible_needs

SOLVED_STAGES = (PilotStage.EVALUATED, PilotStage.ROLLED_OUT)
PER_PAGE = 20


def solved_needs() -> ColumnElement[bool]:
    """The needs solved by the rule of the module's docstring, as a WHERE clause (the
    subqueries are served by the index on pilots.need_id)."""
    evaluated = select(Pilot.id).where(Pilot.need_id == Need.id, Pilot.stage.in_(SOLVED_STAGES)).exists()
    published = (
        select(KnowledgeCase.id)
        .join(Pilot, KnowledgeCase.pilot_id == Pilot.id)
        .where(Pilot.need_id == Need.id, KnowledgeCase.status == CaseStatus.PUBLISHED)
        .exists()
    )
    return or_(Need.status == NeedStatus.RESOLVED, evaluated, published)


@dataclass(frozen=True)
class YearCount:
    fiscal_year: int
    posted: int
    solved: int


def yearly_counts(years: Sequence[int], *criteria: ColumnElement[bool]) -> list[YearCount]:
    """Needs posted and solved per fiscal year in ``years``: one aggregate query."""
    if not years:
        return []
    solved = solved_needs()
    columns = []
    for year in years:
        posted = and_(Need.published_at >= fiscal_year_start(year), Need.published_at < fiscal_year_end(year))
        columns += [func.count(case((posted, 1))), func.count(case((and_(posted, solved), 1)))]
    row = db.session.execute(select(*columns).where(visible_needs(None), *criteria)).one()
    return [YearCount(year, row[2 * i], row[2 * i + 1]) for i, year in enumerate(years)]


def department_years(department: Department) -> list[int]:
    """The fiscal years from the department's first public need to this one, newest first."""
    first = db.session.scalar(
        select(func.min(Need.published_at)).where(visible_needs(None), Need.department_id == department.id)
    )
    this_year = fiscal_year_of(japan_today())
    if first is None:
        return [this_year]
    first_year = fiscal_year_of(first if first.tzinfo else first.replace(tzinfo=UTC))  # UTCDateTime: aware
    return list(range(this_year, min(first_year, this_year) - 1, -1))


def needs_query(department: Department) -> Select[Need]:
    """The department's public needs, newest first."""
    return (
        select(Need)
        .where(visible_needs(None), Need.department_id == department.id)
        .order_by(Need.published_at.desc(), Need.id.desc())
    )


@dataclass(frozen=True)
class DepartmentRecord:
    years: list[YearCount]
    needs: Pagination
    solved_ids: set[int]

    @property
    def posted_total(self) -> int:
        return sum(year.posted for year in self.years)

    @property
    def solved_total(self) -> int:
        return sum(year.solved for year in self.years)


def department_record(department: Department, *, page: int = 1) -> DepartmentRecord:
    """The page's data in five queries: the first year, the yearly counts, one page of
    needs with its count, and which of them are solved."""
    years = yearly_counts(department_years(department), Need.department_id == department.id)
    needs = db.paginate(needs_query(department), page=page, per_page=PER_PAGE, error_out=False)
    ids = [need.id for need in needs.items]
    solved_ids = set(db.session.scalars(select(Need.id).where(Need.id.in_(ids), solved_needs()))) if ids else set()
    return DepartmentRecord(years=years, needs=needs, solved_ids=solved_ids)


@dataclass(frozen=True)
class TrackCounts:
    """The dashboards' track record figures: two queries."""

    public_profiles: int
    years: list[YearCount]


def track_counts(years: Sequence[int]) -> TrackCounts:
    """Organisations with a public profile (now), and needs posted/solved in each of ``years``."""
    return TrackCounts(public_profiles=public_profile_count(), years=yearly_counts(years))

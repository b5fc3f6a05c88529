"""The dashboards' startup figures per fiscal year (#17 item 3): startup organisations
approved that year, startups that submitted a proposal that year, and pilots of startups
by the year the pilot was created. Three aggregate queries, one column per year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, select

from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_end, fiscal_year_start
from hackplat.models import Organisation, OrganisationStatus, Pilot, Proposal, ProposalStatus


@dataclass(frozen=True)
class StartupYear:
    fiscal_year: int
    approved: int  # startup organisations approved in the year
    proposing: int  # startups that submitted at least one proposal in the year
    pilots: int  # pilots of startups created in the year


def _in_year(column: Any, year: int) -> ColumnElement[bool]:
    moment: datetime = fiscal_year_start(year)
    return and_(column >= moment, column < fiscal_year_end(year))


def _per_year(years: Sequence[int], column: Any, counted: Any, *criteria: Any) -> list[int]:
    columns = [func.count(distinct(case((_in_year(column, year), counted)))) for year in years]
    return [int(value or 0) for value in db.session.execute(select(*columns).where(*criteria)).one()]


def startup_years(years: Sequence[int]) -> list[StartupYear]:
    """The figures of each of ``years``, in that order."""
    if not years:
        return []
    approved = _per_year(
        years, Organisation.approved_at, Organisation.id,
        Organisation.is_startup.is_(True), Organisation.status == OrganisationStatus.APPROVED,
    )  # fmt: skip
    startup_ids = select(Organisation.id).where(Organisation.is_startup.is_(True)).scalar_subquery()
    proposing = _per_year(
        years, Proposal.submitted_at, Proposal.organisation_id,
        Proposal.organisation_id.in_(startup_ids), Proposal.status != ProposalStatus.DRAFT,
    )  # fmt: skip
    pilots = _per_year(years, Pilot.created_at, Pilot.id, Pilot.organisation_id.in_(startup_ids))
    return [StartupYear(*row) for row in zip(years, approved, proposing, pilots, strict=True)]

"""An organisation's public track record page (#17 item 5): opt-in, off by default.

What the page lists never goes beyond what the public may already see elsewhere:
published knowledge cases (``visible_cases(None)``: drafts and cases still awaiting the
organisation's or the department's consent stay out) and public seeds
(``visible_seeds(None)``). Pilots are not public (``can_view_pilot``): the page shows a
pilot only through its published case, and only what that case already made public
(the case's title, department, date) plus the pilot's stage, which the consented case
reports anyway. Unpublished pilots are not even counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import contains_eager

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.extensions import db
from hackplat.models import (
    KnowledgeCase,
    Organisation,
    OrganisationStatus,
    Pilot,
    Seed,
    User,
    utcnow,
)
from hackplat.permissions import can_edit_organisation_profile, require, visible_cases, visible_seeds

PER_PAGE = 10


def switch_public_profile(organisation: Organisation, public: bool, *, actor: User) -> bool:
    """Switch the page on or off; returns whether anything changed (an unchanged switch
    writes no audit record). Switching on dates the page (``profile_public_since``)."""
    require(can_edit_organisation_profile(actor, organisation))
    if bool(organisation.profile_public) == public:
        return False
    organisation.profile_public = public
    organisation.profile_public_since = utcnow() if public else None
    action = "organisation.profile_published" if public else "organisation.profile_unpublished"
    audit.record(action, "organisation", organisation.id, actor=actor, detail={"profile_public": public})
    flush_or_conflict()
    return True


def public_profiles_filter() -> ColumnElement[bool]:
    """Organisations whose track record page anyone may open, as a WHERE clause (the
    same rule as ``can_view_organisation_profile``)."""
    return and_(Organisation.status == OrganisationStatus.APPROVED, Organisation.profile_public.is_(True))


def public_profile_count() -> int:
    """How many organisations publish their track record (the dashboard's count)."""
    return db.session.scalar(select(func.count()).select_from(Organisation).where(public_profiles_filter())) or 0


def cases_query(organisation: Organisation) -> Select[KnowledgeCase]:
    """The organisation's published cases, newest first, each with its pilot (its stage)
    loaded by the same join."""
    return (
        select(KnowledgeCase)
        .join(Pilot, KnowledgeCase.pilot_id == Pilot.id)
        .options(contains_eager(KnowledgeCase.pilot))
        .where(Pilot.organisation_id == organisation.id, visible_cases(None))
        .order_by(KnowledgeCase.published_at.desc(), KnowledgeCase.id.desc())
    )


def seeds_query(organisation: Organisation) -> Select[Seed]:
    """The organisation's public seeds, newest first (the (organisation_id, updated_at) index)."""
    return (
        select(Seed)
        .where(Seed.organisation_id == organisation.id, visible_seeds(None))
        .order_by(Seed.updated_at.desc(), Seed.id.desc())
    )


@dataclass(frozen=True)
class TrackRecord:
    """One page of each list (each pages on its own: ``cases_page``, ``seeds_page``)."""

    cases: Pagination
    seeds: Pagination


def track_record(organisation: Organisation, *, cases_page: int = 1, seeds_page: int = 1) -> TrackRecord:
    """Four queries: each list's page and its count."""
    cases = db.paginate(cases_query(organisation), page=cases_page, per_page=PER_PAGE, error_out=False)
    seeds = db.paginate(seeds_query(organisation), page=seeds_page, per_page=PER_PAGE, error_out=False)
    return TrackRecord(cases=cases, seeds=seeds)

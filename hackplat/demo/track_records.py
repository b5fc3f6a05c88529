"""The demo's public track record pages (#17 item 5): three organisations switch theirs
on, through the same service (and audit record) as the edit form. Chosen from the data:
the organisations with the most published cases, then the most public seeds, by name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.models import CaseStatus, KnowledgeCase, Organisation, OrganisationStatus, Pilot, Seed, User, utcnow
from hackplat.organisations.profile import switch_public_profile

PUBLIC_PROFILES = 3


def _candidates() -> list[Organisation]:
    cases = (
        select(func.count(KnowledgeCase.id))
        .join(Pilot, KnowledgeCase.pilot_id == Pilot.id)
        .where(Pilot.organisation_id == Organisation.id, KnowledgeCase.status == CaseStatus.PUBLISHED)
        .scalar_subquery()
    )
    seeds = select(func.count(Seed.id)).where(Seed.organisation_id == Organisation.id, Seed.is_public.is_(True))
    query = (
        select(Organisation)
        .where(Organisation.status == OrganisationStatus.APPROVED)
        .order_by(cases.desc(), seeds.scalar_subquery().desc(), Organisation.name)
        .limit(PUBLIC_PROFILES)
    )
    return list(db.session.scalars(query))


def publish_profiles() -> int:
    """Switch on the chosen organisations' pages, each by its first member, dated a few
    weeks apart; returns how many."""
    chosen = _candidates()
    for weeks, organisation in enumerate(chosen, start=1):
        member = db.session.scalar(
            select(User).where(User.organisation_id == organisation.id).order_by(User.id).limit(1)
        )
        if member is None:
            continue
        switch_public_profile(organisation, True, actor=member)
        organisation.profile_public_since = utcnow() - timedelta(weeks=weeks * 3)
    db.session.flush()
    return sum(1 for organisation in chosen if organisation.profile_public)

"""Reverse alerts: what the matcher found since a person's last digest.

Members hear of needs published since then that fit their organisation's seeds, staff of
public seeds registered since then that fit their department's open needs. Both read the
active version's pairs (the same ranking every page shows), keep those above a floor,
and name the terms each pair shares, so that the mail says why it was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select

from hackplat.extensions import db
from hackplat.matching.store.live import active_version_id
from hackplat.models import MatchPair, Need, NeedStatus, OrganisationStatus, Role, Seed, User
from hackplat.permissions import visible_seeds

#: Above the pages' floor (0.05): a mail nobody asked for must be worth reading.
ALERT_FLOOR = 0.1
MAX_ALERTS = 10


@dataclass(frozen=True)
class Alert:
    """One new item (``title`` at ``path``) and what it fits (``fits``), with why."""

    title: str
    path: str
    fits: str
    similarity: float
    shared_terms: list[str]


def alerts_for(user: User, since: datetime) -> list[Alert]:
    if user.role is Role.MEMBER and user.organisation is not None:
        if user.organisation.status is not OrganisationStatus.APPROVED:
            return []
        new_needs = [Seed.organisation_id == user.organisation_id, Need.published_at > since]
        return [Alert(need.title, f"/needs/{need.id}", seed.title, pair.similarity, pair.shared_terms)
                for pair, need, seed in _best_pairs(new_needs, per="need_id")]  # fmt: skip
    if user.role is Role.STAFF and user.department_id is not None:
        new_seeds = [Need.department_id == user.department_id, Seed.created_at > since, visible_seeds(user)]
        return [Alert(seed.title, f"/seeds/{seed.id}", need.title, pair.similarity, pair.shared_terms)
                for pair, need, seed in _best_pairs(new_seeds, per="seed_id")]  # fmt: skip
    return []


def _best_pairs(conditions: list[ColumnElement[bool]], *, per: str) -> list[tuple[MatchPair, Need, Seed]]:
    """The best pair for each new item (``per``: "need_id" or "seed_id"), best first."""
    version_id = active_version_id()
    if version_id is None:
        return []
    query = (
        select(MatchPair, Need, Seed)
        .join(Need, Need.id == MatchPair.need_id)
        .join(Seed, Seed.id == MatchPair.seed_id)
        .where(MatchPair.version_id == version_id, MatchPair.similarity >= ALERT_FLOOR, *conditions)
        .where(Need.status == NeedStatus.OPEN)
        .order_by(MatchPair.score.desc(), MatchPair.need_id, MatchPair.seed_id)
    )
    return _first_of_each(db.session.execute(query), per)[:MAX_ALERTS]


def _first_of_each(rows: Iterable[tuple[MatchPair, Need, Seed]], key: str) -> list[tuple[MatchPair, Need, Seed]]:
    seen: set[int] = set()
    best = []
    for row in rows:
        item = getattr(row[0], key)
        if item not in seen:
            seen.add(item)
            best.append(row)
    return best

"""The matcher's persistent state: versions, ranked pairs, deltas, synonyms, feedback.

Readers take the one ``active`` version and its pairs; a rebuild writes a new version's
pairs while the old one stays active, then switches in one transaction, so a reader
sees the old or the new ranking, never a mix. Between rebuilds every saved need or
seed is re-ranked at once and logged as a delta, which lets every worker (on any host)
bring its cached copy of the fitted model up to date before it scores the next item.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class MatchVersionStatus(enum.StrEnum):
    BUILDING = "building"
    ACTIVE = "active"
    RETIRED = "retired"


class FeedbackKind(enum.StrEnum):
    NOT_RELEVANT = "not_relevant"  # kept, and the pair is not suggested again
    INVITE = "invite"  # the coordinator wants the seed's organisation in the need's working group


class MatchVersion(Base):
    __tablename__ = "match_versions"
    __table_args__ = (Index("ix_match_versions_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[MatchVersionStatus] = mapped_column(
        enum_column(MatchVersionStatus, "match_version_status"), default=MatchVersionStatus.BUILDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_count: Mapped[int] = mapped_column(Integer, default=0)
    seeds_count: Mapped[int] = mapped_column(Integer, default=0)
    pairs_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list[Any]] = mapped_column(JSON, default=list)  # items with no content words
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    artifact: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))  # the fitted model


class MatchPair(Base):
    """One ranked need–seed pair of a version, with the terms that explain it.

    No foreign keys: a rebuild writes millions of pairs at once, and checking three keys
    per row cost more than the write itself. Pairs go with their version explicitly
    (``store``), those of a deleted need or seed with it (``live``), and the readers join
    needs and seeds, so a stray pair is never shown (migration 0004)."""

    __tablename__ = "match_pairs"
    __table_args__ = (
        Index("ix_match_pairs_version_need_score", "version_id", "need_id", "score"),
        Index("ix_match_pairs_version_seed_score", "version_id", "seed_id", "score"),
    )

    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seed_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    score: Mapped[float] = mapped_column(Float)  # ranks the pair (may be below zero)
    similarity: Mapped[float] = mapped_column(Float)  # the plain cosine, 0–1, shown to people
    shared_terms: Mapped[list[str]] = mapped_column(JSON, default=list)


class MatchDelta(Base):
    """A need or seed re-ranked since its version was built (replayed by other workers)."""

    __tablename__ = "match_deltas"
    __table_args__ = (Index("ix_match_deltas_version_id", "version_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("match_versions.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(4))  # "need" or "seed"
    item_id: Mapped[int] = mapped_column(Integer)
    removed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Synonym(Base):
    """variant → canonical, edited by coordinators; takes effect at the next rebuild."""

    __tablename__ = "synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant: Mapped[str] = mapped_column(String(100), unique=True)
    canonical: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SuggestionFeedback(Base):
    """A coordinator's word on a suggested pair; kept across rebuilds."""

    __tablename__ = "suggestion_feedback"
    __table_args__ = (UniqueConstraint("need_id", "seed_id", "kind", name="one_per_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    seed_id: Mapped[int] = mapped_column(ForeignKey("seeds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FeedbackKind] = mapped_column(enum_column(FeedbackKind, "feedback_kind"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

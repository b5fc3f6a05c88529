"""The feedback re-ranker learnt from coordinators (#14 item 5): one row per training.

Stored in the database, not in a worker's memory or a file, so that every web worker
on every host re-ranks with the same model. ``model`` holds plain numbers (see
hackplat/matching/rerank/core.py), never a pickle. At most one row is ``enabled``: the
one in use; a row is enabled only if its held-out nDCG@10 beat the blend's
(``beats_blend``), and a coordinator may switch it off (and on again).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from hackplat.models.base import Base, UTCDateTime, utcnow


class MatchReranker(Base):
    __tablename__ = "match_rerankers"
    __table_args__ = (Index("ix_match_rerankers_enabled_id", "enabled", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trained_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    labels: Mapped[int] = mapped_column(Integer, default=0)  # labelled pairs found
    positives: Mapped[int] = mapped_column(Integer, default=0)
    train_labels: Mapped[int] = mapped_column(Integer, default=0)
    held_out_labels: Mapped[int] = mapped_column(Integer, default=0)
    held_out_needs: Mapped[int] = mapped_column(Integer, default=0)  # needs the figures are measured on
    ndcg_before: Mapped[float] = mapped_column(Float, default=0.0)  # the blend's held-out nDCG@10
    ndcg_after: Mapped[float] = mapped_column(Float, default=0.0)  # the re-ranker's
    beats_blend: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    model: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # None: nothing was learnt
    switched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    switched_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

"""The content's version, for the caches of what visitors read (hackplat/caching/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from hackplat.models.base import Base, UTCDateTime, utcnow


class ContentChange(Base):
    """One row per committed transaction that wrote a table a page may show; the newest
    id is the content's version. Rows are only added (no row to lock, so writers never
    wait on each other) and old ones pruned; AUTOINCREMENT on SQLite so that an id is
    never given twice, even after the newest rows were deleted."""

    __tablename__ = "content_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

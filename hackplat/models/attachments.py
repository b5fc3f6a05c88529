"""Files attached to needs, proposals, seeds, working-group records and knowledge cases.

One table with one foreign key column per kind of parent (exactly one of them set, a
CHECK says so) rather than a generic ``parent_kind`` + ``parent_id``: real foreign keys
let the database delete a parent's attachments with it (ON DELETE CASCADE) on SQLite and
PostgreSQL alike, and no row can point at a parent that does not exist. The file itself
lives under ATTACHMENTS_DIR by ``storage_key`` (random); the name the user gave it is
only here (hackplat/attachments/storage.py removes the file once the row is gone).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow

#: The parent kinds, each with its foreign key column (the URL says the kind).
PARENT_COLUMNS = {
    "need": "need_id",
    "proposal": "proposal_id",
    "seed": "seed_id",
    "record": "activity_record_id",
    "case": "case_id",
}

_ONE_PARENT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in PARENT_COLUMNS.values())


class Attachment(Base):
    """One uploaded file of one parent; never changed after upload (delete and upload again)."""

    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint(f"{_ONE_PARENT} = 1", name="one_parent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    seed_id: Mapped[int | None] = mapped_column(ForeignKey("seeds.id", ondelete="CASCADE"), index=True)
    activity_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group_activities.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("knowledge_cases.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))  # sanitised, as shown and downloaded
    content_type: Mapped[str] = mapped_column(String(100))  # from the content, not the browser
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def parent_kind(self) -> str:
        return next(kind for kind, column in PARENT_COLUMNS.items() if getattr(self, column) is not None)

    @property
    def parent_id(self) -> int:
        value: int = getattr(self, PARENT_COLUMNS[self.parent_kind])
        return value

"""Knowledge cases: the public write-up of a pilot, for other departments and cities."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Department, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.exchange import Theme
from hackplat.models.pilots import Pilot
from hackplat.search import search_text


class CaseStatus(enum.StrEnum):
    DRAFT = "draft"
    AWAITING_CONSENT = "awaiting_consent"  # 同意待ち: the organisation and the department
    PUBLISHED = "published"


class KnowledgeCase(Base):
    """Pre-filled from the pilot when drafted, then edited; the text is a copy, so the
    published case does not change when the pilot's records do."""

    __tablename__ = "knowledge_cases"
    __table_args__ = (
        Index("ix_knowledge_cases_status_published_at", "status", "published_at"),
        Index("ix_knowledge_cases_theme_status", "theme_id", "status"),
        Index("ix_knowledge_cases_department_status", "department_id", "status"),
        Index("ix_knowledge_cases_id_version", "id", "version"),  # the search window's check (matching/search_query.py)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    title: Mapped[str] = mapped_column(String(200))
    need_summary: Mapped[str] = mapped_column(Text, default="")  # the problem solved
    solution: Mapped[str] = mapped_column(Text, default="")
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    results: Mapped[str] = mapped_column(Text, default="")  # the KPIs, as written for readers
    lessons: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus, "case_status"), default=CaseStatus.DRAFT)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who approved the text for the implementing organisation and for the department,
    #: and when (cleared when the text changes: knowledge/consent.py).
    organisation_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    department_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    department_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    pilot: Mapped[Pilot] = relationship()
    department: Mapped[Department] = relationship()
    theme: Mapped[Theme | None] = relationship()
    organisation_consent_by: Mapped[User | None] = relationship(foreign_keys=[organisation_consent_by_id])
    department_consent_by: Mapped[User | None] = relationship(foreign_keys=[department_consent_by_id])

    __mapper_args__ = {"version_id_col": version}

    def refresh_search_text(self) -> None:
        """Call after changing any text field (services do, on every write)."""
        self.search_text = search_text(
            self.title, self.need_summary, self.solution, self.organisation_name, self.results, self.lessons
        )

"""Knowledge kept inside the city (#17 item 4): a pilot's internal lessons, and the
departments that want a published case's solution too (横展開の候補).

Lessons are what the public case leaves out — how the procurement went, what the
security review asked, what to do differently — written by the pilot's department and
the programme office and read by every city account, never by organisations or the
public (hackplat/permissions/lessons.py). A roll-out interest is one department's
"we want this too" on a published case: one per case and department, removed when the
department withdraws it (the audit trail keeps that it was there).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Department, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.exchange import Need
from hackplat.models.knowledge import KnowledgeCase
from hackplat.models.pilots import Pilot
from hackplat.search import search_text


class LessonCategory(enum.StrEnum):
    PROCUREMENT = "procurement"  # 調達
    SECURITY_REVIEW = "security_review"  # セキュリティ審査
    NEXT_TIME = "next_time"  # 次に変えること
    OTHER = "other"  # その他


class PilotLesson(Base):
    """One internal lesson of a pilot; edited with an optimistic version."""

    __tablename__ = "pilot_lessons"
    __table_args__ = (Index("ix_pilot_lessons_pilot_created_at", "pilot_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    category: Mapped[LessonCategory] = mapped_column(enum_column(LessonCategory, "lesson_category"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    pilot: Mapped[Pilot] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": version}

    def refresh_search_text(self) -> None:
        """Call after changing the title or the body (the services do)."""
        self.search_text = search_text(self.title, self.body)


class RollOutInterest(Base):
    """A department's interest in rolling out a published case (うちでも導入したい)."""

    __tablename__ = "roll_out_interests"
    __table_args__ = (UniqueConstraint("case_id", "department_id", name="one_per_department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("knowledge_cases.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    #: One of the department's open needs the solution would serve, if they named one.
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[KnowledgeCase] = relationship()
    department: Mapped[Department] = relationship()
    need: Mapped[Need | None] = relationship()
    created_by: Mapped[User | None] = relationship()

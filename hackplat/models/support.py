"""Support requests (支援の依頼, #17 item 1): a department asks the programme office for
help in plain words, and a coordinator triages the request into one of four paths.

A request's life: ``submitted`` → ``triaged`` (a path and its reason chosen) →
``in_progress`` (the path's work has started) → ``done``; before triage the department
may withdraw it (``withdrawn``), and a coordinator may decline it with a reason
(``declined``). ``triage_reason`` holds the coordinator's reason for either decision.

The paths (``SupportPath``) and their ends: ``analysis`` — an outsourced business analysis
(contractor, due date, findings on the request itself) that ends in a drafted need;
``need`` — a need drafted from the request; ``search`` and ``project`` — see
hackplat/models/support_paths.py. ``need_id`` is the need the request ends in or concerns.

``SupportRequestJoin``: another department (a ward with the same problem) joins an
existing request instead of posting it twice; one row per department and request.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Department, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.exchange import Need


class SupportStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # 受付
    TRIAGED = "triaged"  # 振り分け済み
    IN_PROGRESS = "in_progress"  # 対応中
    DONE = "done"  # 完了
    WITHDRAWN = "withdrawn"  # 取り下げ (by the department, before triage)
    DECLINED = "declined"  # 見送り (by a coordinator, with a reason)


#: The states in which a request still waits for someone.
OPEN_STATUSES = (SupportStatus.SUBMITTED, SupportStatus.TRIAGED, SupportStatus.IN_PROGRESS)


class SupportPath(enum.StrEnum):
    ANALYSIS = "analysis"  # 業務分析支援: 何が課題か分からない
    NEED = "need"  # 課題の募集: 課題は見えたけど解決策が
    SEARCH = "search"  # 事業者探し: 事業者がみつからない
    PROJECT = "project"  # プロジェクト管理支援: プロジェクトがうまく進まない


class SupportRequest(Base):
    __tablename__ = "support_requests"
    __table_args__ = (
        # A department's requests, newest first (/support for staff).
        Index("ix_support_requests_department_created_at", "department_id", "created_at"),
        # Open requests by age (the coordinators' home, /support filtered by status).
        Index("ix_support_requests_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text, default="")  # 今起きていること
    affected: Mapped[str] = mapped_column(Text, default="")  # 困っている人
    tried: Mapped[str] = mapped_column(Text, default="")  # 試したこと
    analysis: Mapped[str | None] = mapped_column(Text)  # the matcher's tokens (JSON), written with the text
    status: Mapped[SupportStatus] = mapped_column(
        enum_column(SupportStatus, "support_status"), default=SupportStatus.SUBMITTED
    )
    path: Mapped[SupportPath | None] = mapped_column(enum_column(SupportPath, "support_path"))
    triage_reason: Mapped[str | None] = mapped_column(Text)
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    # The analysis path: who analyses, by when, and what they found.
    analysis_contractor: Mapped[str | None] = mapped_column(String(200))
    analysis_due: Mapped[date | None] = mapped_column(Date)
    analysis_findings: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # done, withdrawn or declined
    version: Mapped[int] = mapped_column(Integer, default=1)

    department: Mapped[Department] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    triaged_by: Mapped[User | None] = relationship(foreign_keys=[triaged_by_id])
    need: Mapped[Need | None] = relationship()
    joins: Mapped[list[SupportRequestJoin]] = relationship(
        back_populates="request", order_by="SupportRequestJoin.id", cascade="all, delete-orphan",
        passive_deletes=True,
    )  # fmt: skip

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class SupportRequestJoin(Base):
    """Another department has the same problem and joined the request (「参加する」)."""

    __tablename__ = "support_request_joins"
    __table_args__ = (
        UniqueConstraint("request_id", "department_id", name="uq_support_request_joins_request_department"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")  # how it is at the joining department
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[SupportRequest] = relationship(back_populates="joins")
    department: Mapped[Department] = relationship()
    user: Mapped[User | None] = relationship()

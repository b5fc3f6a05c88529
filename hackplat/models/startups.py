"""Startup support (#17 item 3): a startup's request for a coordinator's mentoring on
its proposal to a startup-friendly need (``Need.startup_support``)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.exchange import Proposal


class MentoringStatus(enum.StrEnum):
    REQUESTED = "requested"  # waiting for a coordinator to take it
    TAKEN = "taken"  # a coordinator looks after it
    CLOSED = "closed"  # done, with the coordinator's note


class MentoringRequest(Base):
    """At most one per proposal; deleted with a deleted draft. ``version`` keeps two
    coordinators from taking the same request at once."""

    __tablename__ = "mentoring_requests"
    __table_args__ = (
        Index("ix_mentoring_requests_status_requested_at", "status", "requested_at"),  # the office's home
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")  # what the startup would like help with
    status: Mapped[MentoringStatus] = mapped_column(
        enum_column(MentoringStatus, "mentoring_status"), default=MentoringStatus.REQUESTED
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    proposal: Mapped[Proposal] = relationship()
    coordinator: Mapped[User | None] = relationship(foreign_keys=[coordinator_id])

    __mapper_args__ = {"version_id_col": version}

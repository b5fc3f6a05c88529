"""Jobs of the queue as rows, so that every web worker on every host can show them.

Huey carries the message; this row carries what people see: the state, the stage and
its progress, the result or the error (in Japanese, the source language), who asked and
when. ``hackplat/jobs/services.py`` writes it. At most one job of a kind is queued or
running at a time: the partial unique index ``uq_jobs_one_active_per_kind`` makes the
database refuse a second one, whichever web worker or host asks.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


#: The states in which a job still holds its kind's one place.
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)
_ACTIVE = text("state IN ('queued', 'running')")


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("uq_jobs_one_active_per_kind", "kind", unique=True, sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
        Index("ix_jobs_kind_id", "kind", "id"),
        Index("ix_jobs_state_id", "state", "id"),  # the failed jobs (the office's home)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))  # e.g. "matcher.rebuild"
    state: Mapped[JobState] = mapped_column(enum_column(JobState, "job_state"), default=JobState.QUEUED)
    stage: Mapped[str] = mapped_column(String(32), default="")  # a key the job page labels
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0–100
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)  # a Japanese msgid, translated where shown
    enqueued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(64))  # Huey's id of the message
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the last sign of life
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

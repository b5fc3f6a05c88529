"""The jobs' rows: enqueueing (one at a time per kind) and the life a task reports.

A web request calls ``enqueue``; a task calls ``run`` (which calls ``start``, then
``finish`` or ``fail``) and reports ``progress`` on the way. Each of those writes commits
its own short transaction on a connection of its own, so that every web worker on every
host sees the stage while the task's own work is still in its transaction.

Every job is idempotent: ``start`` lets a job run only while it is queued or running
(a retry after a lost consumer), so a message delivered again for a job that has ended
does nothing, and the work itself must be safe to repeat (a rebuild builds a new version
from what is stored now).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from hackplat.extensions import db
from hackplat.models import Job, JobState, User, utcnow
from hackplat.models.jobs import ACTIVE_STATES

log = logging.getLogger(__name__)

#: Progress is written at most this often (seconds), and at every change of stage.
PROGRESS_EVERY = 1.0
#: SQLite: how long (ms) a progress write waits for the one writer's lock before it is
#: skipped; a rebuild holds the lock while it writes its pairs.
PROGRESS_LOCK_WAIT_MS = 100


def N_(message: str) -> str:  # Babel's keyword for "extract, translate later"
    """Mark a msgid that is stored untranslated and translated where it is shown."""
    return message


INTERRUPTED = N_("処理の応答がなくなったため、中断したものとみなしました。もう一度実行してください。")
NOT_QUEUED = N_("処理を受け付けられませんでした。時間をおいてもう一度お試しください。")


def active_job(kind: str) -> Job | None:
    """The kind's queued or running job, if any."""
    return db.session.scalar(select(Job).where(Job.kind == kind, Job.state.in_(ACTIVE_STATES)))


@dataclass(frozen=True)
class Enqueued:
    job: Job
    new: bool  # False: the kind's job that was queued or running already


def enqueue(kind: str, task: Any, *args: Any, actor: User) -> Enqueued:
    """The kind's queued or running job if there is one; else a new job, its row
    committed before ``task(job_id, *args)`` is enqueued (a consumer may take the message
    at once and must find the row). Commits: call it with nothing else pending."""
    running = _live_active_job(kind)
    if running is not None:
        return Enqueued(running, new=False)
    job = Job(kind=kind, enqueued_by_id=actor.id)
    db.session.add(job)
    try:
        db.session.flush()  # the partial unique index refuses a second active job of the kind
    except IntegrityError:
        db.session.rollback()
        running = active_job(kind)
        return Enqueued(running, new=False) if running else enqueue(kind, task, *args, actor=actor)
    from hackplat.jobs.queue import huey  # here: the queue imports the task modules, which import this one

    message = task.s(job.id, *args)
    job.task_id = message.id
    db.session.commit()
    try:
        huey.enqueue(message)
    except Exception:
        fail(job.id, NOT_QUEUED)
        raise
    return Enqueued(job, new=True)


def stale_after() -> timedelta:
    """A queued or running job not heard of for this long (JOBS_STALE_SECONDS, 30 minutes)
    is taken as lost, its consumer killed: it is marked failed, and the next request for
    its kind enqueues a new one. A running job is heard of at least at each stage."""
    return timedelta(seconds=current_app.config["JOBS_STALE_SECONDS"])


def _live_active_job(kind: str) -> Job | None:
    """``active_job``, unless it is stale: then it is marked failed and None returned."""
    job = active_job(kind)
    if job is None or job.updated_at > utcnow() - stale_after():
        return job
    _write(job.id, state=JobState.FAILED, error=INTERRUPTED, finished_at=utcnow())
    db.session.expire(job)
    return None


def run(job_id: int, work: Callable[[int], dict[str, Any]], *, failure: str) -> None:
    """``work(job_id)`` between ``start`` and ``finish``; if it raises, the session is
    rolled back, the job marked failed with ``failure`` (a Japanese msgid, see ``N_``)
    and the error raised again for Huey's log. A job that has ended is not run again."""
    if not start(job_id):
        log.info("job %s has ended already: not run again", job_id)
        return
    try:
        result = work(job_id)
    except Exception:
        db.session.rollback()
        fail(job_id, failure)
        raise
    finish(job_id, result)


def start(job_id: int) -> bool:
    """Mark the job running; False if it is no longer queued or running."""
    now = utcnow()
    return _write(job_id, state=JobState.RUNNING, stage="start", started_at=now, only_active=True) == 1


def finish(job_id: int, result: dict[str, Any]) -> None:
    _write(job_id, state=JobState.DONE, stage="done", progress=100, result=result, finished_at=utcnow())


def fail(job_id: int, message: str) -> None:
    """Mark an active job failed with ``message`` (a job that ended keeps its state)."""
    _write(job_id, state=JobState.FAILED, error=message, finished_at=utcnow(), only_active=True)


def _write(job_id: int, *, only_active: bool = False, **values: Any) -> int:
    """Update the row in a transaction of its own; the number of rows changed."""
    query = update(Job).where(Job.id == job_id).values(updated_at=utcnow(), **values)
    if only_active:
        query = query.where(Job.state.in_(ACTIVE_STATES))
    with db.engine.begin() as connection:
        return connection.execute(query).rowcount


class ProgressReporter:
    """``reporter(stage, percent)``: written on a change of stage, else at most every
    PROGRESS_EVERY seconds. Progress only informs, so a write that would wait for the
    database (SQLite while the task itself holds the write lock) is skipped."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stage = ""
        self.written_at = 0.0

    def __call__(self, stage: str, percent: int) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.written_at < PROGRESS_EVERY:
            return
        if _write_progress(self.job_id, stage, max(0, min(100, percent))):
            self.stage, self.written_at = stage, now


def _write_progress(job_id: int, stage: str, percent: int) -> bool:
    query = update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING)
    query = query.values(stage=stage, progress=percent, updated_at=utcnow())
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={PROGRESS_LOCK_WAIT_MS}")
        try:
            connection.execute(query)
            connection.commit()
        except OperationalError:  # "database is locked": the next report tries again
            connection.rollback()
            return False
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA busy_timeout=5000")
    return True

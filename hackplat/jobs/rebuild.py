"""The matcher rebuild as a job: the coordinators' button enqueues it, a consumer runs it.

The rebuild forks a pool of tokenising workers (matching/core/parallel.py) when there
is much to tokenise. That is safe in the consumer, whose workers are single-threaded
processes (``huey_consumer -k process``, see scripts/run.sh), and never done in a web
worker any more: a pool forked from a threaded gunicorn worker hung in terminate/join
(issue 11). ``flask --app hackplat match rebuild`` still rebuilds in the foreground.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from huey.signals import SIGNAL_INTERRUPTED
from sqlalchemy import func, select

from hackplat import audit
from hackplat.extensions import db
from hackplat.jobs.queue import huey, in_app_context
from hackplat.jobs.services import INTERRUPTED, N_, Enqueued, ProgressReporter, enqueue, fail, run
from hackplat.matching import store
from hackplat.matching.core.index import DEFAULT_K
from hackplat.models import Job, Need, Seed, User
from hackplat.permissions import can_manage_matcher, require

KIND = "matcher.rebuild"
FAILED = N_(
    "順位付けの再構築に失敗しました。これまでの順位付けをそのまま使っています。時間をおいてもう一度お試しください。"
)


def request_rebuild(*, actor: User) -> Enqueued:
    """Enqueue a rebuild, or return the one queued or running (one at a time)."""
    require(can_manage_matcher(actor))
    return enqueue(KIND, rebuild_task, actor=actor)


@huey.task()
@in_app_context
def rebuild_task(job_id: int) -> None:
    with _pool_allowed():
        run(job_id, _rebuild, failure=FAILED)


@huey.signal(SIGNAL_INTERRUPTED)
@in_app_context
def _interrupted(signal: str, task: Any, *_: Any) -> None:
    """The consumer was stopped in the middle of a rebuild (Ctrl+C, a deploy): the job
    failed, the version in use stays, and the next click may start a new rebuild."""
    if isinstance(task, rebuild_task.task_class):
        fail(task.args[0], INTERRUPTED)


@contextmanager
def _pool_allowed() -> Iterator[None]:
    """Huey's process workers are daemonic multiprocessing processes, and multiprocessing
    refuses children to those ("daemonic processes are not allowed to have children"):
    lifted while the rebuild runs (its pool is closed before it returns). The worker is
    single-threaded, so forking there is safe; if the worker is killed, its pool goes
    with the process group (scripts/run.sh, systemd's default KillMode)."""
    process = multiprocessing.current_process()
    daemonic = process.daemon
    process.daemon = False
    try:
        yield
    finally:
        process.daemon = daemonic


def _rebuild(job_id: int) -> dict[str, Any]:
    """Rebuild, audit it in the name of whoever asked, and report the new version."""
    needs, seeds = (db.session.scalar(select(func.count()).select_from(model)) or 0 for model in (Need, Seed))
    report = store.rebuild(RebuildProgress(ProgressReporter(job_id), needs, seeds, DEFAULT_K))
    job = db.session.get_one(Job, job_id)
    actor = None if job.enqueued_by_id is None else db.session.get(User, job.enqueued_by_id)
    figures = {"needs": report.needs, "seeds": report.seeds, "pairs": report.pairs, "seconds": report.seconds}
    audit.record("match.rebuilt", "match_version", report.version_id, actor=actor, detail=figures)
    db.session.commit()
    return {"version_id": report.version_id, "skipped": report.skipped, **figures}


class RebuildProgress:
    """The rebuild's ``(stage, count)`` calls as a stage of the job page and a percentage:
    tokenising the posts takes it to 45 %, the fit ends at 50 %, writing the pairs (counted
    against their most possible number, k per need and per seed) takes the rest."""

    def __init__(self, report: Callable[[str, int], None], needs: int, seeds: int, k: int) -> None:
        self.report = report
        self.items = max(1, needs + seeds)
        self.most_pairs = max(1, min(needs * seeds, k * (needs + seeds)))
        self.analysed: dict[str, int] = {}

    def __call__(self, stage: str, count: int) -> None:
        if stage.startswith("analyse"):
            self.analysed[stage] = count
            self.report("analyse", 5 + 40 * sum(self.analysed.values()) // self.items)
        elif stage == "fit":  # fitted: what follows is ranking and writing the pairs
            self.report("pairs", 50)
        else:
            self.report("pairs", 50 + 45 * min(count, self.most_pairs) // self.most_pairs)

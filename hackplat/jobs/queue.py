"""The job queue: Huey, with an embedded default and a scale-out path.

- Default: ``SqliteHuey`` in the instance folder (``jobs.db``), so ``make run`` needs no
  other server; the web workers and the consumer of one host share that file.
- ``REDIS_URL`` set: ``RedisHuey``, so that several web hosts and several consumers share
  one queue.
- ``HACKPLAT_JOBS_IMMEDIATE=1`` (the test suite): a task runs at once, in the process that
  enqueues it (Huey's immediate mode, with in-memory storage).

The consumer: ``huey_consumer hackplat.jobs.queue.huey -k process -w 2`` (``make run``
starts one). Workers are processes, not Huey's default threads: the matcher rebuild forks
a pool of tokenisers, and a fork from a threaded process can inherit a lock another
thread held and hang (as it did in gunicorn's threaded workers, issue 11). Two, so that
mail is not held up behind a rebuild; one rebuild runs at a time anyway (services.py).
Importing this module imports every module of ``TASK_MODULES`` too, so that the consumer
knows each task by its name.
Tasks reach the database through ``in_app_context``: in the consumer each process builds
the Flask app once, on its first job; where an app context is already active (immediate
mode inside a request or a test) the task uses it.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask, has_app_context
from huey import Huey, RedisHuey, SqliteHuey

from hackplat.config import instance_path

P = ParamSpec("P")
R = TypeVar("R")


def build_huey() -> Huey:
    immediate = os.environ.get("HACKPLAT_JOBS_IMMEDIATE", "") == "1"
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return RedisHuey("hackplat", url=redis_url, immediate=immediate, utc=True)
    return SqliteHuey("hackplat", filename=str(instance_path() / "jobs.db"), immediate=immediate, utc=True)


huey = build_huey()

_consumer_app: Flask | None = None


def _app() -> Flask:
    """This consumer process's app, built on its first job (not at import: the web
    process imports this module too, and must not build a second app)."""
    global _consumer_app
    if _consumer_app is None:
        from hackplat import create_app

        _consumer_app = create_app()
    return _consumer_app


def in_app_context(task: Callable[P, R]) -> Callable[P, R]:
    """Run ``task`` inside an app context: the active one, else the consumer's own; the
    session is removed afterwards so that no connection or transaction outlives the job."""

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if has_app_context():
            return task(*args, **kwargs)
        with _app().app_context():
            return task(*args, **kwargs)

    return run


#: The modules that define tasks (each feature adds its own).
TASK_MODULES = (
    "hackplat.jobs.rebuild",
    "hackplat.notifications.jobs",
    "hackplat.accounts.mail",
    "hackplat.accounts.jobs",
    "hackplat.accounts.purge",
    "hackplat.matching.search_jobs",
    "hackplat.matching.rerank.jobs",
    "hackplat.knowledge.roll_out",
)


def _import_tasks() -> None:
    """Register the tasks with ``huey``. Done last: the task modules import ``huey`` and
    ``in_app_context`` from here (an import cycle that is harmless in either order)."""
    for name in TASK_MODULES:
        importlib.import_module(name)


_import_tasks()

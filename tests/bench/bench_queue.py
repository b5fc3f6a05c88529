"""Benchmark of the job queue (issue 11): web latency while a rebuild runs in the consumer,
and the enqueue-to-start latency of a job, on the SQLite queue or on Redis.

Not a test: it prints figures (the last stdout line one JSON object) and asserts nothing.
Steps: the corpus of bench_matcher.py (``--needs`` x ``--seeds``) in a database of a temp
folder (or ``--database-url``, an empty one); ``gunicorn --workers 2 wsgi:app`` and
``huey_consumer -k process -w 2`` as ``make run`` starts them, in process groups of their
own; then

- ``needs_idle_ms_*``: ``--requests`` sequential ``GET /needs/`` while nothing else runs;
- ``needs_busy_ms_*``: the same requests, repeated while a full rebuild runs in the
  consumer (``busy_ratio_p95`` = busy p95 / idle p95; issue 11 asks for at most 2);
- ``start_ms_*``: ``--jobs`` times, an empty ``deliver_notifications([])`` enqueued and
  the time until its result is stored (so: enqueue to start, plus an empty run), one at
  a time with ``--gap`` seconds between them (an idle consumer polls the SQLite queue
  less and less often: Huey's backoff, 0.1 s growing to 10 s; Redis blocks on BRPOP);
  ``rebuild_start_ms`` is the rebuild job's own created_at to started_at.

    .venv/bin/python tests/bench/bench_queue.py --needs 2000 --seeds 20000 --queue sqlite
    scripts/with-redis.sh sh -c '.venv/bin/python tests/bench/bench_queue.py --queue redis \\
        --redis-url "$TEST_REDIS_URL"'
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from huey import RedisHuey  # noqa: E402
from huey.storage import SqliteStorage  # noqa: E402

from hackplat.extensions import db  # noqa: E402
from hackplat.jobs.queue import huey  # noqa: E402
from hackplat.jobs.rebuild import request_rebuild  # noqa: E402
from hackplat.models import Job, User  # noqa: E402
from hackplat.notifications.jobs import deliver_notifications  # noqa: E402
from tests.bench.bench_matcher import (  # noqa: E402
    database_url,
    drop_database,
    insert_reference_rows,
    load_corpus,
    log,
    make_app,
    percentile,
)
from tests.jobs.hosts import Service, consumer, serving, wait_for, web_host  # noqa: E402


def summary(name: str, values: list[float]) -> dict[str, Any]:
    return {f"{name}_p50": round(statistics.median(values), 1), f"{name}_p95": round(percentile(values, 95), 1),
            f"{name}_n": len(values)}  # fmt: skip


def use_queue(args: argparse.Namespace, instance: Path) -> dict[str, str]:
    """Point this process's queue where the consumer reads; the consumer's environment."""
    huey.immediate = False
    if args.queue == "redis":
        huey.storage = RedisHuey(huey.name, url=args.redis_url).storage
        huey.storage.flush_all()
        return {"REDIS_URL": args.redis_url}
    huey.storage = SqliteStorage(huey.name, filename=str(instance / "jobs.db"))
    return {}


def servers(url: str, workdir: Path, queue_env: dict[str, str]) -> tuple[list[Service], str]:
    env = {key: value for key, value in os.environ.items() if key not in ("HACKPLAT_JOBS_IMMEDIATE", "REDIS_URL")}
    env |= {"DATABASE_URL": url, "HACKPLAT_INSTANCE": str(workdir / "instance"), **queue_env}
    web, base = web_host("web", env, workdir)
    web.command[2] = "2"  # --workers 2, as make run
    jobs = consumer("consumer", env, workdir)
    jobs.command[-1] = "2"  # -w 2, as make run
    return [web, jobs], base


def timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200
    return (time.perf_counter() - started) * 1000


def busy_latencies(app: Flask, base: str, requests: int) -> tuple[list[float], dict[str, Any]]:
    """Rebuild in the consumer; ``GET /needs/`` over and over while it runs."""
    with app.app_context():
        coordinator = db.session.scalars(db.select(User)).first()
        assert coordinator is not None
        job_id = request_rebuild(actor=coordinator).job.id
    wait_for(lambda: job_state(app, job_id).started_at, "the rebuild to start", 120)
    samples: list[float] = []
    while job_state(app, job_id).is_active:
        samples.extend(timed_get(f"{base}/needs/") for _ in range(min(requests, 20)))
    job = job_state(app, job_id)
    assert job.started_at is not None, job.error
    assert job.finished_at is not None, job.error
    figures = {"rebuild_state": job.state.value, "rebuild_s": round((job.finished_at - job.started_at).total_seconds(), 1),
               "rebuild_start_ms": round((job.started_at - job.created_at).total_seconds() * 1000, 1)}  # fmt: skip
    return samples, figures


def job_state(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get_one(Job, job_id)
        db.session.expunge(job)
        return job


def start_latencies(count: int, gap: float) -> list[float]:
    deliver_notifications([]).get(blocking=True, timeout=120)  # every worker's app built
    deliver_notifications([]).get(blocking=True, timeout=120)
    samples = []
    for _ in range(count):
        time.sleep(gap)
        started = time.perf_counter()
        result = deliver_notifications([])
        wait_for(lambda result=result: result.get() is not None, "an empty job to run", 60, every=0.001)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(app: Flask, base: str, args: argparse.Namespace) -> dict[str, Any]:
    for _ in range(10):  # warm-up: both web workers, the model loaded
        timed_get(f"{base}/needs/")
    idle = [timed_get(f"{base}/needs/") for _ in range(args.requests)]
    busy, rebuild = busy_latencies(app, base, args.requests)
    result = {**summary("needs_idle_ms", idle), **summary("needs_busy_ms", busy), **rebuild}
    result["busy_ratio_p95"] = round(result["needs_busy_ms_p95"] / result["needs_idle_ms_p95"], 2)
    return result | summary("start_ms", start_latencies(args.jobs, args.gap))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temp dir)")
    parser.add_argument("--queue", choices=("sqlite", "redis"), default="sqlite")
    parser.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL"), help="with --queue redis")
    parser.add_argument("--requests", type=int, default=200, help="GET /needs/ while idle")
    parser.add_argument("--jobs", type=int, default=30, help="empty jobs whose start is timed")
    parser.add_argument("--gap", type=float, default=1.0, help="seconds between two timed jobs")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.queue == "redis" and not args.redis_url:
        raise SystemExit("--queue redis needs --redis-url (or run under scripts/with-redis.sh)")
    loadavg_start = [round(x, 2) for x in os.getloadavg()]
    workdir = Path(tempfile.mkdtemp(prefix="hackplat-bench-queue-"))
    url = database_url(args.database_url, workdir)
    app = make_app(url, workdir)
    processes: list[Service] = []
    try:
        with app.app_context():
            insert_s = load_corpus(args.needs, args.seeds, insert_reference_rows())
        processes, base = servers(url, workdir, use_queue(args, workdir / "instance"))
        for process in processes:
            process.start()
        wait_for(lambda: serving(base), "gunicorn to serve", 60)
        result = {"needs": args.needs, "seeds": args.seeds, "queue": args.queue, "database": url.split(":", 1)[0],
                  "insert_s": round(insert_s, 1), **measure(app, base, args)}  # fmt: skip
    finally:
        for process in processes:
            process.stop()
        drop_database(app)
        shutil.rmtree(workdir, ignore_errors=True)
    result |= {"loadavg_start": loadavg_start, "loadavg_end": [round(x, 2) for x in os.getloadavg()]}
    for key, value in result.items():
        log(f"{key:>22}: {value}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

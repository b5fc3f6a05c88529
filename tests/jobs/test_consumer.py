"""The embedded path end to end: a real ``huey_consumer`` (process workers, as make run
starts it) on a temporary instance folder and SQLite database upgraded with ``flask db
upgrade``; a rebuild is enqueued through the web app, built with the same settings, and
the consumer runs it to a new active version."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from huey.storage import SqliteStorage
from sqlalchemy import select

from hackplat import create_app
from hackplat.config import REPO_ROOT
from hackplat.extensions import db
from hackplat.jobs.queue import huey
from hackplat.matching.store.live import active_version_id
from hackplat.models import Job, JobState, Role, Theme
from tests.conftest import TEST_HASH_METHOD, FormClient
from tests.helpers import factories
from tests.helpers.totp import pass_second_step

VENV_BIN = REPO_ROOT / ".venv" / "bin"
WAIT_SECONDS = 60


@pytest.fixture
def instance(tmp_path: Path) -> dict[str, str]:
    """The environment of an installation in ``tmp_path``: its database upgraded."""
    env = {key: value for key, value in os.environ.items() if key != "HACKPLAT_JOBS_IMMEDIATE"}
    env |= {"HACKPLAT_INSTANCE": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'hackplat.db'}"}
    subprocess.run([VENV_BIN / "flask", "--app", "hackplat", "db", "upgrade"], env=env, cwd=REPO_ROOT,
                   check=True, capture_output=True)  # fmt: skip
    return env


@pytest.fixture
def consumer(instance: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen]:
    log = (tmp_path / "consumer.log").open("w")
    command = [VENV_BIN / "huey_consumer", "hackplat.jobs.queue.huey", "--worker-type", "process", "--workers", "1"]
    process = subprocess.Popen(command, env=instance, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)  # fmt: skip
    yield process
    os.killpg(process.pid, signal.SIGTERM)  # the consumer and its worker processes
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


@pytest.fixture
def web(instance: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The web app of that installation, its queue the consumer's SQLite file (the suite's
    queue runs jobs at once, in memory)."""
    monkeypatch.setattr(huey, "_immediate", False)
    monkeypatch.setattr(huey, "storage", SqliteStorage(huey.name, filename=str(tmp_path / "jobs.db")))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": instance["DATABASE_URL"],
                      "PASSWORD_HASH_METHOD": TEST_HASH_METHOD})  # fmt: skip
    app.test_client_class = FormClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def add_posts_and_a_coordinator():
    make_department, make_organisation = factories.department_factory(), factories.organisation_factory()
    make_need = factories.need_factory(list(db.session.scalars(select(Theme))), make_department)
    make_seed = factories.seed_factory(make_organisation)
    make_need(title="保育所の入所申請をオンラインで受け付けたい", problem="紙の申請書の確認に時間がかかる。")
    make_seed(title="保育園の入園申込をスマホで完結するサービス", summary="保護者がスマホから申込できる。")
    return factories.user_factory(make_department, make_organisation)(Role.COORDINATOR)


def wait_until_ended(job_id: int, consumer: subprocess.Popen) -> Job:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get_one(Job, job_id)
        if not job.is_active:
            return job
        assert consumer.poll() is None, "the consumer ended"
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job.state} after {WAIT_SECONDS} s")


def test_a_real_consumer_runs_a_rebuild_enqueued_through_the_web(web, consumer, tmp_path) -> None:
    coordinator = add_posts_and_a_coordinator()
    client = web.test_client()
    response = client.submit("/login", {"email": coordinator.email, "password": factories.PASSWORD})
    pass_second_step(client, response, coordinator.email)
    response = client.submit("/matching/rebuild")
    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])

    job = wait_until_ended(job_id, consumer)
    assert job.state == JobState.DONE, (tmp_path / "consumer.log").read_text()
    assert job.result["version_id"] == active_version_id()
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert f"新しい順位付け（版 {job.result['version_id']}）に切り替えました。" in page

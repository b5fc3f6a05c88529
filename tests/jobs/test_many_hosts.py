"""The scale-out path of issue 11: two web hosts (gunicorn on two ports), two consumers
(``huey_consumer -k process -w 1``), one PostgreSQL database (upgraded with ``flask db
upgrade``) and one Redis, all real processes; the mail goes to an aiosmtpd sink.

Runs where PostgreSQL and Redis are given (TEST_DATABASE_URL, TEST_REDIS_URL: ``make
test``'s second run, scripts/with-postgres.sh and scripts/with-redis.sh); skipped
elsewhere, except that with ``CI`` set a missing Redis is an error. The module's tests run
on one pytest-xdist worker (one set of processes) in a Redis database of their own.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask
from huey import RedisHuey
from sqlalchemy import func, insert, select, text

from hackplat import create_app
from hackplat.extensions import db
from hackplat.jobs.queue import huey
from hackplat.jobs.services import INTERRUPTED
from hackplat.matching.store.live import active_version_id
from hackplat.models import (
    AuditRecord,
    DeliveryStatus,
    Department,
    Job,
    JobState,
    MatchVersion,
    Need,
    Notification,
    Organisation,
    Role,
    Seed,
    Theme,
    utcnow,
)
from hackplat.notifications.jobs import deliver_notifications
from tests.bench.bench_matcher import need_row, seed_row
from tests.bench.synthetic_corpus import generate_needs, generate_seeds
from tests.conftest import TEST_HASH_METHOD
from tests.helpers import factories
from tests.helpers.smtp import Sink, free_port
from tests.helpers.totp import SECOND_STEP, fresh_code
from tests.jobs.hosts import Browser, Service, consumer, dedicated_database, serving, upgrade, wait_for, web_host

pytestmark = pytest.mark.postgres_only

STALE_SECONDS = 3  # a killed consumer's job is taken as lost after this (HACKPLAT_JOBS_STALE_SECONDS)
CORPUS = (300, 3000)  # needs, seeds: a rebuild of a few seconds, long enough to be killed in


@pytest.fixture(scope="module")
def backends() -> tuple[str, str]:
    """The suite's PostgreSQL (this worker's database) and Redis (a database per worker)."""
    pg, rd = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    if not pg:
        pytest.skip("the two-host test needs PostgreSQL (TEST_DATABASE_URL, scripts/with-postgres.sh)")
    if not rd:
        message = "the two-host test needs Redis: run it under scripts/with-redis.sh (TEST_REDIS_URL)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return pg, rd.rsplit("/", 1)[0] + f"/{1 + int(worker.removeprefix('gw') or 0) % 15}"


@pytest.fixture(scope="module")
def hosts_url(backends, database_url) -> Iterator[str]:
    with dedicated_database(database_url) as url:
        yield url


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    sink = Sink(free_port())
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def cluster(backends, hosts_url, sink, tmp_path_factory) -> Iterator[dict[str, Service | str]]:
    """Host A, host B and two consumers, with one environment apart from the instance folder."""
    folder = tmp_path_factory.mktemp("hosts")
    redis.Redis.from_url(backends[1]).flushdb()
    base = {key: value for key, value in os.environ.items() if key != "HACKPLAT_JOBS_IMMEDIATE"}
    base |= {"DATABASE_URL": hosts_url, "REDIS_URL": backends[1], "SECRET_KEY": uuid.uuid4().hex,
             "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink.port), "MAIL_RETRY_BASE_SECONDS": "1",
             "HACKPLAT_JOBS_STALE_SECONDS": str(STALE_SECONDS), "HACKPLAT_INSTANCE": str(folder)}  # fmt: skip
    upgrade(base)
    envs = {name: base | {"HACKPLAT_INSTANCE": str(folder / name)} for name in ("a", "b", "c1", "c2")}
    (a, url_a), (b, url_b) = web_host("a", envs["a"], folder), web_host("b", envs["b"], folder)
    services = {"a": a, "b": b, "c1": consumer("c1", envs["c1"], folder), "c2": consumer("c2", envs["c2"], folder)}
    try:
        for service in services.values():
            service.start()
        for url in (url_a, url_b):
            wait_for(lambda url=url: serving(url), f"{url} to serve")
        yield {**services, "url_a": url_a, "url_b": url_b}
    finally:
        for service in services.values():
            service.stop()


@pytest.fixture(scope="module")
def hosts_app(hosts_url) -> Iterator[Flask]:
    """The test's own view of the hosts' database (rows to start from, states to check)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": hosts_url, "PASSWORD_HASH_METHOD": TEST_HASH_METHOD})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def hosts_db(backends, hosts_app, cluster, sink, monkeypatch) -> Iterator[None]:
    """This test reads and writes the hosts' database, and enqueues into their Redis."""
    monkeypatch.setattr(huey, "_immediate", False)
    monkeypatch.setattr(huey, "storage", RedisHuey(huey.name, url=backends[1]).storage)
    sink.messages.clear()
    with hosts_app.app_context():
        yield
        db.session.remove()


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get_one(model, ident)


def coordinator_signed_in(cluster) -> Browser:
    tag = uuid.uuid4().hex[:8]
    make_department = factories.department_factory()
    make_user = factories.user_factory(make_department, factories.organisation_factory())
    user = make_user(Role.COORDINATOR, email=f"coordinator-{tag}@example.jp")
    browser = Browser()
    answer = browser.submit(f"{cluster['url_a']}/login", {"email": user.email, "password": factories.PASSWORD},
                            page=f"{cluster['url_a']}/login")  # fmt: skip
    assert answer.status == 302, answer.body[-2000:]
    if answer.location.endswith(SECOND_STEP):  # coordinators have TOTP
        code = {"code": fresh_code(user.email)}
        answer = browser.submit(f"{cluster['url_a']}{SECOND_STEP}", code, page=f"{cluster['url_a']}{SECOND_STEP}")
        assert answer.status == 302, answer.body[-2000:]
    return browser


def rebuild_through(browser: Browser, base: str) -> int:
    answer = browser.submit(f"{base}/matching/rebuild", {}, page=f"{base}/matching/synonyms")
    assert answer.status == 303, answer.body[-2000:]
    return int(answer.location.rsplit("/", 1)[1])


def ended(job_id: int, cluster, timeout: float = 45) -> Job:
    def check() -> Job | None:
        job = fresh(Job, job_id)
        return None if job.is_active else job

    return wait_for(check, f"job {job_id} to end\n{cluster['c1'].tail()}\n{cluster['c2'].tail()}", timeout, 0.2)


def add_a_need_and_a_seed() -> None:
    tag = uuid.uuid4().hex[:8]
    themes = list(db.session.scalars(select(Theme)))
    department = factories.department_factory()(name=f"こども青少年局{tag}")
    organisation = factories.organisation_factory()(name=f"株式会社保育{tag}")
    factories.need_factory(themes, factories.department_factory())(
        department, title="保育所の入所申請をオンラインで受け付けたい", problem="紙の申請書の確認に時間がかかる。"
    )
    factories.seed_factory(factories.organisation_factory())(
        organisation, title="保育園の入園申込をスマホで完結するサービス", summary="保護者がスマホから申込できる。"
    )


def test_a_rebuild_enqueued_on_host_a_runs_once_and_is_read_on_host_b(hosts_db, cluster) -> None:
    add_a_need_and_a_seed()
    browser = coordinator_signed_in(cluster)
    newest, rebuilt = (db.session.scalar(select(func.max(MatchVersion.id))) or 0), audits("match.rebuilt")

    job = ended(rebuild_through(browser, cluster["url_a"]), cluster)

    assert job.state == JobState.DONE, job.error
    assert db.session.scalars(select(MatchVersion.id).where(MatchVersion.id > newest)).all() == [
        job.result["version_id"]
    ]
    assert audits("match.rebuilt") == rebuilt + 1  # run once, by one consumer
    assert active_version_id() == job.result["version_id"]
    page = browser.open(f"{cluster['url_b']}/jobs/{job.id}")  # the session cookie signed by host A
    assert page.status == 200
    assert f"新しい順位付け（版 {job.result['version_id']}）に切り替えました。" in page.body


def audits(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == action)) or 0


def notifications(count: int) -> tuple[list[int], set[str]]:
    """``count`` notifications of one member, each with a subject of its own."""
    tag = uuid.uuid4().hex[:8]
    make_user = factories.user_factory(factories.department_factory(), factories.organisation_factory())
    reader = make_user(Role.COORDINATOR, email=f"reader-{tag}@example.jp")
    rows = [Notification(user=reader, kind="test", subject=f"複数ホスト {tag} {n:03d}") for n in range(count)]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows], {row.subject for row in rows}


def delivered(ids: list[int]) -> int:
    db.session.expire_all()
    query = select(func.count()).where(Notification.id.in_(ids), Notification.delivery == DeliveryStatus.SENT)
    return db.session.scalar(query) or 0


def test_200_notifications_are_delivered_exactly_once_by_two_consumers(hosts_db, cluster, sink) -> None:
    ids, subjects = notifications(200)
    for start in range(0, len(ids), 20):  # each batch twice in a row: both consumers race for its rows
        deliver_notifications(ids[start : start + 20])
        deliver_notifications(ids[start : start + 20])

    wait_for(lambda: delivered(ids) == 200, "200 messages sent", timeout=40, every=0.2)
    wait_for(lambda: len(sink.messages) >= 200, "200 messages received")
    wait_for(lambda: not huey.storage.queue_size(), "the queue to empty")
    received = [str(message["Subject"]) for message in sink.messages]
    assert len(received) == 200
    assert set(received) == subjects


def test_a_consumer_killed_in_a_rebuild_leaves_the_old_version(hosts_db, cluster) -> None:
    add_a_need_and_a_seed()
    browser = coordinator_signed_in(cluster)
    old = ended(rebuild_through(browser, cluster["url_a"]), cluster).result["version_id"]
    try:
        add_corpus(*CORPUS)
        cluster["c2"].stop()  # only c1 can take the rebuild: it is the one killed
        job_id = rebuild_through(browser, cluster["url_a"])
        wait_for(lambda: fresh(Job, job_id).stage in ("analyse", "pairs"), "the rebuild to be under way", 30)
        cluster["c1"].kill()

        assert active_version_id() == old
        assert fresh(Job, job_id).state == JobState.RUNNING  # nobody left to say otherwise
        for name in ("c1", "c2"):
            cluster[name].start()
        wait_for(lambda: seconds_silent(job_id) > STALE_SECONDS, "the killed job to be taken as lost", 10)
        retry_id = rebuild_through(browser, cluster["url_b"])  # the next click, on the other host

        assert retry_id != job_id
        assert (fresh(Job, job_id).state, fresh(Job, job_id).error) == (JobState.FAILED, INTERRUPTED)
        retry = ended(retry_id, cluster, timeout=60)
        assert retry.state == JobState.DONE, retry.error
        assert active_version_id() == retry.result["version_id"] != old
    finally:
        db.session.rollback()
        db.session.execute(text("TRUNCATE needs, seeds CASCADE"))
        db.session.commit()


def seconds_silent(job_id: int) -> float:
    return (utcnow() - fresh(Job, job_id).updated_at).total_seconds()


def add_corpus(n_needs: int, n_seeds: int) -> None:
    """Synthetic Japanese needs and seeds (tests/bench/synthetic_corpus.py), bulk-inserted."""
    ref = {
        "themes": db.session.scalars(select(Theme.id)).all(),
        "departments": db.session.scalars(select(Department.id)).all(),
        "organisations": db.session.scalars(select(Organisation.id)).all(),
    }
    rng = random.Random(11)
    db.session.execute(insert(Need), [need_row(post, ref, rng) for post in generate_needs(n_needs)])
    db.session.execute(insert(Seed), [seed_row(post, ref, rng) for post in generate_seeds(n_seeds)])
    db.session.commit()


def test_mail_waits_for_a_smtp_server_that_is_down(hosts_db, cluster, sink) -> None:
    ids, subjects = notifications(20)
    sink.stop()
    try:
        for start in range(0, len(ids), 5):
            deliver_notifications(ids[start : start + 5])

        def all_failed() -> bool:
            db.session.expire_all()
            rows = db.session.scalars(select(Notification).where(Notification.id.in_(ids))).all()
            return all(row.delivery == DeliveryStatus.FAILED and row.attempts >= 1 for row in rows)

        wait_for(all_failed, "every message to fail once", timeout=20, every=0.2)
        assert sink.messages == []
    finally:
        sink.start()
    wait_for(lambda: delivered(ids) == 20, "the messages to be sent once the server is back", timeout=30)
    wait_for(lambda: len(sink.messages) >= 20, "20 messages received")
    assert sorted(str(message["Subject"]) for message in sink.messages) == sorted(subjects)

"""A job's life in its row (queued → running → done or failed, the error in Japanese),
ended jobs not run again, one job at a time per kind even when two requests race, and a
lost job (its consumer killed) giving way after a while."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from hackplat.extensions import db
from hackplat.jobs import services
from hackplat.jobs.queue import huey
from hackplat.jobs.services import Enqueued, enqueue, run
from hackplat.models import Job, JobState, Role, utcnow

KIND = "test.job"
#: What each run of ``recorded`` saw of its own row, by job id.
SEEN: dict[int, list[tuple[JobState, str]]] = {}


@huey.task()
def idle(job_id: int) -> None:
    """A task that leaves its job queued (as if no consumer had taken it yet)."""


def recorded(job_id: int) -> dict[str, int]:
    job = db.session.get_one(Job, job_id, populate_existing=True)
    SEEN.setdefault(job_id, []).append((job.state, job.stage))
    return {"answer": 42}


def broken(job_id: int) -> dict[str, int]:
    recorded(job_id)
    raise RuntimeError("the SMTP server went away")


@pytest.fixture(autouse=True)
def _forget_runs():
    yield
    SEEN.clear()  # job ids start again in the next test


@pytest.fixture
def coordinator(make_user):
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    return user


def queued_job(coordinator) -> Job:
    asked = enqueue(KIND, idle, actor=coordinator)
    assert asked.new
    return asked.job


def fresh(job: Job) -> Job:
    return db.session.get_one(Job, job.id, populate_existing=True)


def test_a_job_is_queued_then_runs_then_is_done_with_its_result(coordinator) -> None:
    job = queued_job(coordinator)
    assert (job.state, job.enqueued_by_id, job.progress) == (JobState.QUEUED, coordinator.id, 0)
    assert job.task_id
    run(job.id, recorded, failure="失敗しました。")
    assert SEEN[job.id] == [(JobState.RUNNING, "start")]  # the work runs with its row marked running
    job = fresh(job)
    assert (job.state, job.progress, job.result, job.error) == (JobState.DONE, 100, {"answer": 42}, None)
    assert job.created_at <= job.started_at <= job.finished_at


def test_a_failed_job_keeps_its_japanese_message(coordinator) -> None:
    job = queued_job(coordinator)
    with pytest.raises(RuntimeError):  # raised again, for the consumer's log
        run(job.id, broken, failure="送信に失敗しました。時間をおいてもう一度お試しください。")
    job = fresh(job)
    assert (job.state, job.error) == (JobState.FAILED, "送信に失敗しました。時間をおいてもう一度お試しください。")
    assert job.finished_at is not None


@pytest.mark.parametrize(("work", "ends"), [(recorded, JobState.DONE), (broken, JobState.FAILED)])
def test_a_job_that_has_ended_is_not_run_again(coordinator, work, ends) -> None:
    job = queued_job(coordinator)
    with contextlib.suppress(RuntimeError):
        run(job.id, work, failure="失敗しました。")
    ended = fresh(job)
    run(job.id, work, failure="失敗しました。")  # the same message again: nothing happens, nothing raised
    assert (fresh(job).state, fresh(job).finished_at) == (ends, ended.finished_at)
    assert len(SEEN[job.id]) == 1


def test_progress_is_written_on_a_new_stage_and_then_at_most_every_second(coordinator, monkeypatch) -> None:
    job = queued_job(coordinator)
    services.start(job.id)
    report = services.ProgressReporter(job.id)
    report("analyse", 10)
    report("analyse", 20)  # the same stage within the second: not written
    assert (fresh(job).stage, fresh(job).progress) == ("analyse", 10)
    report("pairs", 60)
    assert (fresh(job).stage, fresh(job).progress) == ("pairs", 60)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0.0)
    report("pairs", 70)
    assert fresh(job).progress == 70


def test_a_second_request_gets_the_queued_or_running_job(coordinator) -> None:
    first = queued_job(coordinator)
    assert enqueue(KIND, idle, actor=coordinator) == Enqueued(first, new=False)
    services.start(first.id)
    assert enqueue(KIND, idle, actor=coordinator).job.id == first.id
    services.finish(first.id, {})
    assert enqueue(KIND, idle, actor=coordinator).new  # once it has ended, a new one


def test_two_requests_at_once_enqueue_one_job(app, coordinator, monkeypatch) -> None:
    """Both requests find no job (the barrier holds each after its look-up), both insert:
    the database's partial unique index lets one through, the other gets that job."""
    both_looked = threading.Barrier(2, timeout=10)
    looked_up = services._live_active_job

    def look_up_then_wait(kind: str) -> Job | None:
        found = looked_up(kind)
        both_looked.wait()
        return found

    monkeypatch.setattr(services, "_live_active_job", look_up_then_wait)
    answers: list[tuple[int, bool]] = []
    user_id = coordinator.id

    def ask() -> None:
        with app.app_context():
            asked = enqueue(KIND, idle, actor=db.session.get_one(type(coordinator), user_id))
            answers.append((asked.job.id, asked.new))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(new for _, new in answers) == [False, True]
    assert len({job_id for job_id, _ in answers}) == 1
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_a_lost_job_gives_way_after_a_while(coordinator) -> None:
    lost = queued_job(coordinator)
    services.start(lost.id)
    last_heard = utcnow() - services.stale_after() - timedelta(seconds=1)
    db.session.execute(update(Job).where(Job.id == lost.id).values(updated_at=last_heard))
    db.session.commit()
    asked = enqueue(KIND, idle, actor=coordinator)
    assert asked.new
    assert asked.job.id != lost.id
    lost = fresh(lost)
    assert (lost.state, lost.error) == (JobState.FAILED, services.INTERRUPTED)

"""The rebuild button enqueues a job and answers at once (303) with the job's page;
the page shows the stage and progress and refreshes itself while the job runs, the new
version when it is done, a Japanese (or English) message and the old version when it
failed. A second click while a rebuild runs shows that one. The CLI still rebuilds in
the foreground."""

from __future__ import annotations

import re

import pytest
from huey.signals import SIGNAL_INTERRUPTED
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.jobs import rebuild as rebuild_job
from hackplat.jobs.queue import huey
from hackplat.jobs.rebuild import FAILED, KIND, RebuildProgress
from hackplat.jobs.services import INTERRUPTED
from hackplat.matching import store
from hackplat.matching.store.live import active_version_id
from hackplat.models import Job, JobState, MatchVersion, Role

MATCHER = "/matching/synonyms"
REFRESH = '<meta http-equiv="refresh" content="2">'


@pytest.fixture
def posts(make_need, make_seed) -> None:
    make_need(title="保育所の入所申請をオンラインで受け付けたい", problem="紙の申請書の確認に時間がかかる。")
    make_seed(title="保育園の入園申込をスマホで完結するサービス", summary="保護者がスマホから申込できる。")
    make_seed(title="粗大ごみの出し方案内チャットボット", summary="品目と料金をLINEで案内する。")
    db.session.commit()


@pytest.fixture
def coordinator(login, make_user):
    user = make_user(Role.COORDINATOR)
    login(user)
    return user


def press_rebuild(client):
    return client.submit("/matching/rebuild")


def job_page(client, response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert re.fullmatch(r"/jobs/\d+", location), location
    page = client.get(location)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_button_answers_with_the_job_page_showing_the_new_version(client, coordinator, posts) -> None:
    first = store.rebuild().version_id
    page = job_page(client, press_rebuild(client))
    version = active_version_id()
    assert version != first
    assert f"新しい順位付け（版 {version}）に切り替えました。" in page
    assert "<dt>ペア</dt>" in page
    assert "状態：完了" in page
    assert REFRESH not in page  # done: the page stops refreshing
    assert f'href="{MATCHER}">マッチングの管理に戻る</a>' in page
    job = db.session.scalar(select(Job))
    assert (job.kind, job.state, job.progress, job.enqueued_by_id) == (KIND, JobState.DONE, 100, coordinator.id)
    assert job.result["version_id"] == version


def test_a_failed_rebuild_shows_why_and_keeps_the_active_version(client, coordinator, posts, monkeypatch) -> None:
    first = store.rebuild().version_id

    def broken(progress):
        raise MemoryError("no room for the pairs")

    monkeypatch.setattr(store, "rebuild", broken)
    page = job_page(client, press_rebuild(client))
    assert "状態：失敗" in page
    assert FAILED in page
    assert f"いま使われている順位付けは版 {first} です。" in page
    assert active_version_id() == first
    assert db.session.scalar(select(Job.error)) == FAILED


def test_the_job_page_in_english(client, coordinator, posts, monkeypatch, english_catalogue) -> None:
    monkeypatch.setattr(store, "rebuild", lambda progress: 1 / 0)
    client.get("/language/en")
    page = job_page(client, press_rebuild(client))
    assert "The matcher's ranking could not be rebuilt" in page
    assert "順位付け" not in page


def test_a_running_rebuild_page_refreshes_itself_and_shows_its_stage(client, coordinator) -> None:
    job = Job(kind=KIND, state=JobState.RUNNING, stage="analyse", progress=30, enqueued_by_id=coordinator.id)
    db.session.add(job)
    db.session.commit()
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert REFRESH in page.split("</head>")[0]
    assert '<label for="job-progress">進み具合</label>' in page
    assert '<progress id="job-progress" max="100" value="30">30%</progress>' in page
    assert "課題とシーズの文章を解析しています。" in page
    calm = client.get(f"/jobs/{job.id}?refresh=off").get_data(as_text=True)
    assert REFRESH not in calm
    assert "自動更新に戻す" in calm


def test_a_second_click_while_a_rebuild_runs_shows_the_running_one(client, coordinator, posts) -> None:
    running = Job(kind=KIND, state=JobState.RUNNING, stage="pairs", progress=60, enqueued_by_id=coordinator.id)
    db.session.add(running)
    db.session.commit()
    response = press_rebuild(client)
    assert response.headers["Location"] == f"/jobs/{running.id}"
    assert "再構築はすでに受け付けられています。" in job_page(client, response)
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    assert db.session.scalar(select(func.count()).select_from(MatchVersion)) == 0  # nothing ran
    matcher_page = client.get(MATCHER).get_data(as_text=True)
    assert f'href="/jobs/{running.id}">実行中の再構築の進み具合を見る</a>' in matcher_page


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF])
def test_only_the_programme_office_sees_job_pages(client, login, make_user, role) -> None:
    job = Job(kind=KIND, state=JobState.DONE)
    db.session.add(job)
    db.session.commit()
    login(make_user(role))
    assert client.get(f"/jobs/{job.id}").status_code == 403
    assert client.get("/jobs/999999").status_code == 403  # ids are not probed


def test_progress_goes_from_tokenising_to_the_pairs() -> None:
    seen: list[tuple[str, int]] = []
    progress = RebuildProgress(lambda stage, percent: seen.append((stage, percent)), needs=10, seeds=30, k=10)
    for stage, count in [("analyse needs", 10), ("analyse seeds", 30), ("fit", 40), ("pairs", 150), ("pairs", 300)]:
        progress(stage, count)
    assert seen == [("analyse", 15), ("analyse", 45), ("pairs", 50), ("pairs", 72), ("pairs", 95)]


def test_the_rebuild_job_reports_its_progress(coordinator, posts, monkeypatch) -> None:
    reported: list[tuple[str, int]] = []
    monkeypatch.setattr(rebuild_job, "ProgressReporter", lambda job_id: lambda s, p: reported.append((s, p)))
    asked = rebuild_job.request_rebuild(actor=coordinator)
    assert [stage for stage, _ in reported][-1] == "pairs"
    assert [percent for _, percent in reported] == sorted(percent for _, percent in reported)
    assert db.session.get_one(Job, asked.job.id, populate_existing=True).state == JobState.DONE


def test_the_cli_still_rebuilds_in_the_foreground(runner, posts) -> None:
    result = runner.invoke(args=["match", "rebuild"])
    assert result.exit_code == 0, result.output
    assert re.search(r"完了: 課題 1 件、シーズ 2 件、ペア \d+ 件", result.output)
    assert active_version_id() is not None
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0  # not through the queue


def test_a_rebuild_interrupted_by_stopping_the_consumer_is_marked_failed(coordinator) -> None:
    job = Job(kind=KIND, state=JobState.RUNNING, stage="pairs", progress=60, enqueued_by_id=coordinator.id)
    db.session.add(job)
    db.session.commit()
    huey._emit(SIGNAL_INTERRUPTED, rebuild_job.rebuild_task.s(job.id))  # as Huey does on SIGTERM
    job = db.session.get_one(Job, job.id, populate_existing=True)
    assert (job.state, job.error) == (JobState.FAILED, INTERRUPTED)

"""The ranking in the database: rebuilds switch atomically, saves re-rank at once,
every worker ranks against the same data."""

from __future__ import annotations

import threading

from sqlalchemy import func, select, update

from hackplat.extensions import db
from hackplat.matching.store import live, versions
from hackplat.matching.suggestions import seeds_for_need
from hackplat.models import MatchDelta, MatchPair, MatchVersion, MatchVersionStatus, Need, Role, Seed


def top_titles(need: Need, viewer) -> list[str]:
    return [s.seed.title for s in seeds_for_need(need, viewer=viewer, limit=3)]


def version_statuses() -> list[tuple[int, MatchVersionStatus]]:
    return [
        tuple(row) for row in db.session.execute(select(MatchVersion.id, MatchVersion.status).order_by(MatchVersion.id))
    ]


def test_rebuild_ranks_the_right_seed_first_with_its_shared_terms(corpus, make_user) -> None:
    needs, seeds = corpus
    report = versions.rebuild()
    assert (report.needs, report.seeds) == (3, 5)
    assert report.pairs > 0
    coordinator = make_user(Role.COORDINATOR)
    for need, seed in zip(needs, seeds[:3], strict=True):
        best = seeds_for_need(need, viewer=coordinator, limit=1)[0]
        assert best.seed.id == seed.id
        assert 0 < best.similarity <= 1
        assert best.shared_terms


def test_each_rebuild_switches_versions_and_keeps_only_the_previous_one(corpus, monkeypatch) -> None:
    monkeypatch.setattr(versions, "DELETE_STEP", 1)  # the old pairs go in several transactions
    first = versions.rebuild().version_id
    second = versions.rebuild().version_id
    assert version_statuses() == [(first, MatchVersionStatus.RETIRED), (second, MatchVersionStatus.ACTIVE)]
    third = versions.rebuild().version_id
    assert version_statuses() == [(second, MatchVersionStatus.RETIRED), (third, MatchVersionStatus.ACTIVE)]
    assert db.session.scalar(select(func.count()).where(MatchPair.version_id == first)) == 0
    assert db.session.scalar(select(func.count()).where(MatchPair.version_id == second)) > 0


def test_a_rebuild_in_progress_never_shows_a_partial_ranking(app, corpus, make_user, monkeypatch) -> None:
    needs, _seeds = corpus
    coordinator = make_user(Role.COORDINATOR)
    old_version = versions.rebuild().version_id
    before = top_titles(needs[0], coordinator)
    monkeypatch.setattr(versions, "INSERT_BATCH", 2)  # pause after the first few pairs are written
    halfway, resume = threading.Event(), threading.Event()

    def pause(stage: str, count: int) -> None:
        if stage == "pairs" and not halfway.is_set():
            halfway.set()
            resume.wait(timeout=30)

    def build() -> None:
        with app.app_context():
            versions.rebuild(pause)
            db.session.remove()

    builder = threading.Thread(target=build)
    builder.start()
    assert halfway.wait(timeout=30)
    db.session.rollback()  # a fresh read, as a new request would make
    assert live.active_version_id() == old_version
    assert top_titles(needs[0], coordinator) == before
    new_pairs = select(func.count()).select_from(MatchPair).where(MatchPair.version_id > old_version)
    assert db.session.scalar(new_pairs) == 0  # written, but not visible before the switch
    resume.set()
    builder.join(timeout=60)
    db.session.rollback()
    assert live.active_version_id() > old_version
    assert top_titles(needs[0], coordinator) == before  # same data, same ranking


def test_a_saved_need_is_ranked_at_once_as_a_rebuild_ranks_the_same_text(corpus, make_need, make_user) -> None:
    needs, _ = corpus
    coordinator = make_user(Role.COORDINATOR)
    versions.rebuild()
    twin = make_need(title=needs[0].title, background=needs[0].background)
    live.reindex(twin)
    db.session.commit()
    assert top_titles(twin, coordinator) == top_titles(needs[0], coordinator)
    assert db.session.scalar(select(MatchDelta.item_id).where(MatchDelta.side == "need")) == twin.id


def test_another_worker_replays_the_deltas_before_scoring(corpus, make_seed, make_need, make_user) -> None:
    needs, seeds = corpus
    versions.rebuild()
    newcomer = make_seed(
        organisation=seeds[0].organisation,
        title="粗大ごみの申込をスマホで受け付けるシステム",
        summary="粗大ごみの収集申込と手数料の支払いをオンラインで完結します。",
    )
    live.reindex(newcomer)  # saved on "this" worker
    db.session.commit()
    other_worker = live.ModelCache()  # a process that never saw the new seed
    entry = other_worker.current(live.active_version_id())
    assert newcomer.id in entry.index.seeds.pos
    monkey = live.cache
    live.cache = other_worker
    try:
        need = make_need(title="粗大ごみの申込をインターネットで受け付けたい", background="電話がつながりにくい。")
        live.reindex(need)
        db.session.commit()
    finally:
        live.cache = monkey
    assert newcomer.id in [s.seed.id for s in seeds_for_need(need, viewer=make_user(Role.COORDINATOR), limit=3)]


def test_a_rolled_back_save_does_not_stay_in_the_cached_model(corpus, make_seed) -> None:
    _, seeds = corpus
    version_id = versions.rebuild().version_id
    phantom = Seed(organisation=seeds[0].organisation, title="取り消される保存", summary="見守りセンサー")
    db.session.add(phantom)
    live.reindex(phantom)
    phantom_id = phantom.id
    db.session.rollback()
    assert phantom_id not in live.cache.current(version_id).index.seeds.pos


def test_items_without_content_words_are_skipped_and_reported(corpus, make_seed) -> None:
    make_seed(title="！？・・・", summary="", description="")
    report = versions.rebuild()
    assert report.skipped == 1
    skipped = db.session.scalar(select(MatchVersion.skipped).where(MatchVersion.id == report.version_id))
    assert skipped[0][0] == "seed"


def test_rebuild_command_reports_counts_and_seconds(corpus, runner) -> None:
    result = runner.invoke(args=["match", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "完了: 課題 3 件、シーズ 5 件" in result.output
    assert "秒" in result.output


def test_a_model_saved_by_an_older_analyser_does_not_break_saving(corpus, caplog) -> None:
    """After an upgrade the active model may be unreadable (core/persist.py refuses an older
    analyser's): a save keeps its tokens and text, the stored ranking stays readable,
    and the log asks for a rebuild."""
    needs, _seeds = corpus
    version_id = versions.rebuild().version_id
    pairs_before = db.session.scalar(select(func.count()).where(MatchPair.version_id == version_id))
    db.session.execute(update(MatchVersion).where(MatchVersion.id == version_id).values(artifact=b"an older model"))
    db.session.commit()
    live.cache.forget()
    need = needs[0]
    need.title = "保育所の入所申請をオンラインで完結したい"
    live.reindex(need)
    db.session.commit()
    assert '"ライン"' in (need.analysis or "")  # the new title was analysed and kept
    assert db.session.scalar(select(func.count()).where(MatchPair.version_id == version_id)) == pairs_before
    assert "match rebuild" in caplog.text
    live.cache.forget()

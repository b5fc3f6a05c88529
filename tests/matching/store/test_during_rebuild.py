"""Saves and deletes while a rebuild runs, and deletes at any time: nothing is lost
from the new ranking, no stale tokens overwrite new ones, no pair outlives its item."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.matching.core.analyser import Analysed
from hackplat.matching.store import live, versions
from hackplat.matching.suggestions import seeds_for_need
from hackplat.models import MatchDelta, MatchPair, Need, Role, Seed

BULKY_WASTE = ("粗大ごみの申込をインターネットで受け付けたい", "粗大ごみ受付の電話がつながりにくい。")


def in_another_request(app: Flask, work: Callable[[], None]) -> None:
    """Run ``work`` as a web request would, in its own thread, context and session."""
    failed: list[BaseException] = []

    def run() -> None:
        with app.app_context():
            try:
                work()
                db.session.commit()
            except BaseException as error:  # reported by the test's thread
                failed.append(error)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert not failed, failed


def edit_need(need_id: int, title: str, background: str) -> Callable[[], None]:
    def work() -> None:
        need = db.session.get(Need, need_id)
        need.title, need.background = title, background
        live.reindex(need)

    return work


def best_seed_title(need: Need, viewer) -> str:
    return seeds_for_need(need, viewer=viewer, limit=1)[0].seed.title


def test_an_edit_between_reading_and_writing_the_tokens_keeps_its_own(app, corpus, make_user, monkeypatch) -> None:
    needs, _ = corpus
    versions.rebuild()
    db.session.execute(Need.__table__.update().values(analysis=None))  # as after an analyser change
    db.session.commit()
    keep_tokens, edits = versions._keep_tokens, [edit_need(needs[0].id, *BULKY_WASTE)]

    def edited_meanwhile(model, rows, fresh) -> None:  # after the texts were read
        if model is Need and edits:
            in_another_request(app, edits.pop())
        keep_tokens(model, rows, fresh)

    monkeypatch.setattr(versions, "_keep_tokens", edited_meanwhile)
    versions.rebuild()
    db.session.expire_all()
    assert "粗大" in Analysed.from_json(db.session.get(Need, needs[0].id).analysis).title
    assert all(need.analysis for need in db.session.scalars(select(Need)))  # the others got theirs
    coordinator = make_user(Role.COORDINATOR)
    assert best_seed_title(db.session.get(Need, needs[0].id), coordinator) == "粗大ごみ受付チャットボット"


def test_a_need_saved_while_the_rebuild_fits_is_ranked_in_the_new_version(app, corpus, make_user) -> None:
    needs, _ = corpus
    old_version = versions.rebuild().version_id

    def save_during_fit(stage: str, _count: int) -> None:
        if stage == "fit":
            in_another_request(app, edit_need(needs[0].id, *BULKY_WASTE))

    new_version = versions.rebuild(save_during_fit).version_id
    assert new_version > old_version
    coordinator = make_user(Role.COORDINATOR)
    db.session.expire_all()
    assert best_seed_title(db.session.get(Need, needs[0].id), coordinator) == "粗大ごみ受付チャットボット"
    other_worker = live.ModelCache()  # loads the stored model and replays the new version's deltas
    best = other_worker.current(new_version).index.top_seeds(needs[0].id, k=1)[0]
    assert db.session.get(Seed, best.seed_key).title == "粗大ごみ受付チャットボット"


def test_a_seed_deleted_while_the_rebuild_fits_leaves_the_new_version(app, corpus) -> None:
    _, seeds = corpus
    versions.rebuild()
    doomed = seeds[1].id

    def delete_during_fit(stage: str, _count: int) -> None:
        if stage == "fit":
            in_another_request(app, lambda: db.session.delete(db.session.get(Seed, doomed)))

    new_version = versions.rebuild(delete_during_fit).version_id
    assert db.session.scalar(select(func.count()).where(MatchPair.seed_id == doomed)) == 0
    assert doomed not in live.cache.current(new_version).index.seeds.pos
    assert doomed not in live.ModelCache().current(new_version).index.seeds.pos


def test_deleting_a_need_deletes_its_pairs_in_every_version_and_tells_the_workers(corpus) -> None:
    needs, _ = corpus
    versions.rebuild()
    version_id = versions.rebuild().version_id  # two versions with pairs
    other_worker = live.ModelCache()
    assert needs[2].id in other_worker.current(version_id).index.needs.pos
    gone = needs[2].id
    db.session.delete(needs[2])
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(MatchPair.need_id == gone)) == 0
    assert db.session.scalar(select(func.count()).where(MatchPair.need_id != gone)) > 0
    removed = db.session.execute(select(MatchDelta.version_id, MatchDelta.side, MatchDelta.item_id, MatchDelta.removed))
    assert list(removed) == [(version_id, "need", gone, True)]
    assert gone not in other_worker.current(version_id).index.needs.pos

"""Keeping the active ranking current between rebuilds, in every worker.

Each process caches the active version's fitted model. Before it scores a changed
item it replays the deltas other workers logged since it last looked, so a need saved
on one host is ranked against a seed saved on another a moment before. A deleted need
or seed takes its pairs with it and is logged as a removed delta.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from hackplat.concurrency import flush_or_conflict
from hackplat.extensions import db
from hackplat.matching.core.analyser import Analysed
from hackplat.matching.core.index import Match, MatchIndex
from hackplat.matching.core.persist import ArtifactError, index_from_bytes
from hackplat.matching.store.texts import analyse, load_item, stored_analysis
from hackplat.models import MatchDelta, MatchPair, MatchVersion, MatchVersionStatus, Need, Seed

_ACTIVE_VERSION = (
    select(MatchVersion.id)
    .where(MatchVersion.status == MatchVersionStatus.ACTIVE)
    .order_by(MatchVersion.id.desc())
    .limit(1)
)


def active_version_id() -> int | None:
    return db.session.scalar(_ACTIVE_VERSION)


def pair_rows(version_id: int, matches: Iterable[Match]) -> Iterable[dict[str, Any]]:
    for m in matches:
        yield {
            "version_id": version_id,
            "need_id": m.need_key,
            "seed_id": m.seed_key,
            "score": m.score,
            "similarity": m.similarity,
            "shared_terms": m.shared_terms,
        }


@dataclass
class _Cached:
    version_id: int
    index: MatchIndex
    last_delta: int


class ModelCache:
    """The active version's model in this process (one at a time; a lock for threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: _Cached | None = None

    def put(self, version_id: int, index: MatchIndex, last_delta: int) -> None:
        with self._lock:
            self._entry = _Cached(version_id, index, last_delta)

    def forget(self) -> None:
        with self._lock:
            self._entry = None

    def current(self, version_id: int) -> _Cached:
        with self._lock:
            if self._entry is None or self._entry.version_id != version_id:
                artifact = db.session.scalar(select(MatchVersion.artifact).where(MatchVersion.id == version_id))
                if artifact is None:  # a version that is still building, or gone
                    raise ArtifactError(f"version {version_id} has no stored model")
                index = index_from_bytes(artifact)
                index.processes = 1  # a web worker scores one item at a time: no forking
                self._entry = _Cached(version_id, index, 0)
            _replay(self._entry)
            return self._entry


cache = ModelCache()


def usable_model(version_id: int) -> _Cached | None:
    """The active version's model, or None if it cannot be used as it is: a model saved
    by an older analyser or format (after an upgrade) is refused by core/persist.py. The
    stored ranking stays readable; saves keep their tokens and are ranked at the next
    ``flask match rebuild``, which the log asks for."""
    try:
        return cache.current(version_id)
    except ArtifactError as error:
        current_app.logger.warning(
            "matcher: the active ranking cannot be updated (%s); run `flask match rebuild`", error
        )
        return None


def _replay(entry: _Cached) -> None:
    deltas = db.session.execute(
        select(MatchDelta.id, MatchDelta.side, MatchDelta.item_id, MatchDelta.removed)
        .where(MatchDelta.version_id == entry.version_id, MatchDelta.id > entry.last_delta)
        .order_by(MatchDelta.id)
    ).all()
    for delta_id, side, item_id, removed in deltas:
        item = None if removed else load_item(side, item_id)
        if item is None:
            getattr(entry.index, f"remove_{side}")(item_id)
        else:
            getattr(entry.index, f"add_or_update_{side}")(item_id, stored_analysis(item))
        entry.last_delta = delta_id


def reindex(item: Need | Seed) -> None:
    """Analyse a saved need or seed and re-rank it in the active version, in the
    caller's transaction (no ranking yet: only the analysis is kept)."""
    analysed = analyse(item)
    flush_or_conflict()  # one write of text and tokens; a new item gets its id
    version_id = active_version_id()
    if version_id is None:
        return
    entry = usable_model(version_id)
    if entry is None:
        return
    db.session.info["match_model_changed"] = True
    entry.last_delta = rerank(entry.index, version_id, _side(item), item.id, analysed).id


def rerank(index: MatchIndex, version_id: int, side: str, item_id: int, analysed: Analysed | None) -> MatchDelta:
    """Re-rank one need or seed in ``index`` (``analysed`` None: remove it), replace its
    pairs in ``version_id`` and log the change for the other workers, in the caller's
    transaction."""
    if analysed is None:
        getattr(index, f"remove_{side}")(item_id)
        matches: list[Match] = []
    else:
        matches = getattr(index, f"add_or_update_{side}")(item_id, analysed)
    column = MatchPair.need_id if side == "need" else MatchPair.seed_id
    db.session.execute(delete(MatchPair).where(MatchPair.version_id == version_id, column == item_id))
    rows = list(pair_rows(version_id, matches))
    if rows:
        db.session.execute(insert(MatchPair), rows)
    delta = MatchDelta(version_id=version_id, side=side, item_id=item_id, removed=analysed is None)
    db.session.add(delta)
    db.session.flush()
    return delta


def _side(item: Need | Seed) -> str:
    return "need" if isinstance(item, Need) else "seed"


@event.listens_for(Session, "before_flush")
def _forget_deleted_items(session: Session, _context: object, _instances: object) -> None:
    """What the foreign keys of match_pairs did before migration 0004: a deleted need or
    seed leaves the pairs of every version, and a removed delta makes every worker drop
    it from its model (see _replay)."""
    deleted = [item for item in session.deleted if isinstance(item, (Need, Seed))]
    if not deleted:
        return
    versions = session.scalars(select(MatchVersion.id)).all()
    active = session.scalar(_ACTIVE_VERSION)
    for item in deleted:
        column = MatchPair.need_id if isinstance(item, Need) else MatchPair.seed_id
        session.execute(delete(MatchPair).where(MatchPair.version_id.in_(versions), column == item.id))
        if active is not None:
            session.add(MatchDelta(version_id=active, side=_side(item), item_id=item.id, removed=True))


@event.listens_for(Session, "after_commit")
def _model_change_kept(session: Session) -> None:
    session.info.pop("match_model_changed", None)


@event.listens_for(Session, "after_soft_rollback")
def _model_change_undone(session: Session, _previous: object) -> None:
    """The cached model took a change the database did not keep: load it afresh."""
    if session.info.pop("match_model_changed", None):
        cache.forget()

"""The feedback re-ranker in the app: training it (in a job), switching it on and off,
and re-ordering a need's suggestions with it.

Without a model in use the ranking is the blend, unchanged. A training stores one
``MatchReranker`` row with its figures; it is switched on only if it beat the blend on
the held-out needs, and it then replaces the one in use; one that did not beat the
blend switches the one in use off (the latest labels say learning does not help now).
A coordinator may switch the model off and on again (only one that beat the blend).
Every switch is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import numpy as np
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from hackplat import audit
from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.rerank.core import DEPTH, Evaluation, Reranker, train
from hackplat.matching.rerank.features import labelled_pairs, pair_features
from hackplat.matching.store.live import active_version_id, usable_model
from hackplat.models import MatchReranker, Need, Seed, User, utcnow
from hackplat.permissions import can_manage_matcher, require


class Candidate(Protocol):
    """A suggested pair (matching.suggestions.Suggestion, which imports this module)."""

    @property
    def need(self) -> Need: ...
    @property
    def seed(self) -> Seed: ...


C = TypeVar("C", bound=Candidate)

__all__ = ["DEPTH", "min_labels", "in_use", "latest", "label_count", "train_reranker", "switch", "rerank"]

MIN_LABELS = 200


def min_labels() -> int:
    """Labels needed before a training (setting MATCHER_RERANK_MIN_LABELS, 200)."""
    return int(current_app.config.get("MATCHER_RERANK_MIN_LABELS", MIN_LABELS))


def in_use() -> MatchReranker | None:
    return db.session.scalar(
        select(MatchReranker).where(MatchReranker.enabled.is_(True)).order_by(MatchReranker.id.desc()).limit(1)
    )


def latest() -> MatchReranker | None:
    return db.session.scalar(select(MatchReranker).order_by(MatchReranker.id.desc()).limit(1))


def label_count() -> int:
    return len(labelled_pairs())


def _index() -> MatchIndex | None:
    version_id = active_version_id()
    entry = None if version_id is None else usable_model(version_id)
    return None if entry is None else entry.index


def train_reranker(*, actor: User | None) -> MatchReranker | None:
    """Train on every label and store the result (None: fewer labels than the setting
    asks, or no ranking to take features from). Called by the job; flushes."""
    labels = labelled_pairs()
    index = _index()
    if len(labels) < min_labels() or index is None:
        return None
    pairs = sorted(labels)
    x = pair_features(index, pairs)
    y = np.asarray([labels[p] for p in pairs])
    found = train(x, y, [p[0] for p in pairs])
    return _store(found, actor)


def _store(found: Evaluation, actor: User | None) -> MatchReranker:
    before = in_use()
    row = MatchReranker(
        trained_by_id=None if actor is None else actor.id,
        labels=found.labels,
        positives=found.positives,
        train_labels=found.train_labels,
        held_out_labels=found.held_out_labels,
        held_out_needs=found.held_out_needs,
        ndcg_before=found.ndcg_before,
        ndcg_after=found.ndcg_after,
        beats_blend=found.beats_blend,
        enabled=False,
        model=None if found.model is None else found.model.to_json(),
    )
    db.session.add(row)
    db.session.flush()
    figures = {
        "labels": row.labels,
        "held_out_needs": row.held_out_needs,
        "ndcg_before": round(row.ndcg_before, 4),
        "ndcg_after": round(row.ndcg_after, 4),
        "beats_blend": row.beats_blend,
    }
    audit.record("match.reranker_trained", "match_reranker", row.id, actor=actor, detail=figures)
    if before is not None:
        _set(before, False, actor, reason="replaced" if row.beats_blend else "did_not_beat_blend")
    if row.beats_blend:
        _set(row, True, actor, reason="beats_blend")
    return row


def _set(row: MatchReranker, on: bool, actor: User | None, *, reason: str) -> None:
    if on:  # one in use at a time
        db.session.execute(update(MatchReranker).where(MatchReranker.id != row.id).values(enabled=False))
    row.enabled, row.switched_at = on, utcnow()
    row.switched_by_id = None if actor is None else actor.id
    action = "match.reranker_on" if on else "match.reranker_off"
    audit.record(action, "match_reranker", row.id, actor=actor, detail={"reason": reason})
    db.session.flush()


NOT_USABLE = _l("この学習結果は保持した評価用データで現在の順位付けを上回らなかったため、使用できません。")
NOT_LATEST = _l("より新しい学習結果があります。画面を再読み込みしてください。")


def switch(row: MatchReranker, on: bool, *, actor: User) -> MatchReranker:
    """A coordinator switches the re-ranker on or off; switching to the state it is in
    changes nothing. Only the latest training may be switched on, and only if it beat
    the blend (Conflict otherwise)."""
    require(can_manage_matcher(actor))
    if row.enabled == on:
        return row
    if on and not row.beats_blend:
        raise Conflict(str(NOT_USABLE))
    newest = db.session.scalar(select(func.max(MatchReranker.id)))
    if on and newest != row.id:
        raise Conflict(str(NOT_LATEST))
    _set(row, on, actor, reason="coordinator")
    return row


def rerank(suggestions: Sequence[C], limit: int) -> tuple[list[C], bool]:
    """A need's candidates (the blend's best, up to DEPTH) re-ordered by the model in
    use, cut to ``limit``; unchanged (and False) without one, or without a fitted
    ranking model to take the features from."""
    row = in_use()
    if row is None or row.model is None or not suggestions:
        return list(suggestions[:limit]), False
    index = _index()
    try:
        model = Reranker.from_json(row.model)
    except (KeyError, TypeError, ValueError):
        current_app.logger.warning("matcher: the stored re-ranker %s cannot be read; ranking by the blend", row.id)
        return list(suggestions[:limit]), False
    if index is None:
        return list(suggestions[:limit]), False
    x = pair_features(index, [(s.need.id, s.seed.id) for s in suggestions])
    score = model.decision(x)
    order = np.argsort(-score, kind="stable")  # ties keep the blend's order
    return [suggestions[i] for i in order[:limit]], True

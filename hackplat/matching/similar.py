"""Needs like a given need, for the "roll out" (横展開) panel of a knowledge case: where
else in the city could the same solution help?

Read-only use of the active fitted model: the solved need's row of the need-side
matrix against every other need row, one sparse product divided by the rows' norms:
the cosine of the two needs' rows (a need row is BM25F's query form plus the dense
view, see ``core.weighting``, not unit length). The candidates, best first, are then filtered in SQL to open
needs of other departments, a batch at a time, until enough are found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hackplat.extensions import db
from hackplat.matching.core.explain import labels_of, shared_term_ids
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.side import Side
from hackplat.matching.core.weighting import ALPHA
from hackplat.matching.store.live import active_version_id, usable_model
from hackplat.models import Need, NeedStatus

#: Floor of the need–need cosine for the roll-out panel. It was the suggestion floor's
#: value before that floor was chosen again on the evaluation sets (suggestions
#: .MIN_SIMILARITY); need–need similarity has no labelled set, so it stays as it was.
MIN_SIMILARITY = 0.10
#: Candidates checked in SQL at a time: most panels fill from the first batch.
CANDIDATE_BATCH = 200


@dataclass(frozen=True)
class SimilarNeed:
    need: Need
    similarity: float  # the cosine, in (0, 1]
    shared_terms: list[str]  # the terms that contribute most, biggest first


@dataclass(frozen=True)
class _Ranked:
    vector: sp.csr_matrix  # the solved need's row
    rows: np.ndarray  # other need rows at or above MIN_SIMILARITY, best first
    cosines: np.ndarray  # by row


def _ranked_rows(needs: Side, need_id: int) -> _Ranked | None:
    """Every other live need row similar enough to ``need_id``'s, best first (ties by id)."""
    row = needs.pos.get(need_id)
    if row is None:  # never analysed, or no content words
        return None
    vector = needs.vector(row)
    matrix = needs.matrix()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    cosines = needs.dot_rows(vector).ravel() / (norms * norms[row])
    cosines[~needs.alive] = 0
    cosines[row] = 0
    candidates = np.flatnonzero(cosines >= MIN_SIMILARITY)
    order = np.lexsort((needs.ranks()[candidates], -cosines[candidates]))
    return _Ranked(vector, candidates[order], cosines)


def _open_needs_elsewhere(ids: list[int], need_id: int, department_id: int) -> dict[int, Need]:
    query = (
        select(Need)
        .options(joinedload(Need.department))
        .where(
            Need.id.in_(ids), Need.id != need_id, Need.status == NeedStatus.OPEN, Need.department_id != department_id
        )
    )
    return {need.id: need for need in db.session.scalars(query)}


def _pick(needs: Side, ranked: _Ranked, need_id: int, department_id: int, limit: int) -> list[tuple[int, Need]]:
    """The best ``limit`` candidates that are open needs of other departments."""
    picked: list[tuple[int, Need]] = []
    for start in range(0, ranked.rows.size, CANDIDATE_BATCH):
        rows = ranked.rows[start : start + CANDIDATE_BATCH].tolist()
        found = _open_needs_elsewhere([needs.keys[r] for r in rows], need_id, department_id)
        picked += [(r, found[needs.keys[r]]) for r in rows if needs.keys[r] in found]
        if len(picked) >= limit:
            break
    return picked[:limit]


def _explained(index: MatchIndex, ranked: _Ranked, picked: list[tuple[int, Need]]) -> list[SimilarNeed]:
    rows = np.asarray([row for row, _need in picked], dtype=np.int64)
    ids = shared_term_ids(
        ranked.vector,
        index.needs.rows(rows),
        np.zeros(rows.size, np.int64),
        np.arange(rows.size),
        len(index.weighting.terms),
        dense_scale=ALPHA * ALPHA,  # both rows are needs' (dense part scaled by α)
    )
    terms = labels_of(ids, index.labels)
    return [SimilarNeed(need, float(ranked.cosines[row]), shared)
            for (row, need), shared in zip(picked, terms, strict=True)]  # fmt: skip


def open_needs_like(need_id: int, *, outside_department: int, limit: int = 5) -> list[SimilarNeed] | None:
    """Open needs of departments other than ``outside_department`` that read like need
    ``need_id``, best first; None when there is no active ranking yet."""
    version_id = active_version_id()
    if version_id is None:
        return None
    model = usable_model(version_id)
    if model is None:
        return None
    index = model.index
    ranked = _ranked_rows(index.needs, need_id)
    if ranked is None or ranked.rows.size == 0:
        return []
    picked = _pick(index.needs, ranked, need_id, outside_department, limit)
    # A need is listed only with a reason a reader can check: shared terms or the similar
    # wording mark. Word vectors alone put unrelated needs (a nursery and a tourist
    # guide) just over the floor in a small city's ranking.
    return [similar for similar in _explained(index, ranked, picked) if similar.shared_terms] if picked else []

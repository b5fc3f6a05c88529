"""The re-ranker's labels and the features of need–seed pairs, from the database and
the active version's fitted model (the one every worker caches, see store/live.py).

Labels: 1 where a coordinator made the seed an invitation candidate for the need, or
the organisation proposed the seed to the need and the proposal was shortlisted or
selected; 0 where a coordinator called the pair not relevant. A pair with both counts
as 1 (a shortlisted proposal outweighs an earlier dismissal).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import numpy as np
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.weighting import ALPHA
from hackplat.matching.rerank.core import FEATURES
from hackplat.models import FeedbackKind, Need, Proposal, ProposalStatus, Seed, SuggestionFeedback

__all__ = ["labelled_pairs", "pair_features"]

CHOSEN = (ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED)
PROPOSED = (ProposalStatus.SUBMITTED, *CHOSEN, ProposalStatus.DECLINED)
Pair = tuple[int, int]


def labelled_pairs() -> dict[Pair, int]:
    """(need id, seed id) → 1 or 0 (see the module docstring)."""
    labels: dict[Pair, int] = {}
    feedback = db.session.execute(
        select(SuggestionFeedback.need_id, SuggestionFeedback.seed_id, SuggestionFeedback.kind)
    )
    for need_id, seed_id, kind in feedback:
        wanted = int(kind == FeedbackKind.INVITE)
        labels[(need_id, seed_id)] = max(labels.get((need_id, seed_id), 0), wanted)
    chosen = select(Proposal.need_id, Proposal.seed_id).where(
        Proposal.status.in_(CHOSEN), Proposal.seed_id.is_not(None)
    )
    for need_id, chosen_seed in db.session.execute(chosen):
        if chosen_seed is not None:
            labels[(need_id, chosen_seed)] = 1
    return labels


class _History:
    """How often each department's needs got proposals from an organisation, and
    shortlisted/selected proposals in a theme (counted on needs created before the
    need in question, never on that need itself)."""

    def __init__(self, department_ids: set[int]) -> None:
        """Only the proposals to ``department_ids``' needs: re-ranking one need's
        suggestions on its page reads its department's history, not the programme's."""
        self.by_organisation: dict[tuple[int, int], list[tuple[datetime, int]]] = defaultdict(list)
        self.by_theme: dict[tuple[int, int], list[tuple[datetime, int]]] = defaultdict(list)
        proposals = (
            select(Need.department_id, Need.created_at, Need.id, Proposal.organisation_id, Proposal.status,
                   Seed.theme_id)
            .join(Need, Need.id == Proposal.need_id)
            .outerjoin(Seed, Seed.id == Proposal.seed_id)
            .where(Proposal.status.in_(PROPOSED), Need.department_id.in_(department_ids))
        )  # fmt: skip
        for department, created, need_id, organisation, status, theme in db.session.execute(proposals):
            self.by_organisation[(department, organisation)].append((created, need_id))
            if status in CHOSEN and theme is not None:
                self.by_theme[(department, theme)].append((created, need_id))

    @staticmethod
    def _earlier(entries: list[tuple[datetime, int]], need: Need) -> float:
        return float(np.log1p(sum(1 for created, i in entries if i != need.id and created <= need.created_at)))

    def organisation(self, need: Need, seed: Seed) -> float:
        return self._earlier(self.by_organisation.get((need.department_id, seed.organisation_id), []), need)

    def theme(self, need: Need, seed: Seed) -> float:
        if seed.theme_id is None:
            return 0.0
        return self._earlier(self.by_theme.get((need.department_id, seed.theme_id), []), need)


def _text_parts(index: MatchIndex, need_id: int, seed_ids: Sequence[int]) -> np.ndarray:
    """(blend, BM25F, cosine, shared terms) of one need against some seeds, from the
    rows of the fitted model, split as the ranking splits them (core/split.py): the
    terms (the need's scaled by 1 − α) and the dense view (unscaled: the cosine)."""
    out = np.zeros((len(seed_ids), 4))
    i = index.needs.pos.get(need_id)
    rows = [(n, index.seeds.pos[s]) for n, s in enumerate(seed_ids) if s in index.seeds.pos]
    if i is None or not rows:
        return out
    need = index.needs.split_vector(index.needs.vector(i))
    seeds = index.seeds.split_vector(index.seeds.rows(np.asarray([j for _, j in rows])))
    term_dot = np.asarray((seeds.terms @ need.terms.T).todense(), np.float64).ravel()
    shared = np.diff(seeds.terms[:, need.terms.indices].tocsr().indptr)
    dense = seeds.dense.shape[1] > 0 and need.dense.shape[1] > 0
    cosine = (seeds.dense @ need.dense[0]).astype(np.float64) if dense else np.zeros(len(rows))
    at = [n for n, _ in rows]
    out[at, 0] = term_dot + ALPHA * cosine if dense else term_dot
    out[at, 1] = term_dot / (1.0 - ALPHA) if dense else term_dot
    out[at, 2] = cosine
    out[at, 3] = shared
    return out


def pair_features(index: MatchIndex, pairs: Sequence[Pair]) -> np.ndarray:
    """One row of FEATURES per pair (zeros for the text part of an item the model does
    not know: a need or seed without content words)."""
    needs = {n.id: n for n in db.session.scalars(select(Need).where(Need.id.in_({p[0] for p in pairs})))}
    seeds = {s.id: s for s in db.session.scalars(select(Seed).where(Seed.id.in_({p[1] for p in pairs})))}
    history = _History({need.department_id for need in needs.values()})
    x = np.zeros((len(pairs), len(FEATURES)))
    by_need: dict[int, list[int]] = defaultdict(list)
    for row, (need_id, _) in enumerate(pairs):
        by_need[need_id].append(row)
    for need_id, rows in by_need.items():
        x[rows, :4] = _text_parts(index, need_id, [pairs[r][1] for r in rows])
    for row, (need_id, seed_id) in enumerate(pairs):
        need, seed = needs.get(need_id), seeds.get(seed_id)
        if need is None or seed is None:
            continue
        x[row, 4] = float(seed.theme_id == need.theme_id)
        x[row, 5] = history.organisation(need, seed)
        x[row, 6] = history.theme(need, seed)
    return x

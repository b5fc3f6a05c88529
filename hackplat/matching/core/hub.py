"""Hub values and candidate thresholds, from a frozen reference sample.

A post's hub value is the mean of its HUB_K best cosines against a *reference set*
of the other side: at most REFERENCE_SIZE posts spread evenly in key order (all of
them on small corpora). Like idf, the reference set is frozen when the index is
fitted, so an item added later gets its hub value exactly as a rebuild with the same
model would, and computing hubs costs O(n · REFERENCE_SIZE), not O(needs · seeds).

The same pass yields, for every row, the k-th best ranking score against the
reference set: a lower bound of its k-th best score overall, which lets the all-pairs
pass keep only the few candidates that can enter a top-k.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.forking import fork_map
from hackplat.matching.core.ranking import HUB_K, HUB_WEIGHT, NEG
from hackplat.matching.core.split import cross, raw_parts

__all__ = ["REFERENCE_SIZE", "Reference", "reference_rows", "hubs_of_needs", "hubs_of_seeds"]

REFERENCE_SIZE = 2000
COLUMNS = 256  # dense columns per product block
MARGIN = np.float32(1e-5)  # thresholds are lower bounds: stay clear of float rounding


@dataclass
class Reference:
    """Frozen reference rows of one side (copies: later edits do not move them)."""

    rows: np.ndarray  # row ids at fit time
    matrix: sp.csr_matrix
    hub: np.ndarray  # their own hub values (against the other side's reference)
    live: np.ndarray  # still alive: only live rows may bound the k-th best score


def reference_rows(ranks: np.ndarray, alive: np.ndarray, size: int | None = None) -> np.ndarray:
    """Up to ``size`` (REFERENCE_SIZE) alive rows, evenly spaced in key order."""
    size = REFERENCE_SIZE if size is None else size
    rows = np.flatnonzero(alive)
    rows = rows[np.argsort(ranks[rows], kind="stable")]
    if rows.size <= size:
        return rows
    return rows[np.linspace(0, rows.size - 1, size).round().astype(np.int64)]


def _top_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of the ``k`` largest values of each column (fewer if fewer rows)."""
    k = min(k, values.shape[0])
    if k == 0:
        return np.zeros(values.shape[1], np.float32)
    top = -np.partition(-values, k - 1, axis=0)[:k]
    return top.mean(axis=0, dtype=np.float64).astype(np.float32)


def _kth(values: np.ndarray, k: int) -> np.ndarray:
    """k-th largest finite value of each column; -inf where there are fewer."""
    if values.shape[0] < k:
        return np.full(values.shape[1], NEG, np.float32)
    return -np.partition(-values, k - 1, axis=0)[k - 1]


def hubs_of_needs(
    needs: sp.csr_matrix, ref_seeds: Reference, k: int, n_terms: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Hub values of need rows and lower bounds of their k-th best score (``n_terms``:
    where the dense view's columns start, multiplied apart; see split.cross)."""
    hubs, bounds = [], []
    refs = raw_parts(ref_seeds.matrix, n_terms)
    for start in range(0, needs.shape[0], COLUMNS):
        cos = cross(refs, needs[start : start + COLUMNS], n_terms)  # refs × block
        hub = _top_mean(cos, HUB_K)
        live = (cos > 0) & ref_seeds.live[:, None]
        partial = np.where(live, cos - HUB_WEIGHT * ref_seeds.hub[:, None], NEG)
        hubs.append(hub)
        bounds.append(_kth(partial, k) - HUB_WEIGHT * hub - MARGIN)
    return _cat(hubs), _cat(bounds)


def hubs_of_seeds(
    seeds: sp.csr_matrix, ref_needs: Reference, k: int, n_terms: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Hub values of seed rows and lower bounds of their k-th best score."""
    n = seeds.shape[0]
    if n == 1:
        return _hub_of_one_seed(seeds, ref_needs, k)
    parts = raw_parts(seeds, n_terms)
    best_cos = np.zeros((n, 0), np.float32)
    best_adj = np.full((n, 0), NEG, np.float32)
    for start in range(0, ref_needs.matrix.shape[0], COLUMNS):
        block = ref_needs.matrix[start : start + COLUMNS]
        cos = cross(parts, block, n_terms)  # seeds × block
        part = slice(start, start + COLUMNS)
        live = (cos > 0) & ref_needs.live[None, part]
        partial = np.where(live, cos - HUB_WEIGHT * ref_needs.hub[None, part], NEG)
        best_cos = _keep_top(np.hstack([best_cos, cos]), HUB_K)
        best_adj = _keep_top(np.hstack([best_adj, partial]), k)
    hub = best_cos.mean(axis=1, dtype=np.float64).astype(np.float32) if best_cos.shape[1] else np.zeros(n, np.float32)
    kth = best_adj[:, k - 1] if best_adj.shape[1] >= k else np.full(n, NEG, np.float32)
    return hub, kth - HUB_WEIGHT * hub - MARGIN


def _hub_of_one_seed(seed: sp.csr_matrix, ref_needs: Reference, k: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`hubs_of_seeds` for one seed without building dense columns: a sparse
    product that sums the seed's terms in the same order, so values are identical."""
    if ref_needs.matrix.shape[0] == 0:
        return np.zeros(1, np.float32), np.full(1, NEG, np.float32)
    cos = (seed @ ref_needs.matrix.T.tocsr()).toarray()
    live = (cos > 0) & ref_needs.live[None, :]
    partial = np.where(live, cos - HUB_WEIGHT * ref_needs.hub[None, :], NEG)
    best_cos = _keep_top(cos, HUB_K)
    best_adj = _keep_top(partial, k)
    hub = best_cos.mean(axis=1, dtype=np.float64).astype(np.float32)
    kth = best_adj[:, k - 1] if best_adj.shape[1] >= k else np.full(1, NEG, np.float32)
    return hub, kth - HUB_WEIGHT * hub - MARGIN


def _keep_top(values: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` largest values of each row, sorted descending."""
    if values.shape[1] > k:
        values = -np.partition(-values, k - 1, axis=1)[:, :k]
    return -np.sort(-values, axis=1)


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


@dataclass
class HubModel:
    """The frozen reference sets of both sides."""

    needs: Reference
    seeds: Reference

    def mark_dead(self, side: str, row: int) -> bool:
        """Record that a row died; True if it was a reference row (bounds go stale)."""
        ref = self.needs if side == "need" else self.seeds
        hit = np.flatnonzero(ref.rows == row)
        ref.live[hit] = False
        return bool(hit.size)


def build_model(
    needs: sp.csr_matrix,
    need_ranks: np.ndarray,
    need_alive: np.ndarray,
    seeds: sp.csr_matrix,
    seed_ranks: np.ndarray,
    seed_alive: np.ndarray,
    n_terms: int | None = None,
) -> HubModel:
    """Pick both reference sets and their own hub values (against each other)."""
    n_rows = reference_rows(need_ranks, need_alive)
    s_rows = reference_rows(seed_ranks, seed_alive)
    n_ref = Reference(n_rows, needs[n_rows], np.zeros(n_rows.size, np.float32), np.ones(n_rows.size, bool))
    s_ref = Reference(s_rows, seeds[s_rows], np.zeros(s_rows.size, np.float32), np.ones(s_rows.size, bool))
    n_hub = hubs_of_needs(n_ref.matrix, s_ref, 1, n_terms)[0]
    s_hub = hubs_of_seeds(s_ref.matrix, n_ref, 1, n_terms)[0]
    n_ref.hub, s_ref.hub = n_hub, s_hub
    return HubModel(n_ref, s_ref)


def _seed_part(shared: tuple[sp.csr_matrix, Reference, int, int | None], rows: slice) -> tuple[np.ndarray, np.ndarray]:
    seeds, ref, k, n_terms = shared
    return hubs_of_seeds(seeds[rows], ref, k, n_terms)


def all_hubs(
    model: HubModel, needs: sp.csr_matrix, seeds: sp.csr_matrix, k: int, processes: int, n_terms: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hub values and k-th-score lower bounds of every need and seed row."""
    need_hub, need_bound = hubs_of_needs(needs, model.seeds, k, n_terms)
    step = max(1, -(-seeds.shape[0] // max(processes, 1)))
    parts = fork_map(
        _seed_part,
        (seeds, model.needs, k, n_terms),
        [slice(i, i + step) for i in range(0, seeds.shape[0], step)],
        processes,
    )
    seed_hub = _cat([p[0] for p in parts])
    seed_bound = _cat([p[1] for p in parts])
    return need_hub, need_bound, seed_hub, seed_bound

"""Candidate thresholds from a frozen reference sample: lower bounds of every row's
k-th best score, which let the all-pairs pass keep only the few candidates that can
enter a top-k.

A row's bound is its k-th best score against a *reference set* of the other side: at
most REFERENCE_SIZE seeds, or half as many needs, spread evenly in key order (all of
them on small corpora).
Like idf, the reference sets are frozen when the index is fitted, so an item added
later gets its bound exactly as a rebuild with the same model would, and computing
bounds costs O(n · REFERENCE_SIZE), not O(needs · seeds). The seeds' bounds (100,000
seeds against the reference needs) cost a fifth of the all-pairs pass itself with 2,000
reference needs; 1,000 made them ~40 % cheaper and the pass no slower at 10,000 ×
100,000 (the pass raises each seed's bound as it goes), so the needs' set is half.

(The same pass used to give each post a hub value for the CSLS hubness penalty; the
penalty did not hold on both evaluation sets and was removed: README, "The matcher".)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.forking import fork_map
from hackplat.matching.core.ranking import NEG
from hackplat.matching.core.split import Parts, cross, cross_parts, raw_parts

__all__ = [
    "REFERENCE_SIZE",
    "Reference",
    "References",
    "all_bounds",
    "bounds_of_needs",
    "bounds_of_seeds",
    "build_model",
    "reference_rows",
]

REFERENCE_SIZE = 2000
COLUMNS = 256  # dense columns per product block
SEED_ROWS = 4096  # seed rows whose scores against every reference need are held at once
MARGIN = np.float32(1e-5)  # thresholds are lower bounds: stay clear of float rounding


@dataclass
class Reference:
    """Frozen reference rows of one side (copies: later edits do not move them)."""

    rows: np.ndarray  # row ids at fit time
    matrix: sp.csr_matrix
    live: np.ndarray  # still alive: only live rows may bound the k-th best score
    _cached: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def transposed(self) -> sp.csr_matrix:
        """``matrix.T`` as CSR, made once: a saved seed's bound read it on every save."""
        if "T" not in self._cached:
            self._cached["T"] = self.matrix.T.tocsr()
        return self._cached["T"]

    def parts(self, n_terms: int | None) -> Parts:
        """``raw_parts(matrix, n_terms)``, made once: a saved need's bound split the
        2,000 reference rows on every save."""
        if ("parts", n_terms) not in self._cached:
            self._cached["parts", n_terms] = raw_parts(self.matrix, n_terms)
        return self._cached["parts", n_terms]


def reference_rows(ranks: np.ndarray, alive: np.ndarray, size: int | None = None) -> np.ndarray:
    """Up to ``size`` (REFERENCE_SIZE) alive rows, evenly spaced in key order."""
    size = REFERENCE_SIZE if size is None else size
    rows = np.flatnonzero(alive)
    rows = rows[np.argsort(ranks[rows], kind="stable")]
    if rows.size <= size:
        return rows
    return rows[np.linspace(0, rows.size - 1, size).round().astype(np.int64)]


def _kth(values: np.ndarray, k: int) -> np.ndarray:
    """k-th largest finite value of each column; -inf where there are fewer."""
    if values.shape[0] < k:
        return np.full(values.shape[1], NEG, np.float32)
    return -np.partition(-values, k - 1, axis=0)[k - 1]


def bounds_of_needs(needs: sp.csr_matrix, ref_seeds: Reference, k: int, n_terms: int | None = None) -> np.ndarray:
    """Lower bounds of need rows' k-th best score (``n_terms``: where the dense view's
    columns start, multiplied apart; see split.cross)."""
    bounds = []
    refs = ref_seeds.parts(n_terms)
    for start in range(0, needs.shape[0], COLUMNS):
        cos = cross(refs, needs[start : start + COLUMNS], n_terms)  # refs × block
        live = (cos > 0) & ref_seeds.live[:, None]
        bounds.append(_kth(np.where(live, cos, NEG), k) - MARGIN)
    return _cat(bounds)


def bounds_of_seeds(seeds: sp.csr_matrix, ref_needs: Reference, k: int, n_terms: int | None = None) -> np.ndarray:
    """Lower bounds of seed rows' k-th best score: a few thousand seeds' scores
    against every reference need (COLUMNS needs per product), then one partition per
    row (merging each block's best into a running top-k sorted the rows 8 times)."""
    n = seeds.shape[0]
    if n == 1:
        return _bound_of_one_seed(seeds, ref_needs, k)
    refs = ref_needs.parts(n_terms)
    m = refs.terms.shape[0]
    if m < k:
        return np.full(n, NEG, np.float32)
    parts = raw_parts(seeds, n_terms)
    blocks = [(b, Parts(refs.terms[b : b + COLUMNS], refs.dense[b : b + COLUMNS])) for b in range(0, m, COLUMNS)]
    out = np.empty(n, np.float32)
    for start in range(0, n, SEED_ROWS):
        part = Parts(parts.terms[start : start + SEED_ROWS], parts.dense[start : start + SEED_ROWS])
        values = np.empty((part.terms.shape[0], m), np.float32)
        for b, block in blocks:
            cos = cross_parts(part, block)  # seeds × block
            live = (cos > 0) & ref_needs.live[None, b : b + COLUMNS]
            values[:, b : b + COLUMNS] = np.where(live, cos, NEG)
        out[start : start + SEED_ROWS] = -np.partition(-values, k - 1, axis=1)[:, k - 1] - MARGIN
    return out


def _bound_of_one_seed(seed: sp.csr_matrix, ref_needs: Reference, k: int) -> np.ndarray:
    """:func:`bounds_of_seeds` for one seed without building dense columns: a sparse
    product that sums the seed's terms in the same order, so values are identical."""
    if ref_needs.matrix.shape[0] == 0:
        return np.full(1, NEG, np.float32)
    cos = (seed @ ref_needs.transposed()).toarray()
    live = (cos > 0) & ref_needs.live[None, :]
    best = _keep_top(np.where(live, cos, NEG), k)
    kth = best[:, k - 1] if best.shape[1] >= k else np.full(1, NEG, np.float32)
    return (kth - MARGIN).astype(np.float32)


def _keep_top(values: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` largest values of each row, sorted descending."""
    if values.shape[1] > k:
        values = -np.partition(-values, k - 1, axis=1)[:, :k]
    return -np.sort(-values, axis=1)


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


@dataclass
class References:
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
) -> References:
    """Pick both reference sets (the needs' half the size: see the module docstring)."""
    n_rows = reference_rows(need_ranks, need_alive, REFERENCE_SIZE // 2)
    s_rows = reference_rows(seed_ranks, seed_alive)
    return References(
        Reference(n_rows, needs[n_rows], np.ones(n_rows.size, bool)),
        Reference(s_rows, seeds[s_rows], np.ones(s_rows.size, bool)),
    )


def _part(
    shared: tuple[sp.csr_matrix, sp.csr_matrix, References, int, int | None], job: tuple[str, slice]
) -> np.ndarray:
    needs, seeds, model, k, n_terms = shared
    side, rows = job
    if side == "need":
        return bounds_of_needs(needs[rows], model.seeds, k, n_terms)
    return bounds_of_seeds(seeds[rows], model.needs, k, n_terms)


def all_bounds(
    model: References, needs: sp.csr_matrix, seeds: sp.csr_matrix, k: int, processes: int, n_terms: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """k-th-score lower bounds of every need and seed row. Both sides in one pool of
    workers (the needs' share used to run alone in the parent first): the same values,
    each row's bound being computed apart from the others."""
    jobs: list[tuple[str, slice]] = []
    for side, n in (("need", needs.shape[0]), ("seed", seeds.shape[0])):
        step = max(1, -(-n // max(processes, 1)), COLUMNS if side == "need" else 1)
        step = -(-step // COLUMNS) * COLUMNS if side == "need" else step  # whole blocks: the same products
        jobs += [(side, slice(i, i + step)) for i in range(0, n, step)]
    parts = fork_map(_part, (needs, seeds, model, k, n_terms), jobs, processes)
    need_parts = [p for (side, _), p in zip(jobs, parts, strict=True) if side == "need"]
    seed_parts = [p for (side, _), p in zip(jobs, parts, strict=True) if side == "seed"]
    return _cat(need_parts), _cat(seed_parts)

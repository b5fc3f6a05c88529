"""All top-k pairs both ways, block by block, in worker processes.

The need × seed score matrix (10,000 × 100,000 = 10⁹ cells) never exists at once:
each block of need rows becomes dense columns, ``seeds @ columns`` gives all seeds'
cosines for those needs, and only candidates above each row's lower bound (see
``bounds``) are kept. A block's needs are final at once; seed-side candidates are
reduced to each seed's current top-k whenever they pile up. Blocks are split between
forked processes; results are merged exactly (score desc, key rank asc).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hackplat.matching.core.bounds import MARGIN
from hackplat.matching.core.forking import fork_map
from hackplat.matching.core.ranking import ranked, select_per_group
from hackplat.matching.core.side import Side
from hackplat.matching.core.split import Parts, combine, term_product

__all__ = ["TopPairs", "compute_top_pairs", "BLOCK"]

BLOCK = 256  # need rows per block: seeds × BLOCK float32 scores (100 MB at 100k seeds)
REDUCE_AT = 2_000_000  # new seed-side candidates (and ≥ those kept) before a reduction
GROUPS = 512  # row groups whose maxima bound a column's k-th best score


@dataclass
class TopPairs:
    """Deduplicated pairs and every row's recorded top-k ranking scores."""

    need_rows: np.ndarray
    seed_rows: np.ndarray
    scores: np.ndarray  # ranking score (see ranking.ranked)
    cosines: np.ndarray
    need_top: np.ndarray  # (need rows × k), best first, -inf = free slot
    seed_top: np.ndarray  # (seed rows × k)


@dataclass
class _Job:
    needs: Parts
    seeds: Parts
    need_bound: np.ndarray
    seed_bound: np.ndarray
    need_ranks: np.ndarray
    seed_ranks: np.ndarray
    seed_alive: np.ndarray
    k: int


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # need, seed, score, cos


def _cat(parts: list[Pairs]) -> Pairs:
    if not parts:
        e = np.empty(0, np.int64)
        return e, e, np.empty(0, np.float32), np.empty(0, np.float32)
    need, seed, score, cos = (np.concatenate([p[i] for p in parts]) for i in range(4))
    return need, seed, score, cos


def _reduce(pairs: Pairs, group: int, job: _Job) -> Pairs:
    """Keep the k best of each need (group=0) or seed (group=1)."""
    ranks = job.seed_ranks[pairs[1]] if group == 0 else job.need_ranks[pairs[0]]
    keep = select_per_group(pairs[group], pairs[2], ranks, job.k)
    return tuple(a[keep] for a in pairs)


def _column_bounds(cos: np.ndarray, k: int, bound: np.ndarray) -> np.ndarray:
    """Tighter lower bounds of each column's k-th best score: the k-th best of the
    maxima of GROUPS row groups (k distinct entries reach it, so the k-th best of the
    whole column cannot be lower). Taken over the cosines, not the ranking scores (no
    -inf written into every cell first): where it is not positive it bounds nothing
    (a pair with cos ≤ 0 is not ranked and passes no bound, and every ranked one
    passes it), and where it is positive it is the k-th best of the scores' maxima."""
    n = cos.shape[0]
    size = n // GROUPS
    if size < 4 or k > GROUPS:
        return bound
    maxima = cos[: GROUPS * size].reshape(GROUPS, size, -1).max(axis=1)
    if n > GROUPS * size:  # the remaining rows form one more group
        maxima = np.vstack([maxima, cos[GROUPS * size :].max(axis=0, keepdims=True)])
    kth = -np.partition(-maxima, k - 1, axis=0)[k - 1]
    return np.maximum(bound, kth - MARGIN)


def _block(job: _Job, rows: np.ndarray, seed_bound: np.ndarray) -> tuple[Pairs, Pairs]:
    """Need-side top-k of ``rows`` and their seed-side candidates. Cells are compared
    as cosines with the bounds raised to 0 (``score > b`` is ``cos > max(b, 0)``, the
    score being -inf where cos ≤ 0); only the few kept get their ranking score."""
    block = job.needs.rows(rows)  # terms: sparse product; dense view: BLAS (see split.py)
    dense = job.seeds.dense @ block.dense.T if block.dense.shape[1] else None
    cos = combine(term_product(job.seeds.terms, block.terms), dense)  # seeds × block
    cos[~job.seed_alive] = 0
    need_bound = _column_bounds(cos, job.k, job.need_bound[rows])
    keep = cos > np.maximum(need_bound, 0)[None, :]
    keep |= cos > np.maximum(seed_bound, 0)[:, None]
    flat = np.flatnonzero(keep)
    seed_i, col = np.divmod(flat, rows.size)
    picked = cos.ravel()[flat]
    found = (rows[col], seed_i, ranked(picked), picked)
    need_ok = found[2] > need_bound[col]
    seed_ok = found[2] > seed_bound[seed_i]
    return _reduce(_pick(found, need_ok), 0, job), _pick(found, seed_ok)


def _pick(pairs: Pairs, mask: np.ndarray) -> Pairs:
    return pairs[0][mask], pairs[1][mask], pairs[2][mask], pairs[3][mask]


def _raise_bounds(bound: np.ndarray, kept: Pairs, k: int) -> None:
    """After a reduction (sorted by seed, best first), a seed that holds k entries
    needs no later candidate below its k-th score."""
    seeds = kept[1]
    if seeds.size == 0:
        return
    last = np.flatnonzero(np.r_[seeds[1:] != seeds[:-1], True])
    first = np.r_[0, last[:-1] + 1]
    full = last[(last - first + 1) >= k]
    rows = seeds[full]
    bound[rows] = np.maximum(bound[rows], kept[2][full] - MARGIN)


def _work(job: _Job, blocks: list[np.ndarray]) -> tuple[Pairs, Pairs]:
    need_parts: list[Pairs] = []
    seed_parts: list[Pairs] = []
    seed_bound = job.seed_bound.copy()
    kept = fresh = 0
    for rows in blocks:
        need_side, seed_side = _block(job, rows, seed_bound)
        need_parts.append(need_side)
        seed_parts.append(seed_side)
        fresh += seed_side[0].size
        if fresh > max(REDUCE_AT, kept):  # amortised: each reduction at least halves
            seed_parts = [_reduce(_cat(seed_parts), 1, job)]
            _raise_bounds(seed_bound, seed_parts[0], job.k)
            kept, fresh = seed_parts[0][0].size, 0
    return _cat(need_parts), _reduce(_cat(seed_parts), 1, job)


def _blocks(needs: Side, processes: int) -> list[list[np.ndarray]]:
    rows = np.flatnonzero(needs.alive)
    blocks = [rows[i : i + BLOCK] for i in range(0, rows.size, BLOCK)]
    return [blocks[p::processes] for p in range(processes)] if blocks else []


def compute_top_pairs(
    needs: Side, seeds: Side, bounds: tuple[np.ndarray, np.ndarray], k: int, processes: int
) -> TopPairs:
    """Top-k seeds of every alive need and top-k needs of every alive seed."""
    job = _Job(
        needs.all_split(),
        seeds.all_split(),
        bounds[0],
        bounds[1],
        needs.ranks(),
        seeds.ranks(),
        seeds.alive,
        k,
    )
    results = fork_map(_work, job, _blocks(needs, processes), processes)
    need_side = _cat([r[0] for r in results])
    seed_side = _reduce(_cat([r[1] for r in results]), 1, job)
    return _union(need_side, seed_side, needs.n_rows, seeds.n_rows, k)


def _tops(group: np.ndarray, score: np.ndarray, n_rows: int, k: int) -> np.ndarray:
    """(rows × k) recorded scores from pairs whose groups are contiguous, best first
    (as ``_reduce`` leaves them)."""
    top = np.full((n_rows, k), -np.inf, np.float32)
    if group.size:
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        within = np.arange(group.size) - np.repeat(starts, np.diff(np.r_[starts, group.size]))
        top[group, within] = score
    return top


def _union(need_side: Pairs, seed_side: Pairs, n_need: int, n_seed: int, k: int) -> TopPairs:
    """Both sides' pairs, each pair once (ordered by need row, then seed row)."""
    allp = _cat([need_side, seed_side])
    codes = allp[0] * max(n_seed, 1) + allp[1]
    _, first = np.unique(codes, return_index=True)
    return TopPairs(
        allp[0][first],
        allp[1][first],
        allp[2][first],
        allp[3][first],
        _tops(need_side[0], need_side[2], n_need, k),
        _tops(seed_side[1], seed_side[2], n_seed, k),
    )

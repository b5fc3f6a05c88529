"""Shared terms: the few terms that contribute most to a pair's cosine.

The cosine of two L2-normalised rows is the sum over shared terms of the product of
their weights, so the largest products explain the score exactly. Computed for many
pairs at once with sparse element-wise products (no Python loop over terms); the
result is a small int array, cheap to send back from a worker process.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["SHARED_TERMS", "shared_term_ids", "shared_term_ids_chunked", "labels_of"]

SHARED_TERMS = 5


def shared_term_ids(
    left: sp.csr_matrix, right: sp.csr_matrix, left_rows: np.ndarray, right_rows: np.ndarray, limit: int = SHARED_TERMS
) -> np.ndarray:
    """(pairs × limit) term ids, biggest product first, -1 where fewer terms are shared."""
    out = np.full((len(left_rows), limit), -1, np.int32)
    if len(left_rows) == 0:
        return out
    prod = left[left_rows].multiply(right[right_rows]).tocsr()
    prod.eliminate_zeros()
    row_of = np.repeat(np.arange(prod.shape[0]), np.diff(prod.indptr))
    # By row, then biggest product first (products lie in (0, 1]); the stable sort
    # keeps CSR's ascending term order for equal products, so output is stable.
    order = np.argsort(row_of * 2.0 + (1.0 - prod.data.astype(np.float64)), kind="stable")
    rank = np.arange(order.size) - prod.indptr[row_of[order]]
    keep = order[rank < limit]
    out[row_of[keep], rank[rank < limit]] = prod.indices[keep]
    return out


def labels_of(ids: np.ndarray, labels: Sequence[str]) -> list[list[str]]:
    """Term ids (as from :func:`shared_term_ids`) → lists of readable labels."""
    if ids.size == 0:
        return [[] for _ in range(ids.shape[0])]
    table = np.array(list(labels) + [""], dtype=object)
    counts = (ids >= 0).sum(axis=1).tolist()
    # two terms may read alike (a lemma and a synonym term): show each label once
    return [list(dict.fromkeys(row[:n])) for row, n in zip(table[ids].tolist(), counts, strict=True)]


def shared_term_ids_chunked(
    left: sp.csr_matrix, right: sp.csr_matrix, left_rows: np.ndarray, right_rows: np.ndarray, chunk: int = 100_000
) -> np.ndarray:
    """:func:`shared_term_ids` in chunks, so that memory stays flat for millions of pairs."""
    parts = [
        shared_term_ids(left, right, left_rows[i : i + chunk], right_rows[i : i + chunk])
        for i in range(0, len(left_rows), chunk)
    ]
    return np.vstack(parts) if parts else np.full((0, SHARED_TERMS), -1, np.int32)

"""Scores as a sparse term part plus a dense part, each computed the fast way.

A row of the index is its BM25F terms followed by the dense view's 300 dimensions
(see ``weighting``). Multiplied as one sparse matrix, those 300 dimensions are 300 stored
entries in every row, and the all-pairs pass spent most of its time in them (at 3,000 ×
30,000 with the word vectors: 27.8 s instead of 4.3 s for BM25F alone). Split, the term
part stays a sparse product and the dense part becomes one dense matrix product in BLAS
(needs × 300 @ 300 × seeds, block by block, float32).

The dense vectors are multiples of DENSE_STEP (``dense`` rounds them), so every product
and every partial sum of a dense dot product is a multiple of 2⁻²² below 2 in magnitude,
which float32 holds exactly: the dense part is exact whatever order BLAS sums in, and a
pair scores bit for bit alike in the all-pairs pass (a block of needs) and when one item
is saved (one row) — the property ``index`` relies on (batch and incremental agree).
The term part keeps the one summation order used everywhere (the sparse row's order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.dense import STEP as DENSE_STEP
from hackplat.matching.core.weighting import ALPHA

__all__ = [
    "DENSE_STEP",
    "Parts",
    "columns_below",
    "columns_from",
    "combine",
    "cross",
    "cross_parts",
    "dense_columns",
    "raw_parts",
    "split_rows",
    "term_product",
]

_ALPHA = np.float32(ALPHA)


@dataclass
class Parts:
    """Rows split: the term columns (sparse) and the dense view (float32, unscaled;
    zero columns without word vectors)."""

    terms: sp.csr_matrix
    dense: np.ndarray

    def rows(self, ids: np.ndarray) -> Parts:
        return Parts(self.terms[ids], self.dense[ids])


def dense_columns(rows: sp.csr_matrix) -> np.ndarray:
    """Rows as dense columns (terms × rows), the right operand of ``seeds @ x``."""
    out = np.zeros((rows.shape[1], rows.shape[0]), dtype=np.float32)
    owner = np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))
    out[rows.indices, owner] = rows.data
    return out


def term_product(rows: sp.csr_matrix, block: sp.csr_matrix) -> np.ndarray:
    """``rows @ dense_columns(block)`` (rows × block rows, float32), bit for bit: each
    score sums the row's terms in its stored order, as that product does. Only the
    columns ``block`` uses are kept: the other entries of ``rows`` add exact zeros. The
    dense right operand then holds those few thousand terms instead of the whole
    vocabulary, so the product reads it from cache, not memory, and does a third less
    work: the all-pairs pass's and the bounds' term products took 1.5-2x the time."""
    cols = np.unique(block.indices)
    if cols.size == 0:
        return np.zeros((rows.shape[0], block.shape[0]), np.float32)
    remap = np.full(rows.shape[1], -1, np.int32)
    remap[cols] = np.arange(cols.size, dtype=np.int32)
    mapped = remap[rows.indices]
    keep = mapped >= 0
    indptr = np.r_[0, np.cumsum(keep)][rows.indptr]
    kept = sp.csr_matrix((rows.data[keep], mapped[keep], indptr), shape=(rows.shape[0], cols.size))
    columns = np.zeros((cols.size, block.shape[0]), np.float32)
    owner = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
    columns[remap[block.indices], owner] = block.data
    return np.asarray(kept @ columns, dtype=np.float32)


def split_rows(rows: sp.csr_matrix, n_terms: int, dense_scale: float | None) -> Parts:
    """``rows`` split at ``n_terms``; the dense part divided by ``dense_scale`` (α for
    needs, 1 for seeds) and put back on the DENSE_STEP grid (exact for rows written by
    ``weighting``: it only undoes the scaling's float rounding). A seed's dense view is
    stored unscaled, on the grid already: read as it is (100,000 × 300 values were
    taken through float64 and back for nothing)."""
    rows = sp.csr_matrix(rows)
    width = rows.shape[1] - n_terms
    if dense_scale is None or width <= 0:
        terms = rows if width <= 0 else rows[:, :n_terms]
        return Parts(sp.csr_matrix(terms, dtype=np.float32), np.zeros((rows.shape[0], 0), np.float32))
    terms = columns_below(rows, n_terms)
    if dense_scale == 1.0 and rows.dtype == np.float32:
        return Parts(terms, columns_from(rows, n_terms).toarray())
    dense = columns_from(rows, n_terms).toarray().astype(np.float64)
    dense = np.rint(dense / (dense_scale * DENSE_STEP)) * DENSE_STEP
    return Parts(terms, dense.astype(np.float32))


def columns_below(rows: sp.csr_matrix, n: int, dtype: Any = np.float32) -> sp.csr_matrix:
    """Columns [0, n) of a CSR matrix with sorted indices, without scipy's general
    column slicing (which costs a second pass and a copy of the indices)."""
    keep = rows.indices < n
    indptr = np.r_[0, np.cumsum(keep)][rows.indptr]
    out = sp.csr_matrix((rows.data[keep], rows.indices[keep], indptr), shape=(rows.shape[0], n))
    return sp.csr_matrix(out, dtype=dtype)


def columns_from(rows: sp.csr_matrix, n: int) -> sp.csr_matrix:
    keep = rows.indices >= n
    indptr = np.r_[0, np.cumsum(keep)][rows.indptr]
    return sp.csr_matrix((rows.data[keep], rows.indices[keep] - n, indptr), shape=(rows.shape[0], rows.shape[1] - n))


def combine(terms: np.ndarray, dense: np.ndarray | None) -> np.ndarray:
    """The score: term part + α · dense part, in float32, in place in ``terms`` (the
    same operations on every path, so equal inputs give equal bits)."""
    if dense is not None and dense.size:
        np.multiply(dense, _ALPHA, out=dense)
        np.add(terms, dense, out=terms)
    return terms


def raw_parts(rows: sp.csr_matrix, n_terms: int | None) -> Parts:
    """``rows`` split at ``n_terms`` as stored (the dense part not rescaled); None: no
    dense part."""
    rows = sp.csr_matrix(rows)
    if n_terms is None or rows.shape[1] <= n_terms:
        return Parts(rows, np.zeros((rows.shape[0], 0), np.float32))
    return Parts(columns_below(rows, n_terms), columns_from(rows, n_terms).toarray().astype(np.float32))


def cross(left: Parts, right: sp.csr_matrix, n_terms: int | None) -> np.ndarray:
    """``left @ right.T`` (left rows × right rows, float32) of rows as stored, the terms
    as a sparse product and the dense view in BLAS: the merged product's value up to
    float rounding (~1e-7), for the bounds (``bounds``), not for ranking."""
    return cross_parts(left, raw_parts(right, n_terms))


def cross_parts(left: Parts, right: Parts) -> np.ndarray:
    """:func:`cross` of rows split already (``raw_parts``)."""
    dense = left.dense @ right.dense.T if left.dense.shape[1] and right.dense.shape[1] else None
    out = term_product(left.terms, right.terms)
    if dense is not None:
        out += dense
    return out

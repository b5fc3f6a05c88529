"""Shared terms: the few terms that contribute most to a pair's cosine.

The cosine of two L2-normalised rows is the sum over shared terms of the product of
their weights, so the largest products explain the score exactly. Computed for many
pairs at once with sparse element-wise products (no Python loop over terms); the
result is a small int array, cheap to send back from a worker process.

Rows may end in the dense view's dimensions (columns from ``n_terms`` on): those
products explain no word, so they are left out of the terms; where the two posts'
word-vector cosine is at least SIMILAR_COSINE, the pair gets the marker id ``n_terms``
after its terms, which the index labels SIMILAR_WORDING (shown as 「似た表現」,
"similar wording", never as invented terms).

SIMILAR_COSINE was chosen on both evaluation sets (shared/matching/dev and the even
half of LocalgovFAQ), among the pairs shown (each need's top 10): the marker should
be evidence, so it is said where such pairs are clearly more often relevant than the
others. Relevant share of marked / unmarked pairs, share of pairs marked, dev | LGFAQ:
cosine ≥ 0.6: 0.43 / 0.25, 83 % | 0.25 / 0.13, 31 %; ≥ 0.7: 0.53 / 0.29, 46 % | 0.33 /
0.14, 13 %; ≥ 0.75: 0.60 / 0.33, 28 % | 0.36 / 0.15, 7 %; ≥ 0.8: 0.83 / 0.36, 10 % |
0.43 / 0.16, 3 %. 0.75 doubles the odds on both and still marks a fair share; the
former rule (dense part ≥ half the score) marked 91 % of dev's pairs and 3 % of
LocalgovFAQ's (long posts have high cosines), so it said nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.split import columns_below, columns_from
from hackplat.matching.core.weighting import ALPHA

__all__ = [
    "SHARED_TERMS",
    "SIMILAR_COSINE",
    "SIMILAR_WORDING",
    "WIDTH",
    "shared_term_ids",
    "shared_term_ids_chunked",
    "shared_term_ids_split",
    "split_stored",
    "terms_json",
    "terms_json_of",
    "json_label_table",
    "label_table",
    "labels_of",
]

SHARED_TERMS = 5
WIDTH = SHARED_TERMS + 1  # room for the similar-wording marker
SIMILAR_COSINE = 0.75
#: Stored among a pair's shared terms when the dense view carries the pair: templates
#: show it as 「似た表現」 ("similar wording"), not as a term.
SIMILAR_WORDING = "≈"


def shared_term_ids(
    left: sp.csr_matrix,
    right: sp.csr_matrix,
    left_rows: np.ndarray,
    right_rows: np.ndarray,
    n_terms: int,
    dense_scale: float = ALPHA,
) -> np.ndarray:
    """(pairs × WIDTH) term ids, biggest product first, then the marker id ``n_terms``
    where the posts' word-vector cosine reaches SIMILAR_COSINE; -1 in the free slots.
    ``dense_scale``: the product of both sides' scales of the dense dimensions (a need's
    are scaled by α, a seed's by 1: α for need × seed, α² for need × need), so that the
    dot product / scale is the cosine."""
    return shared_term_ids_split(
        split_stored(left, n_terms), split_stored(right, n_terms), left_rows, right_rows, dense_scale
    )


def split_stored(rows: sp.csr_matrix, n_terms: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Rows as stored, split at ``n_terms``: the term columns (CSR) and the dense view's
    columns as an array (zero columns without one), values unchanged. Split once for
    millions of pairs: slicing columns of the picked rows pair by pair cost most of the
    explaining (scipy's general column slicing copies the 300 dense entries of each row)."""
    rows = sp.csr_matrix(rows)
    if rows.shape[1] <= n_terms:
        return rows, np.zeros((rows.shape[0], 0), rows.dtype)
    return columns_below(rows, n_terms, rows.dtype), columns_from(rows, n_terms).toarray()


def shared_term_ids_split(
    left: tuple[sp.csr_matrix, np.ndarray],
    right: tuple[sp.csr_matrix, np.ndarray],
    left_rows: np.ndarray,
    right_rows: np.ndarray,
    dense_scale: float = ALPHA,
) -> np.ndarray:
    """:func:`shared_term_ids` of rows split by :func:`split_stored` (same result)."""
    limit, n_terms = SHARED_TERMS, left[0].shape[1]
    out = np.full((len(left_rows), WIDTH), -1, np.int32)
    if len(left_rows) == 0:
        return out
    lhs, rhs = left[0][left_rows], right[0][right_rows]
    n = lhs.shape[0]
    dense_sum = np.zeros(n)
    if left[1].shape[1] and right[1].shape[1]:  # the dense view: one dot product per pair
        dense_sum = np.einsum("ij,ij->i", left[1][left_rows], right[1][right_rows], dtype=np.float64)
    prod = lhs.multiply(rhs).tocsr()
    prod.eliminate_zeros()
    row_of = np.repeat(np.arange(n), np.diff(prod.indptr))
    # By row, then biggest product first (products lie in (0, 1]); the stable sort
    # keeps CSR's ascending term order for equal products, so output is stable.
    order = np.argsort(row_of * 2.0 + (1.0 - prod.data.astype(np.float64)), kind="stable")
    rank = np.arange(order.size) - prod.indptr[row_of[order]]
    keep = order[rank < limit]
    out[row_of[keep], rank[rank < limit]] = prod.indices[keep]
    similar = np.flatnonzero(dense_sum >= SIMILAR_COSINE * dense_scale)
    out[similar, (out[similar] >= 0).sum(axis=1)] = n_terms
    return out


def label_table(labels: Sequence[str]) -> np.ndarray:
    """``labels`` as the lookup array :func:`labels_of` reads (build it once per index:
    for 50,000 terms it cost a saved item ~28 ms a call)."""
    return np.array([*labels, ""], dtype=object)


def labels_of(ids: np.ndarray, labels: Sequence[str] | np.ndarray) -> list[list[str]]:
    """Term ids (as from :func:`shared_term_ids`) → lists of readable labels; ``labels``
    a list, or its :func:`label_table`."""
    if ids.size == 0:
        return [[] for _ in range(ids.shape[0])]
    table = labels if isinstance(labels, np.ndarray) else label_table(labels)
    counts = (ids >= 0).sum(axis=1).tolist()
    # two terms may read alike (a lemma and a synonym term): show each label once
    return [list(dict.fromkeys(row[:n])) for row, n in zip(table[ids].tolist(), counts, strict=True)]


def json_label_table(labels: Sequence[str]) -> np.ndarray:
    """:func:`label_table` with each label as its JSON string (quoted, escaped as
    :func:`terms_json` escapes it), for :func:`terms_json_of`."""
    return np.array([*(_json(label) for label in labels), ""], dtype=object)


def terms_json_of(ids: np.ndarray, table: np.ndarray) -> list[str]:
    """``[terms_json(t) for t in labels_of(ids, labels)]`` from the labels' JSON strings
    (``table``: :func:`json_label_table`): each label is quoted once per index, not once
    per pair, and a pair's array is one join (the rows of two million pairs are built
    in a rebuild's workers: labels and JSON cost them about as much as the shared terms)."""
    if ids.size == 0:
        return ["[]"] * ids.shape[0]
    counts = (ids >= 0).sum(axis=1).tolist()
    return [f"[{','.join(dict.fromkeys(row[:n]))}]" for row, n in zip(table[ids].tolist(), counts, strict=True)]


def shared_term_ids_chunked(
    left: tuple[sp.csr_matrix, np.ndarray],
    right: tuple[sp.csr_matrix, np.ndarray],
    left_rows: np.ndarray,
    right_rows: np.ndarray,
    chunk: int = 100_000,
    dense_scale: float = ALPHA,
) -> np.ndarray:
    """:func:`shared_term_ids_split` in chunks, so that memory stays flat for millions of pairs."""
    parts = [
        shared_term_ids_split(left, right, left_rows[i : i + chunk], right_rows[i : i + chunk], dense_scale)
        for i in range(0, len(left_rows), chunk)
    ]
    return np.vstack(parts) if parts else np.full((0, WIDTH), -1, np.int32)


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def terms_json(terms: list[str]) -> str:
    """``terms`` as the JSON array the pairs' column holds; the usual terms, with nothing
    to escape, joined directly (json's encoder cost a fifth of writing the pairs)."""
    if not terms or _NEEDS_ESCAPE.search("".join(terms)):
        return _json(terms)
    joined = '","'.join(terms)  # searched before joining: the separators hold quotes
    return f'["{joined}"]'

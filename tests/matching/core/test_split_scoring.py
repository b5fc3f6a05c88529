"""Scoring by parts (core/split.py): the dense view multiplied apart from the terms is
exact on the DENSE_STEP grid, so a pair scores bit for bit alike in the all-pairs pass
(blocks of needs, BLAS) and when one need or seed is scored (one row), with the word
vectors on; and the split sum is the merged row product up to float rounding."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.split import DENSE_STEP, cross, dense_columns, raw_parts, split_rows
from hackplat.matching.core.wordvectors import load_vectors
from tests.matching.core.tiny_matching_corpus import NEEDS, SEEDS, build


def grid_vectors(n: int, d: int = 300, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return (np.rint(x / DENSE_STEP) * DENSE_STEP).astype(np.float32)


def test_dense_products_on_the_grid_do_not_depend_on_the_block() -> None:
    seeds, needs = grid_vectors(3000, seed=1), grid_vectors(256, seed=2)
    block = seeds @ needs.T
    for j in (0, 17, 255):
        assert np.array_equal(block[:, j], seeds @ needs[j])  # matrix-vector: another BLAS kernel
        assert np.array_equal(block[:, j], (seeds @ needs[j : j + 1].T).ravel())
    assert np.array_equal(block[:1000], seeds[:1000] @ needs.T)
    plain = seeds.astype(np.float64) @ needs.T.astype(np.float64)
    assert np.array_equal(block, plain.astype(np.float32))  # exact, not merely close


def test_with_vectors_the_all_pairs_pass_and_single_items_score_alike() -> None:
    vectors = load_vectors("auto")
    assert vectors is not None, "make test installs the word vectors (ja-ginza)"
    index = build(vectors=vectors, processes=1)
    assert index.weighting.dense is not None
    batch = {(m.need_key, m.seed_key): m.score for m in index.iter_top_pairs(3)}
    for need in NEEDS:
        for m in index.top_seeds(need, 3):
            assert batch[(m.need_key, m.seed_key)] == m.score
    for seed in SEEDS:
        for m in index.top_needs(seed, 3):
            assert batch[(m.need_key, m.seed_key)] == m.score


def test_split_scores_are_the_merged_product_up_to_rounding() -> None:
    index = build(vectors=load_vectors("auto"), processes=1)
    n_terms = len(index.weighting.terms)
    needs, seeds = index.needs.matrix(), index.seeds.matrix()
    merged = (needs @ seeds.T).toarray()
    parts = cross(raw_parts(needs, n_terms), seeds, n_terms)
    assert np.allclose(parts, merged, atol=1e-6)
    split = split_rows(needs, n_terms, 0.15)
    assert split.terms.shape == (needs.shape[0], n_terms)
    assert np.array_equal(split.dense, np.rint(split.dense / DENSE_STEP) * DENSE_STEP)


def test_dense_columns_place_each_row_in_a_column() -> None:
    rows = sp.csr_matrix(np.array([[0, 2.0, 0], [1.0, 0, 3.0]], np.float32))
    assert np.array_equal(dense_columns(rows), rows.toarray().T)

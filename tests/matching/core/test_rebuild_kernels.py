"""The rebuild's faster kernels give exactly what the plain ones gave: the term product
over the block's own columns (core/split.term_product) bit for bit, and a batch of pair
rows' shared terms as JSON (core/explain.terms_json_of) string for string."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.explain import json_label_table, labels_of, terms_json, terms_json_of
from hackplat.matching.core.split import dense_columns, term_product


def random_rows(n: int, width: int, per_row: int, seed: int) -> sp.csr_matrix:
    """Rows with unsorted indices and float32 weights of very different sizes, so that
    a different summation order would show in the last bits."""
    rng = np.random.default_rng(seed)
    cols = np.concatenate([rng.choice(width, per_row, replace=False) for _ in range(n)])
    data = (rng.random(n * per_row) * 10.0 ** rng.integers(-4, 1, n * per_row)).astype(np.float32)
    indptr = np.arange(0, n * per_row + 1, per_row)
    rows = sp.csr_matrix((data, cols, indptr), shape=(n, width))
    rows.has_sorted_indices = False
    return rows


def test_term_product_is_the_product_with_dense_columns_bit_for_bit() -> None:
    rows = random_rows(400, 3000, 40, seed=1)
    block = random_rows(64, 3000, 25, seed=2)
    got = term_product(rows, block)
    want = rows @ dense_columns(block)
    assert got.dtype == np.float32
    assert got.shape == (400, 64)
    assert np.count_nonzero(got) > 1000  # the rows do meet the block's terms
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_term_product_of_a_block_without_terms_is_zero() -> None:
    rows = random_rows(5, 100, 3, seed=3)
    empty = sp.csr_matrix((2, 100), dtype=np.float32)
    assert np.array_equal(term_product(rows, empty), np.zeros((5, 2), np.float32))


def test_terms_json_of_is_terms_json_of_the_labels() -> None:
    labels = ["子育て", "保育", 'say "hi"', "back\\slash", "tab\there", "保育", "≈"]
    ids = np.array(
        [
            [0, 1, 6, -1, -1, -1],
            [1, 5, -1, -1, -1, -1],  # two terms read alike: shown once
            [2, 3, 4, 0, 1, 6],
            [-1, -1, -1, -1, -1, -1],
        ],
        np.int32,
    )
    got = terms_json_of(ids, json_label_table(labels))
    assert got == [terms_json(t) for t in labels_of(ids, labels)]
    assert got[1] == '["保育"]'
    assert got[3] == "[]"
    assert terms_json_of(np.zeros((0, 6), np.int32), json_label_table(labels)) == []


def test_seed_bounds_in_row_chunks_are_each_seeds_kth_best_reference_score(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Chunks of seeds and blocks of reference needs smaller than the data, so that every
    seam is crossed; each bound is the seed's k-th best positive score against the live
    reference needs, less the margin, and -inf where it has fewer."""
    import hackplat.matching.core.bounds as bounds
    from hackplat.matching.core.analyser import Analyser
    from hackplat.matching.core.index import MatchIndex
    from tests.bench.synthetic_corpus import generate_corpus

    monkeypatch.setattr(bounds, "SEED_ROWS", 7)
    monkeypatch.setattr(bounds, "COLUMNS", 16)
    analyser = Analyser()
    needs, seeds = generate_corpus(60, 100, seed=5)
    index = MatchIndex.fit(
        [(p["id"], analyser.analyse(p["title"], p["body"])) for p in needs],
        [(p["id"], analyser.analyse(p["title"], p["body"])) for p in seeds],
        processes=1,
    )
    ref = index.model.needs
    ref.live[3] = False
    k = 5
    got = bounds.bounds_of_seeds(index.seeds.matrix(), ref, k)
    scores = (index.seeds.matrix() @ ref.matrix.T).toarray().astype(np.float64)
    scores[:, ~ref.live] = 0
    for row, bound in zip(scores, got, strict=True):
        positive = np.sort(row[row > 0])[::-1]
        if positive.size < k:
            assert bound == -np.inf
        else:
            assert positive[k - 1] - 2 * bounds.MARGIN < bound < positive[k - 1]
    assert np.isfinite(got).sum() > 50


def test_select_per_group_is_the_lexsort_order_on_both_paths() -> None:
    """One packed key where group and rank fit in 32 bits, two stable sorts otherwise:
    both the k best of each group by (score desc, rank asc), ties in score included."""
    from hackplat.matching.core.ranking import select_per_group

    rng = np.random.default_rng(4)
    pairs = rng.choice(300 * 500, 20_000, replace=False)
    group, rank = np.divmod(pairs, 500)
    score = rng.choice(np.float32([0.1, 0.2, 0.25, 0.3]), pairs.size)  # many ties
    order = np.lexsort((rank, -score, group))
    g = group[order]
    within = np.arange(g.size) - np.searchsorted(g, g)
    want = order[within < 7]
    assert np.array_equal(select_per_group(group, score, rank, 7), want)  # 9 + 9 bits: packed
    wide = rank << 30  # 9 + 39 bits: the two sorts
    assert np.array_equal(select_per_group(group, score, wide, 7), want)


def test_seeds_dense_view_is_read_as_stored_on_the_grid() -> None:
    """split_rows reads a seed's dense view without the float64 round trip a need's
    (scaled by α) takes: the same values, because seeds store theirs on the grid."""
    from hackplat.matching.core.split import DENSE_STEP, columns_from, split_rows
    from hackplat.matching.core.wordvectors import load_vectors
    from tests.matching.core.tiny_matching_corpus import build

    vectors = load_vectors("auto")
    assert vectors is not None, "make test installs the word vectors (ja-ginza)"
    index = build(vectors=vectors, processes=1)
    n_terms = len(index.weighting.terms)
    seeds = index.seeds.matrix()
    stored = columns_from(seeds, n_terms).toarray().astype(np.float64)
    on_grid = (np.rint(stored / DENSE_STEP) * DENSE_STEP).astype(np.float32)
    parts = split_rows(seeds, n_terms, 1.0)
    assert parts.dense.dtype == np.float32
    assert np.count_nonzero(parts.dense) > 0
    assert np.array_equal(parts.dense, on_grid)

"""The stored model's format: the dense view as dense arrays (format 4), and a model of
an older format refused with a clear error (the app then falls back as with no model)."""

from __future__ import annotations

import io

import numpy as np
import pytest
import scipy.sparse as sp

from hackplat.matching.core import persist
from hackplat.matching.core.dense import joined_rows
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.persist import ArtifactError, index_from_bytes, index_to_bytes
from hackplat.matching.core.wordvectors import load_vectors
from tests.matching.core.tiny_matching_corpus import NEEDS, SEEDS, build


@pytest.fixture(scope="module")
def dense_index() -> MatchIndex:
    vectors = load_vectors("auto")
    assert vectors is not None, "the word vectors are missing: `make test` installs requirements/vectors.txt"
    index = build(vectors=vectors, processes=1)
    list(index.iter_top_pairs(3))
    return index


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
        and a.data.dtype == b.data.dtype
    )


def test_the_dense_view_is_stored_as_dense_arrays_and_loads_bit_for_bit(dense_index: MatchIndex) -> None:
    data = index_to_bytes(dense_index)
    arrays = np.load(io.BytesIO(data), allow_pickle=False)
    n_terms = len(dense_index.weighting.terms)
    dims = dense_index.weighting.width - n_terms
    assert arrays["seed_dense"].shape == (dense_index.seeds.n_rows, dims)
    assert arrays["need_dense"].dtype == np.float32
    assert arrays["seed_indices"].max() < n_terms  # no dense column among the sparse entries
    loaded = index_from_bytes(data)
    assert _same(loaded.needs.matrix(), dense_index.needs.matrix())
    assert _same(loaded.seeds.matrix(), dense_index.seeds.matrix())
    assert _same(loaded.model.needs.matrix, dense_index.model.needs.matrix)
    assert _same(loaded.model.seeds.matrix, dense_index.model.seeds.matrix)
    assert loaded.needs.matrix().has_sorted_indices
    for need in NEEDS:
        assert loaded.top_seeds(need, 5) == dense_index.top_seeds(need, 5)
    for seed in SEEDS:
        assert loaded.top_needs(seed, 5) == dense_index.top_needs(seed, 5)


def test_a_model_of_the_previous_format_is_refused(dense_index: MatchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persist, "FORMAT_VERSION", 3)
    old = index_to_bytes(dense_index)
    monkeypatch.undo()
    with pytest.raises(ArtifactError, match="rebuild the index"):
        index_from_bytes(old)


def test_joined_rows_equal_scipys_stacking() -> None:
    terms = sp.csr_matrix(np.array([[0, 1.5, 0], [0, 0, 0], [2, 0, 3], [0, 0, 4]], np.float32))
    dense = np.array([[1, 2], [3, 0], [0, 0], [5, 6]], np.float32)  # zeros: not entries
    joined = joined_rows(terms, dense)
    assert _same(joined, sp.hstack([terms, sp.csr_matrix(dense)], format="csr"))
    assert joined.has_sorted_indices
    empty = joined_rows(sp.csr_matrix((0, 3), dtype=np.float32), np.zeros((0, 2), np.float32))
    assert empty.shape == (0, 5)

"""The word vectors are optional: without them (setting off, or ja-ginza not installed)
the matcher ranks by BM25F alone, and the result is a working index of the same shape."""

from __future__ import annotations

import numpy as np
import pytest

from hackplat.matching.core import wordvectors
from hackplat.matching.core.explain import SIMILAR_WORDING
from hackplat.matching.core.persist import index_from_bytes, index_to_bytes
from hackplat.matching.core.wordvectors import load_vectors
from tests.matching.core.tiny_matching_corpus import NEEDS, build


def test_auto_without_the_wheel_means_no_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordvectors, "find_vectors", lambda: None)
    assert load_vectors("auto") is None
    assert load_vectors("off") is None
    assert load_vectors("") is None


def test_bm25f_alone_ranks_every_obvious_pair_first() -> None:
    index = build(vectors=None, processes=1)
    assert index.weighting.dense is None
    assert index.weighting.width == len(index.weighting.terms)
    for need in NEEDS:
        best = index.top_seeds(need, 3)
        assert best[0].seed_key == "S" + need[1:]
        assert all(0 < m.score <= 1 and m.score == m.similarity for m in best)
        assert all(SIMILAR_WORDING not in m.shared_terms for m in best)  # no dense view to name


def test_bm25f_alone_survives_saving_and_loading() -> None:
    index = build(vectors=None, processes=1)
    loaded = index_from_bytes(index_to_bytes(index))
    assert loaded.weighting.dense is None
    assert [m.seed_key for m in loaded.top_seeds("N3", 3)] == [m.seed_key for m in index.top_seeds("N3", 3)]


def test_the_vectors_only_add_to_bm25f() -> None:
    """With the vectors the same obvious pairs still come first ."""
    vectors = load_vectors("auto")
    assert vectors is not None, "the word vectors are missing: `make test` installs requirements/vectors.txt"
    index = build(vectors=vectors, processes=1)
    assert index.weighting.dense is not None
    for need in NEEDS:
        assert index.top_seeds(need, 1)[0].seed_key == "S" + need[1:]
    plain = build(vectors=None, processes=1)
    assert not np.isclose(index.top_seeds("N1", 1)[0].score, plain.top_seeds("N1", 1)[0].score)

"""The parts of the ranking chosen on the two evaluation sets (issue 14, item 3 and the
README's quality table): compounds weigh COMPOUND_WEIGHT and stay out of the dense mean,
and 「似た表現」 is said by the posts' word-vector cosine, not by its share of the score."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from hackplat.matching.core.analyser import COMPOUND
from hackplat.matching.core.explain import SIMILAR_COSINE, shared_term_ids
from hackplat.matching.core.weighting import ALPHA, COMPOUND_WEIGHT, K1, Weighting

WORD, JOINED = "図書", COMPOUND + "図書館"


def fitted() -> tuple[Weighting, sp.csr_matrix, sp.csr_matrix]:
    """A need and seeds where the word and the compound have the same document frequency,
    so that any difference between their weights is the compound weight."""
    docs = [
        ([WORD, JOINED], []),  # the need
        ([WORD, JOINED], ["返却"]),
        (["返却"], ["期限"]),
        (["期限"], ["延長"]),
    ]
    return Weighting.fit(docs, 1)


def test_a_compound_weighs_less_than_a_word_in_the_need_row() -> None:
    weighting, needs, _ = fitted()
    row = needs.toarray()[0]
    word, joined = row[weighting.vocab[WORD]], row[weighting.vocab[JOINED]]
    assert joined == pytest.approx(COMPOUND_WEIGHT * word, rel=1e-5)
    assert row.sum() == pytest.approx(1.0, rel=1e-5)  # still the need's bound: a seed can score 1 at most


def test_a_compound_saturates_at_its_weight_in_the_seed_row() -> None:
    weighting, _, seeds = fitted()
    row = seeds.toarray()[0]
    word, joined = row[weighting.vocab[WORD]], row[weighting.vocab[JOINED]]
    tf = word * K1 / (1 - word)  # the word's length-normalised frequency, back from tf / (K1 + tf)
    assert joined == pytest.approx(COMPOUND_WEIGHT * tf / (K1 + COMPOUND_WEIGHT * tf), rel=1e-5)


def test_compounds_carry_no_weight_in_the_dense_mean() -> None:
    weighting, _, _ = fitted()
    counts = sp.csr_matrix(np.ones((1, len(weighting.terms)), np.float32))
    dense_input = weighting._dense_input(counts).toarray()[0]
    assert dense_input[weighting.vocab[JOINED]] == 0
    assert dense_input[weighting.vocab[WORD]] > 0


def pair(cosine: float, term_part: float) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """A need row and a seed row over one term and two dense dimensions: the dense parts'
    cosine is ``cosine`` (the need's scaled by α, as in the weighting)."""
    other = np.sqrt(1 - cosine**2)
    need = sp.csr_matrix(np.array([[term_part, ALPHA * 1.0, 0.0]], np.float32))
    seed = sp.csr_matrix(np.array([[1.0, cosine, other]], np.float32))
    return need, seed


@pytest.mark.parametrize("term_part", [0.0, 0.05, 0.8])  # the words' share of the score does not matter
def test_similar_wording_is_said_by_the_cosine(term_part: float) -> None:
    rows = np.zeros(1, np.int64)
    close = shared_term_ids(*pair(SIMILAR_COSINE + 0.01, term_part), rows, rows, 1)[0]
    far = shared_term_ids(*pair(SIMILAR_COSINE - 0.05, term_part), rows, rows, 1)[0]
    assert 1 in close.tolist()  # the marker id is n_terms
    assert 1 not in far.tolist()
    assert (0 in close.tolist()) == (term_part > 0)  # the shared word is listed where it counts


def test_need_to_need_similarity_uses_both_scales() -> None:
    need, _ = pair(1.0, 0.1)
    rows = np.zeros(1, np.int64)
    assert 1 in shared_term_ids(need, need, rows, rows, 1, dense_scale=ALPHA * ALPHA)[0].tolist()
    assert 1 not in shared_term_ids(need, need, rows, rows, 1)[0].tolist()  # α² < α · SIMILAR_COSINE

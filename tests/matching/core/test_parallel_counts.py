"""A rebuild decodes, prepares and counts its posts in worker processes, in parts
(corpus.count_corpus); joined, the parts must give exactly what one process gives:
the same keys, skipped items, vocabulary order, counts and labels."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from hackplat.matching.core import corpus
from hackplat.matching.core.analyser import Analyser, analyse
from hackplat.matching.core.counts import field_counts
from hackplat.matching.core.synonyms import compile_synonyms
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS
from tests.bench.synthetic_corpus import generate_corpus


@pytest.fixture(scope="module")
def posts() -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]]:
    needs, seeds = generate_corpus(40, 160, seed=5)
    need_items: list[tuple[Any, Any]] = [(p["id"], analyse(p["title"], p["body"])) for p in needs]
    seed_items: list[tuple[Any, Any]] = [(p["id"], analyse(p["title"], p["body"]).to_json()) for p in seeds]
    need_items.append(("N_EMPTY", analyse("", "")))  # no content word: skipped
    seed_items.insert(3, (seed_items[7][0], analyse("図書館の予約", "").to_json()))  # a key twice: the last wins
    return need_items, seed_items


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def test_counting_in_parts_and_workers_equals_one_pass(posts, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    needs, seeds = posts
    rules = compile_synonyms(SEED_SYNONYMS, Analyser().phrase)
    skipped_one: list[tuple[str, Any]] = []
    n_keys, n_docs, n_items = corpus.prepare(needs, rules, "need", skipped_one)
    s_keys, s_docs, s_items = corpus.prepare(seeds, rules, "seed", skipped_one)
    title, body, vocab = field_counts(n_docs + s_docs, rules.single)
    labels = corpus.term_labels(list(vocab), n_items + s_items)

    monkeypatch.setattr(corpus, "PARALLEL_FROM", 0)
    monkeypatch.setattr(corpus, "PARTS_PER_PROCESS", 3)  # several parts per side, uneven
    skipped: list[tuple[str, Any]] = []
    counted = corpus.count_corpus(needs, seeds, rules, skipped, processes=2)

    assert (counted.need_keys, counted.seed_keys) == (n_keys, s_keys)
    assert skipped == skipped_one == [("need", "N_EMPTY")]
    assert list(counted.vocab) == list(vocab)  # the same columns in the same order
    assert _same(counted.title, title)
    assert _same(counted.body, body)
    assert corpus.labels_of_surfaces(list(counted.vocab), counted.surfaces) == labels
    assert len(counted.seed_keys) == len(seeds) - 1

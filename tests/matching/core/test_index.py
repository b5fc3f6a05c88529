"""MatchIndex on a tiny corpus: rankings, explanations, pairs, persistence."""

from __future__ import annotations

import json

import numpy as np
import pytest

from hackplat.matching.core.analyser import analyse
from hackplat.matching.core.index import Match, MatchIndex
from hackplat.matching.core.persist import ArtifactError, index_from_bytes, index_to_bytes, load, save
from tests.matching.core.tiny_matching_corpus import NEEDS, SEEDS, analysed, build

EXPECTED = {"N1": "S1", "N2": "S2", "N3": "S3", "N4": "S4"}


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return build()


@pytest.mark.parametrize(("need", "seed"), sorted(EXPECTED.items()))
def test_best_seed_for_each_need(index: MatchIndex, need: str, seed: str) -> None:
    assert index.top_seeds(need, 3)[0].seed_key == seed


@pytest.mark.parametrize(("need", "seed"), sorted(EXPECTED.items()))
def test_best_need_for_each_seed(index: MatchIndex, need: str, seed: str) -> None:
    assert index.top_needs(seed, 3)[0].need_key == need


def test_unrelated_seed_is_never_first(index: MatchIndex) -> None:
    assert all(index.top_seeds(n, 1)[0].seed_key != "S5" for n in NEEDS)


def test_synonyms_bridge_different_words(index: MatchIndex) -> None:
    """N3 says 見守り/高齢者, S3 says 安否確認/お年寄り; N4 says 申込/支払い, S4 予約/決済."""
    assert {"見守る", "高齢者"} & set(index.top_seeds("N3", 1)[0].shared_terms)
    need, seed = analysed({"N4": NEEDS["N4"]})[0][1], analysed({"S4": SEEDS["S4"]})[0][1]
    assert "申請" in index.terms_of(need)[1]
    assert "申請" in index.terms_of(seed)[1]


def test_shared_terms_explain_the_pair(index: MatchIndex) -> None:
    best = index.top_seeds("N1", 1)[0]
    assert best.shared_terms[:3]
    assert set(best.shared_terms) <= set(index.labels)
    assert {"連絡帳", "保育"} & set(best.shared_terms)
    assert 0 < best.similarity <= 1
    assert best.score <= best.similarity


def test_scores_are_sorted_and_k_is_respected(index: MatchIndex) -> None:
    got = index.top_seeds("N1", 10)
    assert len(got) >= 2
    assert [m.score for m in got] == sorted((m.score for m in got), reverse=True)
    assert len(index.top_seeds("N1", 1)) == 1
    assert all(m.similarity > 0 for m in got)  # only pairs that share a term


def test_exclude_removes_seeds(index: MatchIndex) -> None:
    assert index.top_seeds("N1", 3, exclude=["S1"])[0].seed_key != "S1"


def test_items_without_content_words_are_skipped_and_reported(index: MatchIndex) -> None:
    assert ("seed", "S_EMPTY") in index.skipped
    assert index.top_needs("S_EMPTY") == []
    assert index.top_seeds("unknown") == []


def test_empty_sides_do_not_crash() -> None:
    empty = MatchIndex.fit([], [])
    assert list(empty.iter_top_pairs(5)) == []
    assert empty.top_seeds("x") == []
    only_needs = MatchIndex.fit(analysed(NEEDS), [])
    assert only_needs.top_seeds("N1") == []
    assert list(only_needs.iter_top_pairs(3)) == []


def test_top_pairs_cover_both_directions_once(index: MatchIndex) -> None:
    pairs = list(index.iter_top_pairs(k=2))
    keys = [(m.need_key, m.seed_key) for m in pairs]
    assert len(keys) == len(set(keys))
    for need in NEEDS:
        assert {(need, m.seed_key) for m in index.top_seeds(need, 2)} <= set(keys)
    for seed in SEEDS:
        assert {(m.need_key, seed) for m in index.top_needs(seed, 2)} <= set(keys)


def test_top_pairs_agree_with_queries(index: MatchIndex) -> None:
    by_pair = {(m.need_key, m.seed_key): m for m in index.iter_top_pairs(k=3)}
    for m in index.top_seeds("N2", 3):
        assert by_pair[(m.need_key, m.seed_key)] == m


def test_blocks_and_processes_do_not_change_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    import hackplat.matching.core.pairs as pairs

    one = sorted(build(processes=1).iter_top_pairs(3))
    monkeypatch.setattr(pairs, "BLOCK", 1)
    monkeypatch.setattr(pairs, "REDUCE_AT", 1)
    assert sorted(build(processes=2).iter_top_pairs(3)) == one


@pytest.mark.parametrize("processes", [1, 2])
def test_pair_rows_are_the_top_pairs_in_batches_in_seed_order(processes: int) -> None:
    """The rows a rebuild writes: every top pair once with its own shared terms, a batch's
    rows in seed order (the order its rows appear in the seeds' side) for the seed-side
    index's inserts."""
    index = build(processes=processes)
    batches = list(index.iter_pair_rows(3, batch=4))
    seed_rank = {key: rank for rank, key in enumerate(index.seeds.keys)}
    assert len(batches) > 1
    for rows in batches:
        ranks = [seed_rank[row[1]] for row in rows]
        assert ranks == sorted(ranks)
    written = sorted(
        (need, seed, score, cos, tuple(json.loads(terms))) for rows in batches for need, seed, score, cos, terms in rows
    )
    expected = sorted(
        (m.need_key, m.seed_key, m.score, m.similarity, tuple(m.shared_terms)) for m in index.iter_top_pairs(3)
    )
    assert any(terms for *_, terms in written)  # the terms are compared, not only empty lists
    assert written == expected


def test_round_trip_gives_identical_rankings(index: MatchIndex, tmp_path) -> None:  # type: ignore[no-untyped-def]
    list(index.iter_top_pairs(3))
    save(index, tmp_path / "model.npz")
    loaded = load(tmp_path / "model.npz")
    for need in NEEDS:
        assert loaded.top_seeds(need, 5) == index.top_seeds(need, 5)
    for seed in SEEDS:
        assert loaded.top_needs(seed, 5) == index.top_needs(seed, 5)
    assert sorted(loaded.iter_top_pairs(3)) == sorted(index.iter_top_pairs(3))
    assert loaded.skipped == index.skipped
    assert loaded.synonyms == index.synonyms
    assert np.array_equal(loaded.needs.top, index.needs.top)
    extra = analyse("保育所の連絡アプリ", "連絡帳をスマホで")
    assert loaded.add_or_update_seed("S9", extra) == index_from_bytes(index_to_bytes(index)).add_or_update_seed(
        "S9", extra
    )


def test_loading_garbage_fails_clearly() -> None:
    with pytest.raises(ArtifactError):
        index_from_bytes(b"not a model")


def test_match_is_a_plain_tuple(index: MatchIndex) -> None:
    m = index.top_seeds("N1", 1)[0]
    assert isinstance(m, Match)
    assert tuple(m)[:2] == ("N1", "S1")


def test_pruned_all_pairs_pass_equals_per_item_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The all-pairs pass keeps only candidates above lower bounds; with tiny reference
    sets, blocks and groups every pruning path runs, and nothing may be lost."""
    import hackplat.matching.core.bounds as bounds
    import hackplat.matching.core.pairs as pairs
    from tests.bench.synthetic_corpus import generate_corpus

    monkeypatch.setattr(bounds, "REFERENCE_SIZE", 40)
    monkeypatch.setattr(pairs, "BLOCK", 32)
    monkeypatch.setattr(pairs, "GROUPS", 16)
    monkeypatch.setattr(pairs, "REDUCE_AT", 500)
    needs, seeds = generate_corpus(120, 900, seed=3)
    index = MatchIndex.fit(
        [(p["id"], analyse(p["title"], p["body"])) for p in needs],
        [(p["id"], analyse(p["title"], p["body"])) for p in seeds],
    )
    assert index.model.seeds.rows.size == 40
    assert index.model.needs.rows.size == 20  # the needs' reference set is half the size
    got = {(m.need_key, m.seed_key): m for m in index.iter_top_pairs(5)}
    want = {(m.need_key, m.seed_key): m for p in needs for m in index.top_seeds(p["id"], 5)}
    want.update({(m.need_key, m.seed_key): m for p in seeds for m in index.top_needs(p["id"], 5)})
    assert got == want

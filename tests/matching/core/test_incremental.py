"""Incremental updates rank the changed item exactly as a rebuild with the same
frozen model (vocabulary, idf, bound reference sets) would."""

from __future__ import annotations

from hackplat.matching.core.analyser import Analysed, analyse
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.persist import index_from_bytes, index_to_bytes
from tests.matching.core.tiny_matching_corpus import EMPTY_SEED, NEEDS, SEEDS, analysed, build

NEW_SEED = analyse("保育所向けの欠席連絡アプリ", "保護者が欠席をスマホで連絡でき、保育士の電話対応が減ります。")
NEW_NEED = analyse(
    "独居の高齢者の異変に早く気付きたい", "一人暮らしのお年寄りの安否確認を民生委員だけで行うのは難しい。"
)


def rebuild(frozen: MatchIndex, needs: dict[str, Analysed], seeds: dict[str, Analysed]) -> MatchIndex:
    return MatchIndex.fit(list(needs.items()), list(seeds.items()), frozen=frozen)


def corpus() -> tuple[dict[str, Analysed], dict[str, Analysed]]:
    seeds = dict(analysed(SEEDS))
    seeds["S_EMPTY"] = analyse(*EMPTY_SEED)
    return dict(analysed(NEEDS)), seeds


def assert_same_rankings(a: MatchIndex, b: MatchIndex) -> None:
    for need in a.needs.pos:
        assert a.top_seeds(need, 10) == b.top_seeds(need, 10)
    for seed in a.seeds.pos:
        assert a.top_needs(seed, 10) == b.top_needs(seed, 10)


def test_added_seed_ranks_as_after_a_rebuild() -> None:
    index = build()
    list(index.iter_top_pairs(2))
    returned = index.add_or_update_seed("S7", NEW_SEED)
    needs, seeds = corpus()
    seeds["S7"] = NEW_SEED
    rebuilt = rebuild(index, needs, seeds)
    assert index.top_needs("S7", 4) == rebuilt.top_needs("S7", 4)
    assert_same_rankings(index, rebuilt)
    got = {m.need_key: m for m in returned}
    for m in rebuilt.top_needs("S7", 2):  # its own top-k, identical down to the score
        assert got[m.need_key] == m
    for need in NEEDS:  # and every need whose top-k it enters
        if "S7" in [m.seed_key for m in rebuilt.top_seeds(need, 2)]:
            assert need in got
    assert [m.score for m in returned] == sorted((m.score for m in returned), reverse=True)


def test_updated_seed_ranks_as_after_a_rebuild() -> None:
    index = build()
    list(index.iter_top_pairs(2))
    changed = analyse("保育士の連絡帳の電子化", "保育所の連絡帳と欠席連絡をアプリにします。")
    index.add_or_update_seed("S6", changed)
    needs, seeds = corpus()
    seeds["S6"] = changed
    assert_same_rankings(index, rebuild(index, needs, seeds))
    assert "S6" in [m.seed_key for m in index.top_seeds("N1", 2)]


def test_added_need_ranks_as_after_a_rebuild() -> None:
    index = build()
    list(index.iter_top_pairs(2))
    returned = index.add_or_update_need("N5", NEW_NEED)
    assert returned[0].seed_key == "S3"
    needs, seeds = corpus()
    needs["N5"] = NEW_NEED
    rebuilt = rebuild(index, needs, seeds)
    assert index.top_seeds("N5", 5) == rebuilt.top_seeds("N5", 5)
    assert_same_rankings(index, rebuilt)


def test_unchanged_text_changes_nothing() -> None:
    index = build()
    before = {n: index.top_seeds(n, 5) for n in NEEDS}
    index.add_or_update_seed("S1", analysed({"S1": SEEDS["S1"]})[0][1])
    assert {n: index.top_seeds(n, 5) for n in NEEDS} == before


def test_removed_seed_disappears_everywhere() -> None:
    index = build()
    list(index.iter_top_pairs(2))
    assert index.remove_seed("S1")
    assert not index.remove_seed("S1")
    assert all(m.seed_key != "S1" for n in NEEDS for m in index.top_seeds(n, 10))
    assert index.top_needs("S1") == []
    needs, seeds = corpus()
    del seeds["S1"]
    assert_same_rankings(index, rebuild(index, needs, seeds))
    pairs = list(index.iter_top_pairs(2))
    assert pairs
    assert all(m.seed_key != "S1" for m in pairs)


def test_removed_need_disappears_everywhere() -> None:
    index = build()
    assert index.remove_need("N2")
    assert all(m.need_key != "N2" for s in SEEDS for m in index.top_needs(s, 10))


def test_reverse_pairs_name_the_needs_a_seed_enters() -> None:
    index = build()
    list(index.iter_top_pairs(1))
    title, body = NEEDS["N2"]
    returned = index.add_or_update_seed("S_COPY", analyse(title, body))  # a perfect match
    assert returned[0].need_key == "N2"
    assert returned[0].similarity > 0.5  # BM25F saturates: even the need's own text scores below 1
    assert index.top_seeds("N2", 1)[0].seed_key == "S_COPY"


def test_item_without_content_words_is_skipped_then_recovers() -> None:
    index = build()
    assert index.add_or_update_seed("S8", analyse("!!!", "")) == []
    assert ("seed", "S8") in index.skipped
    assert index.add_or_update_seed("S8", NEW_SEED)
    assert ("seed", "S8") not in index.skipped


def test_incremental_state_survives_a_round_trip() -> None:
    index = build()
    list(index.iter_top_pairs(2))
    index.add_or_update_seed("S7", NEW_SEED)
    index.remove_seed("S2")
    loaded = index_from_bytes(index_to_bytes(index))
    assert_same_rankings(index, loaded)
    assert loaded.add_or_update_need("N5", NEW_NEED) == index.add_or_update_need("N5", NEW_NEED)

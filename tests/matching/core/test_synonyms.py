"""Synonym table: phrases on token sequences, expansion, chains, rejects, seed table."""

from __future__ import annotations

from hackplat.matching.core.analyser import COMPOUND, Analyser, analyse
from hackplat.matching.core.synonyms import compile_synonyms, resolve_chains
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS

PHRASE = Analyser().phrase


def terms(table: dict[str, str], text: str) -> list[str]:
    return compile_synonyms(table, PHRASE).terms(analyse("", text).body)


def test_single_word_variant_adds_the_canonical_term_and_keeps_its_own() -> None:
    assert sorted(terms({"育児": "子育て"}, "育児の支援")) == sorted(["育児", "支援", "子育て"])


def test_one_word_canonical_is_its_own_lemma() -> None:
    """ごみ is written 塵 by UniDic: variants join that column instead of a new one."""
    got = terms({"ゴミ": "ごみ", "廃棄物": "ごみ"}, "産業廃棄物とごみ")
    assert got.count("塵") == 2
    assert "ごみ" not in got


def test_multi_token_variant_matches_a_token_sequence() -> None:
    got = terms({"安否確認": "見守り"}, "高齢者の安否確認を行う")
    assert "見守り" in got
    assert "安否" in got
    assert "確認" in got


def test_multi_token_variant_does_not_match_its_words_apart() -> None:
    assert "見守り" not in terms({"安否確認": "見守り"}, "安否が心配なので電話で確認する")


def test_canonical_wording_itself_gets_the_term() -> None:
    table = {"スマホ": "スマートフォン"}
    assert "スマートフォン" in terms(table, "スマホで申請")
    assert "スマートフォン" in terms(table, "スマートフォンで申請")


def test_suffix_makes_a_phrase_specific() -> None:
    table = {"要配慮者": "要支援者"}
    assert "要支援者" in terms(table, "要配慮者の名簿")
    assert "要支援者" not in terms(table, "個人情報に配慮する")


def test_every_rule_fires_where_its_sequence_occurs() -> None:
    table = {"電子": "デジタル", "電子申請": "オンライン申請"}
    got = terms(table, "電子申請の受付と電子申請の審査")
    assert got.count("オンライン申請") == 2
    assert got.count("デジタル") == 2


def test_verb_and_noun_entries_match_both_wordings() -> None:
    """Entries and posts share the analyser: a verb entry meets the noun and back."""
    for entry in ("申し込む", "申込み"):
        table = {entry: "申請"}
        assert "申請" in terms(table, "講座に申し込む")
        assert "申請" in terms(table, "講座の申込")


def test_chains_are_resolved_and_cycles_stop() -> None:
    assert resolve_chains({"予約": "申込", "申込": "申請"})["予約"] == "申請"
    assert resolve_chains({"a": "b", "b": "a"}) == {"a": "a", "b": "b"}


def test_entries_without_words_are_rejected_with_a_reason() -> None:
    compiled = compile_synonyms({"！？": "記号", "育児": "子育て"}, PHRASE)
    assert compiled.rejected == [("！？", "no word to match")]
    assert len(compiled) >= 1


def test_empty_table_only_drops_marked_tokens_and_keeps_compounds() -> None:
    a = analyse("", "高齢者の見守り")
    assert compile_synonyms({}, PHRASE).terms(a.body) == ["高齢", "見守り", COMPOUND + "高齢者"]


def test_seed_table_is_general_and_compiles_cleanly() -> None:
    assert 100 <= len(SEED_SYNONYMS) <= 350  # a seed vocabulary, not a dictionary
    compiled = compile_synonyms(SEED_SYNONYMS, PHRASE)
    assert compiled.rejected == []
    assert "子育て" in compiled.terms(analyse("", "育児相談").body)
    assert "見守り" in compiled.terms(analyse("", "独居高齢者の安否確認").body)
    assert "ocr" in compiled.terms(analyse("", "手書き帳票の読取り").body)
    assert "窓口" in compiled.terms(analyse("", "総合カウンター").body)

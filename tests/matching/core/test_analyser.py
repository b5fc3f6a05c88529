"""Analyser: normalisation, content words, robustness, stored form."""

from __future__ import annotations

import json
import logging

import pytest

from hackplat.matching.core import analyser as analyser_module
from hackplat.matching.core.analyser import COMPOUND, MARK, Analysed, Analyser, analyse, content_words, nominal_form
from hackplat.matching.core.normalise import katakana_key, normalise
from hackplat.matching.core.parallel import analyse_many


def words(text: str) -> list[str]:
    """Content words of a text analysed as a body."""
    return content_words(analyse("", text).body)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＩ１２３", "ai123"),
        ("ＩｏＴ", "iot"),
        ("ｽﾏｰﾄﾌｫﾝ", "スマートフォン"),
        ("サ－ビス", "サービス"),
        ("サ―ビス〜駅", "サービス〜駅"),
        ("コーーヒー", "コーヒー"),
        ("令和5年度と平成元年", "2023年度と1989年"),
        ("昭和64年、令和元年", "1989年、2019年"),  # the era table of hackplat.fiscal
        ("詳細は https://www.example.jp/a?b=1 へ", "詳細は   へ"),
        ("info@example.com まで", "  まで"),
        ("a\x00b", "a b"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_never_raises_on_odd_input() -> None:
    assert normalise(None) == ""
    assert normalise(123) == "123"
    assert normalise("\ud800lone surrogate") == " lone surrogate"


def test_katakana_key_drops_trailing_long_vowel_of_long_words_only() -> None:
    assert katakana_key("コンピューター") == "コンピュータ"
    assert katakana_key("カー") == "カー"
    assert katakana_key("ひらがなー") == "ひらがなー"


@pytest.mark.parametrize("variant", ["子ども", "子供", "こども"])
def test_orthographic_variants_share_one_lemma(variant: str) -> None:
    assert words(f"{variant}の見守り")[0] == "子供"


def test_okurigana_variants_share_one_lemma() -> None:
    assert words("申込") == words("申し込み") == words("申込み")


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("毎日見守る", "毎日の見守り"),  # godan, ra row
        ("窓口で申し込む", "窓口での申込み"),  # godan, ma row; okurigana variant
        ("料金を支払う", "料金の支払い"),  # godan, wa-a row
        ("帳票を読み取る", "帳票の読取り"),
        ("電話で受け付ける", "電話での受付"),  # shimo-ichidan
    ],
)
def test_a_verb_and_its_noun_form_share_one_key(verb: str, noun: str) -> None:
    assert words(verb) == words(noun)


def test_verbs_are_keyed_by_their_noun_form_and_irregular_verbs_keep_their_lemma() -> None:
    assert nominal_form("見守る", "五段-ラ行") == "見守り"
    assert nominal_form("使う", "五段-ワア行") == "使い"
    assert nominal_form("受け付ける", "下一段-カ行") == "受け付け"
    assert nominal_form("来る", "カ行変格") == "来る"
    assert nominal_form("信ずる", "サ行変格") == "信ずる"


def test_posting_boilerplate_is_dropped() -> None:
    got = words("課題の解決に向けた仕組みの提案を求めます。全国で実績があり、提供が可能です")
    assert not {"課題", "仕組み", "提案", "全国", "実績", "提供", "可能"} & set(got)
    assert "解決" in got


def test_full_and_half_width_give_the_same_words() -> None:
    assert words("ＡＩとＩｏＴで１２０件") == words("AIとIoTで120件")
    assert "ai" in words("ＡＩ")
    assert "iot" in words("ＩｏＴ")


def test_loanword_lemma_without_origin_and_long_vowel_unified() -> None:
    assert words("サーバー") == words("サーバ") == ["サーバ"]


def test_function_words_and_stop_words_are_dropped() -> None:
    got = words("市民によるごみの分別について検討することが必要です")
    assert "市民" in got
    assert "分別" in got
    for stop in ("因る", "つく", "事", "為る", "検討する"):
        assert stop not in got


def test_mixed_english_is_lowercased_and_function_words_dropped() -> None:
    got = words("The Smart City platform uses GovTech APIs")
    assert {"smart", "city", "platform", "govtech"} <= set(got)
    assert "the" not in got


def test_urls_and_emails_leave_no_tokens() -> None:
    got = words("詳しくは https://www.example.com/path/page.html または info@example.org へ")
    assert not {"https", "www", "example", "com", "org", "html", "info"} & set(got)


@pytest.mark.parametrize("text", ["", "   ", "！？＃＄％＆", "😀👍🏻🎉", "\n\n\t", "1234 5678"])
def test_texts_without_content_words_give_an_empty_analysis(text: str) -> None:
    a = analyse(text, text)
    assert a.is_empty
    assert Analysed.from_json(a.to_json()) == a


def test_emoji_inside_text_are_ignored() -> None:
    assert words("保育所😀の連絡帳🎉") == words("保育所の連絡帳")


def test_very_long_text_is_analysed() -> None:
    text = "保育所の連絡帳を電子化して保護者の負担を減らしたい。" * 4000  # ~100,000 chars
    a = analyse("題名", text)
    assert len(content_words(a.body)) > 10_000


def test_analyse_never_raises() -> None:
    for bad in (None, 42, b"bytes", object()):
        assert isinstance(Analyser().analyse(bad, bad), Analysed)  # type: ignore[arg-type]


def broken_mecab(text: str) -> str:
    raise RuntimeError("MeCab is broken")


def test_a_failing_tokeniser_is_logged_not_swallowed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken MeCab leaves the post unmatched (it still saves) and says so in the log."""
    monkeypatch.setattr(analyser_module, "_parse", broken_mecab)
    with caplog.at_level(logging.ERROR, logger=analyser_module.__name__):
        assert Analyser().analyse("保育所", "連絡帳") == Analysed()
        assert Analyser().phrase("スマホ") == []
    assert [r.getMessage().split(";")[0] for r in caplog.records] == [
        "matcher: cannot analyse a post",
        "matcher: cannot analyse the synonym entry 'スマホ'",
    ]
    assert all(r.exc_info and isinstance(r.exc_info[1], RuntimeError) for r in caplog.records)


def test_title_and_body_are_kept_apart_and_surfaces_remembered() -> None:
    a = analyse("子どもの見守り", "ごみの収集")
    assert "子供" in a.title
    assert "子供" not in a.body
    assert a.surfaces["子供"] == "子ども"
    assert a.surfaces["塵"] == "ごみ"


def test_affixes_are_kept_marked_for_phrases_and_make_a_compound_after_the_words() -> None:
    a = analyse("", "高齢者")
    assert a.body == ("高齢", MARK + "者", COMPOUND + "高齢者")
    assert content_words(a.body) == ["高齢", COMPOUND + "高齢者"]
    assert a.surfaces[COMPOUND + "高齢者"] == "高齢者"  # the label explanations show


@pytest.mark.parametrize(
    ("text", "compounds"),
    [
        ("図書館の利用料金", ["図書館"]),  # a suffix joins the noun before it
        ("駐車場代と手数料", ["駐車場", "駐車場代", "手数料"]),  # suffixes chain
        ("証明書を再発行", ["証明書", "再発行"]),  # a prefix joins the noun after it
        ("ご利用の方へお知らせ", []),  # honorific prefixes and a suffix after a particle: none
        ("300円", []),  # a counter after a number is no compound
    ],
)
def test_compounds_of_nouns_with_their_affixes(text: str, compounds: list[str]) -> None:
    body = analyse("", text).body
    assert [k[1:] for k in body if k[0] == COMPOUND] == compounds
    first = next((i for i, k in enumerate(body) if k[0] == COMPOUND), len(body))
    assert all(k[0] == COMPOUND for k in body[first:])  # after the words: phrases stay contiguous


def test_synonym_phrases_are_analysed_without_compounds() -> None:
    assert Analyser().phrase("保育所") == ["保育", MARK + "所"]


def test_stored_form_is_small_json_and_round_trips() -> None:
    a = analyse("スマホで申請", "令和5年度から電子申請を始めます")
    stored = a.to_json()
    assert json.loads(stored)["v"] == a.version
    assert Analysed.from_json(stored) == a
    assert Analysed.from_dict(a.to_dict()) == a
    assert a.is_current()


def test_analyse_many_in_processes_matches_serial() -> None:
    posts = [(f"題名{i}", f"保育所{i}の連絡帳と高齢者の見守り") for i in range(2100)]
    analyser = Analyser()
    assert analyse_many(posts, processes=2) == [analyser.analyse(t, b) for t, b in posts]

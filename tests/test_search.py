import pytest

from hackplat.search import normalise, query_terms, search_text


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ｽﾏｰﾄﾌｫﾝ", "スマートフォン"),
        ("すまーとふぉん", "スマートフォン"),
        ("ＡＩ", "ai"),
        ("AI", "ＡＩ"),
        ("１２３", "123"),
        ("ホイクショ", "ほいくしょ"),
        ("データ", "デ－タ"),
    ],
)
def test_variants_normalise_alike(typed: str, written: str) -> None:
    assert normalise(typed) in search_text("前置き", written, "後書き")


def test_query_terms_split_on_any_space_and_are_bounded() -> None:
    assert query_terms("子育て　ＡＩ  窓口") == ["子育て", "ai", "窓口"]
    assert query_terms("   ") == []
    assert len(query_terms(" ".join(["語"] * 50))) == 8

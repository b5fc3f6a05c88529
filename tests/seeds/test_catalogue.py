"""The public catalogue: public seeds only, newest first, Japanese-aware keyword search,
filters that stay in the page links, 20 a page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hackplat.extensions import db
from hackplat.models import OrganisationKind, utcnow


def _titles(client, url: str) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.get_data(as_text=True)
    return [part.split("</a>")[0].split(">")[-1] for part in html.split("<h3>")[1:]]


@pytest.fixture
def catalogue(make_seed, make_organisation, themes):
    """Seeds of a company, a university and a startup NPO, each on its own theme."""
    company = make_organisation(name="みなと電機")
    university = make_organisation(name="港北大学")
    university.kind = OrganisationKind.UNIVERSITY
    npo = make_organisation(name="こども支援ネット")
    npo.kind, npo.is_startup = OrganisationKind.NPO, True
    db.session.commit()
    now = utcnow()
    make_seed(organisation=company, title="ＡＩによる窓口案内", theme=themes[0], updated_at=now - timedelta(days=3))
    make_seed(
        organisation=university, title="ひなんじょの混雑予測", theme=themes[2], updated_at=now - timedelta(days=2)
    )
    make_seed(
        organisation=npo,
        title="こそだて相談チャット",
        theme=themes[1],
        tags="子育て, チャット",
        updated_at=now - timedelta(days=1),
    )
    make_seed(organisation=company, title="非公開の試作", is_public=False, updated_at=now)
    return themes


def test_newest_update_first_and_public_only(client, catalogue) -> None:
    assert _titles(client, "/seeds/") == ["こそだて相談チャット", "ひなんじょの混雑予測", "ＡＩによる窓口案内"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("AI", "ＡＩによる窓口案内"),  # half-width finds full-width
        ("ａｉ 窓口", "ＡＩによる窓口案内"),  # full-width, two words
        ("ヒナンジョ", "ひなんじょの混雑予測"),  # katakana finds hiragana
        ("ﾋﾅﾝｼﾞｮ", "ひなんじょの混雑予測"),  # half-width katakana
        ("コソダテ", "こそだて相談チャット"),
        ("ちゃっと", "こそだて相談チャット"),  # hiragana finds katakana
        ("子育て", "こそだて相談チャット"),  # a tag
    ],
)
def test_keyword_search_ignores_width_and_kana(client, catalogue, query, found) -> None:
    assert _titles(client, f"/seeds/?q={query}") == [found]


@pytest.mark.parametrize("query", ["試作", "窓口 混雑", "%", "_"])
def test_search_finds_nothing_it_should_not(client, catalogue, query) -> None:
    assert _titles(client, f"/seeds/?q={query}") == []


def test_filters(client, catalogue) -> None:
    themes = catalogue
    assert _titles(client, f"/seeds/?theme={themes[2].id}") == ["ひなんじょの混雑予測"]
    assert _titles(client, "/seeds/?kind=university") == ["ひなんじょの混雑予測"]
    assert _titles(client, "/seeds/?kind=company") == ["ＡＩによる窓口案内"]
    assert _titles(client, "/seeds/?startup=y") == ["こそだて相談チャット"]
    assert _titles(client, f"/seeds/?kind=npo&startup=y&theme={themes[1].id}&q=相談") == ["こそだて相談チャット"]
    assert _titles(client, f"/seeds/?kind=company&theme={themes[2].id}") == []


@pytest.mark.parametrize("args", ["theme=abc", "theme=9999", "kind=bogus", "page=x", "page=-3", "q=" + "あ" * 300])
def test_unknown_filter_values_filter_nothing(client, catalogue, args) -> None:
    assert len(_titles(client, f"/seeds/?{args}")) == 3


def test_twenty_a_page_with_the_filters_kept_in_the_links(client, make_seed, make_organisation, themes) -> None:
    organisation = make_organisation(name="多産な会社")
    now = utcnow()
    for n in range(25):
        make_seed(
            organisation=organisation,
            title=f"防災シーズ{n:02d}",
            theme=themes[2],
            updated_at=now - timedelta(minutes=n),
        )
    make_seed(organisation=organisation, title="関係ないシーズ", theme=themes[0])
    first = _titles(client, f"/seeds/?q=防災&theme={themes[2].id}")
    assert first == [f"防災シーズ{n:02d}" for n in range(20)]
    html = client.get(f"/seeds/?q=防災&theme={themes[2].id}").get_data(as_text=True)
    assert "25件のシーズ" in html
    next_link = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "page=2" in next_link
    assert f"theme={themes[2].id}" in next_link
    assert "q=%E9%98%B2%E7%81%BD" in next_link
    assert _titles(client, next_link.replace("&amp;", "&")) == [f"防災シーズ{n:02d}" for n in range(20, 25)]


def test_the_catalogue_shows_organisation_summary_and_tags(client, make_seed, make_organisation) -> None:
    make_seed(organisation=make_organisation(name="タグの会社"), summary="短い概要です", tags="AI, 防災")
    html = client.get("/seeds/").get_data(as_text=True)
    assert "タグの会社" in html
    assert "短い概要です" in html
    assert "<li>AI</li><li>防災</li>" in html

"""A visitor searches the needs on a phone and on a desktop: a synonym finds the other
wording, best match first, the typed words stay in the field; a search with no open
hit says which other stages have some and links there."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import NeedStatus, Synonym
from tests.helpers.browser import assert_no_violations

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def search(page: Page, words: str) -> None:
    page.get_by_label("キーワード").fill(words)
    page.get_by_role("button", name="検索", exact=True).click()


@pytest.mark.parametrize("size", SIZES)
def test_search_finds_wordings_and_points_to_other_stages(page, make_need, size) -> None:
    db.session.add(Synonym(variant="スマホ", canonical="スマートフォン"))
    db.session.commit()
    make_need(title="スマホで保育所の入所を申請したい", problem="窓口に来ずに手続きしたい")
    make_need(title="道路の補修を早めたい", problem="スマートフォンで穴を報告")
    make_need(title="粗大ごみの受付", problem="電話が混み合う")
    make_need(title="高齢者の見守りを続けたい", status=NeedStatus.CLOSED)
    page.set_viewport_size(SIZES[size])
    page.goto("/needs/")

    search(page, "スマートフォン 申請")
    expect(page.get_by_role("link", name="スマホで保育所の入所を申請したい")).to_be_visible()
    expect(page.get_by_role("link", name="道路の補修を早めたい")).to_have_count(0)
    expect(page.get_by_label("キーワード")).to_have_value("スマートフォン 申請")

    search(page, "見守り")
    expect(page.get_by_text("「募集中」の課題には見つかりませんでした。")).to_be_visible()
    assert_no_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.get_by_role("link", name="「終了」の課題に1件あります").click()
    expect(page.get_by_role("link", name="高齢者の見守りを続けたい")).to_be_visible()
    expect(page.get_by_label("キーワード")).to_have_value("見守り")

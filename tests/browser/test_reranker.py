"""The feedback re-ranker's panel on the matcher page, walked as a coordinator at desktop
and phone width: enough judged pairs → train (a job, run at once in the suite) → its
figures and 「使用中」 → switch it off → 「停止中」; no page wider than the phone, no WCAG
2.1 A/AA violation on the panel."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.matching import store
from hackplat.models import FeedbackKind, Role, SuggestionFeedback
from tests.helpers.browser import assert_no_violations, enter_as

WORDS = ["申請", "窓口", "手続き", "オンライン", "予約", "相談", "子育て", "高齢者", "防災", "地図", "通知", "書類"]


@pytest.fixture
def judged(app, monkeypatch, themes, make_department, make_organisation, make_need, make_seed, make_user):
    """14 needs × 6 seeds in two themes, every pair judged by the theme (84 labels; the
    setting is lowered to 50 so that the walk stays small)."""
    monkeypatch.setitem(app.config, "MATCHER_RERANK_MIN_LABELS", 50)
    rng = random.Random(5)
    text = lambda: "、".join(rng.sample(WORDS, 5)) + "を改善したい。"  # noqa: E731
    department = make_department("デジタル統括本部")
    needs = [make_need(department=department, theme=themes[n % 2], title=text(), problem=text()) for n in range(14)]
    seeds = [
        make_seed(organisation=make_organisation(f"会社{n}"), theme_id=themes[n % 2].id, title=text(), summary=text())
        for n in range(6)
    ]
    store.rebuild()
    coordinator = make_user(Role.COORDINATOR)
    db.session.add_all(
        SuggestionFeedback(need_id=n.id, seed_id=s.id, user_id=coordinator.id,
                           kind=FeedbackKind.INVITE if n.theme_id == s.theme_id else FeedbackKind.NOT_RELEVANT)
        for n in needs for s in seeds
    )  # fmt: skip
    db.session.commit()
    return coordinator


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_train_see_the_figures_and_switch_it_off(page: Page, judged, viewport) -> None:
    page.set_viewport_size(viewport)
    enter_as(page, judged.email)
    page.goto("/matching/synonyms")
    panel = page.locator("#reranker")
    expect(panel.get_by_role("heading", name="判断からの学習")).to_be_visible()
    expect(panel).to_contain_text("84件（学習には50件以上）")
    expect(panel).to_contain_text("未学習（類似度の順）")
    # the suite runs the job in the request (importing scikit-learn alone takes ~2 s)
    panel.get_by_role("button", name="今すぐ学習する").click(timeout=90_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("判断からの学習")
    expect(page.get_by_text("学習が終わり、学習した並べ方を使い始めました。")).to_be_visible()
    assert fits(page)
    page.get_by_role("link", name="学習の結果を見る").click()
    expect(panel).to_contain_text("使用中")
    expect(panel).to_contain_text("（上回りました）")
    assert fits(page)
    assert_no_violations(page)
    panel.get_by_role("button", name="学習した並べ方を止める").click()
    expect(page.get_by_text("学習した並べ方を止めました。類似度の順に戻ります。")).to_be_visible()
    expect(panel).to_contain_text("停止中（類似度の順）")
    expect(panel.get_by_role("button", name="学習した並べ方を使う")).to_be_visible()
    assert fits(page)

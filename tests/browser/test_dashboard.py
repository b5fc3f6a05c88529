"""An administrator changes a target and the participant chart moves; the dashboard and
the public /programme page have no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hackplat.dashboard.strategy import seed_strategy
from hackplat.extensions import db
from hackplat.models import Role
from tests.helpers.browser import assert_no_violations, enter_as

TARGET_LINE = "#participants-chart .chart-target-line"
TARGET_POINTS = "#participants-chart .chart-target-point"
EDIT_PARTICIPANTS = re.compile(r"^編集\s*:\s*参加者数$")  # the hidden part names the indicator


@pytest.fixture
def strategy() -> None:
    seed_strategy()
    db.session.commit()


def chart_targets(page: Page) -> tuple[str, list[str]]:
    line = page.locator(TARGET_LINE).get_attribute("points")
    points = [page.locator(TARGET_POINTS).nth(n).get_attribute("cy") for n in range(4)]
    return line, points


def test_admin_changes_a_target_and_the_chart_moves(page: Page, make_user, strategy) -> None:
    admin = make_user(Role.ADMIN)
    enter_as(page, admin.email)
    page.goto("/dashboard?cycle=2022")
    line_before, points_before = chart_targets(page)
    assert_no_violations(page)

    page.get_by_role("link", name=EDIT_PARTICIPANTS).click()
    assert_no_violations(page)
    page.get_by_label("令和6年度（FY2024） の目標").fill("1200")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("「参加者数」の目標と実績を保存しました。")).to_be_visible()

    line_after, points_after = chart_targets(page)
    assert line_after != line_before
    assert points_after[2] != points_before[2]  # FY2024's point moved
    expect(page.locator(TARGET_POINTS).nth(2)).to_have_attribute("data-target", "1,200")
    expect(page.get_by_role("img", name="参加者数（累計）と目標")).to_be_visible()


def test_a_refused_target_shows_its_error_accessibly(page: Page, make_user, strategy) -> None:
    admin = make_user(Role.ADMIN)
    enter_as(page, admin.email)
    page.goto("/dashboard?cycle=2022")
    page.get_by_role("link", name=EDIT_PARTICIPANTS).click()
    page.get_by_label("令和4年度（FY2022） の目標").fill("-3")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("0以上の数値を入力してください。")).to_be_visible()
    assert_no_violations(page)


def test_public_programme_page_has_no_wcag_violations(page: Page, strategy) -> None:
    page.goto("/programme?cycle=2022")
    expect(page.get_by_role("heading", name="プログラムの進捗", level=1)).to_be_visible()
    assert_no_violations(page)


def test_admin_is_told_no_cycle_contains_this_year_and_defines_one(page: Page, make_user, strategy) -> None:
    """Today (FY2026 or later) only FY2022–2025 exists: the page says so and leads to the form."""
    admin = make_user(Role.ADMIN)
    enter_as(page, admin.email)
    page.goto("/dashboard")
    expect(page.get_by_role("heading", name="目標の期間が定義されていません", level=1)).to_be_visible()
    assert_no_violations(page)
    page.get_by_role("link", name="新しい期間を定義する").click()
    page.get_by_label("注記（任意）").fill("例示の目標値")
    page.get_by_label("参加者数 4Q の目標").fill("2000")
    page.get_by_role("checkbox", name="参加組織数（うちスタートアップ）").uncheck()
    assert_no_violations(page)  # the form with its table of targets
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("例示の目標値")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("令和8年度（FY2026）")
    expect(page.get_by_text("参加組織数（うちスタートアップ）")).to_have_count(0)
    assert_no_violations(page)

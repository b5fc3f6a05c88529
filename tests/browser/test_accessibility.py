"""axe-core finds no WCAG 2.1 A/AA violation on the public pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.helpers.browser import assert_no_violations


@pytest.mark.parametrize("path", ["/", "/login", "/register"])
def test_public_pages_have_no_wcag_violations(page: Page, path: str) -> None:
    page.goto(path)
    assert_no_violations(page)


def test_a_refused_form_with_its_errors_has_no_wcag_violations(page: Page) -> None:
    page.goto("/register")
    page.get_by_role("button", name="登録を申請する").click()
    page.get_by_text("入力内容を確認してください。").wait_for()
    assert_no_violations(page)

"""What the browser tests (tests/browser/) do on a page: sign in, check WCAG 2.1 A/AA."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.helpers.totp import SECOND_STEP, fresh_code

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_load_state()
    if urlsplit(page.url).path == SECOND_STEP:  # coordinators and admins: the TOTP code
        page.get_by_label("確認コード").fill(fresh_code(email))
        page.get_by_role("button", name="確認してサインイン").click()
        page.wait_for_load_state()


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

"""What the browser tests (tests/browser/) do on a page: sign in, check WCAG 2.1 A/AA."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from flask import current_app
from flask_login import login_user
from playwright.sync_api import Page
from sqlalchemy import select

from hackplat.accounts.services import complete_sign_in
from hackplat.accounts.sessions import may_sign_in
from hackplat.extensions import db
from hackplat.models import User
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


def enter_as(page: Page, email: str) -> None:
    """Signed in as ``email``, on their home page, as a sign-in ends (the session row, the
    audit record, Flask-Login's signed cookie) without walking the sign-in pages: most
    walks sign people in only to act as them. test_registration_flow, test_totp,
    test_password_reset and test_colleagues walk the pages themselves (``sign_in``)."""
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    assert may_sign_in(user), f"{email} may not sign in"
    agent = page.evaluate("navigator.userAgent")
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": agent}
    with current_app.test_request_context(environ_base=environ) as request_context:
        complete_sign_in(user, second_factor="totp" if user.totp_enabled_at else None)
        db.session.commit()
        login_user(user)
        value = current_app.session_interface.get_signing_serializer(current_app).dumps(dict(request_context.session))
    cookie = {"name": current_app.config["SESSION_COOKIE_NAME"], "value": value, "domain": "127.0.0.1", "path": "/"}
    page.context.add_cookies([{**cookie, "httpOnly": True, "sameSite": "Lax"}])
    page.goto("/home")


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

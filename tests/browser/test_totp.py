"""The second factor and the signed-in devices in the browser (#13 items 5-6): a new
coordinator is sent to set up TOTP, reads the key on the page, confirms a code with the
current password, sees the recovery codes once, cannot turn it off, signs in again with a
code; and ends a session from another device."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from hackplat.accounts.totp import STEP_SECONDS
from hackplat.models import Role, utcnow
from tests.helpers.browser import assert_no_violations
from tests.helpers.factories import PASSWORD

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


def code(secret: str, steps_from_now: int = 0) -> str:
    return pyotp.TOTP(secret).at(utcnow().timestamp() + steps_from_now * STEP_SECONDS)


def password_step(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_a_coordinator_sets_up_totp_and_signs_in_with_a_code(new_page, make_user, viewport) -> None:
    coordinator = make_user(Role.COORDINATOR, totp=False)
    page = new_page()
    page.set_viewport_size(viewport)
    password_step(page, coordinator.email)
    expect(page.get_by_role("heading", name="二段階認証")).to_be_visible()
    expect(page.get_by_text("コーディネーターと管理者は二段階認証の設定が必要です")).to_be_visible()
    page.goto("/organisations/")  # nothing else until it is set up
    expect(page).to_have_url(re.compile(r"/account/totp$"))
    expect(page.get_by_role("img", name="認証アプリに読み取らせるQRコード")).to_be_visible()
    assert_no_violations(page)
    secret = page.locator("#totp-secret").inner_text()

    page.get_by_label("現在のパスワード").fill(PASSWORD)  # re-authentication: a session alone cannot enrol
    page.get_by_label("認証アプリに表示された6桁のコード").fill("000000" if code(secret) != "000000" else "111111")
    page.get_by_role("button", name="確認して有効にする").click()
    expect(page.get_by_text("コードが一致しません")).to_be_visible()
    assert page.locator("#totp-secret").inner_text() == secret  # the same key, still to confirm

    page.get_by_label("現在のパスワード").fill(PASSWORD)
    page.get_by_label("認証アプリに表示された6桁のコード").fill(code(secret))
    page.get_by_role("button", name="確認して有効にする").click()
    expect(page.get_by_role("heading", name="二段階認証を有効にしました")).to_be_visible()
    recovery = page.get_by_role("list", name="リカバリーコード").get_by_role("listitem")
    expect(recovery).to_have_count(10)
    first_code = recovery.first.inner_text()
    assert_no_violations(page)
    page.get_by_role("link", name="保管しました。マイページへ").click()
    expect(page.get_by_role("heading", name="マイページ")).to_be_visible()
    page.get_by_role("link", name="二段階認証").first.click()
    expect(page.get_by_text("二段階認証は有効です")).to_be_visible()
    expect(page.get_by_text(first_code)).to_have_count(0)  # shown once
    expect(page.get_by_text("無効にはできません")).to_be_visible()  # required of coordinators
    expect(page.get_by_role("button", name="無効にする")).to_have_count(0)

    if viewport["width"] < 600:  # on a phone the navigation's buttons are in its menu
        page.get_by_role("navigation", name="メインメニュー").locator("summary").click()
    page.get_by_role("button", name="サインアウト").first.click()
    password_step(page, coordinator.email)
    expect(page.get_by_role("heading", name="確認コードの入力")).to_be_visible()
    assert_no_violations(page)
    page.get_by_label("確認コード").fill(code(secret, 1))  # the next step: the one used is spent
    page.get_by_role("button", name="確認してサインイン").click()
    expect(page.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()
    page.goto("/organisations/")
    expect(page).to_have_url(re.compile(r"/organisations/$"))


def test_the_devices_page_ends_another_session(browser, live_server, new_page, make_user) -> None:
    member = make_user(Role.MEMBER)
    phone_context = browser.new_context(base_url=live_server, locale="ja-JP", user_agent=IPHONE)
    try:
        phone = phone_context.new_page()
        password_step(phone, member.email)
        expect(phone.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()

        laptop = new_page()
        password_step(laptop, member.email)
        laptop.get_by_role("link", name="サインイン中の端末").click()
        rows = laptop.get_by_role("row")
        expect(rows).to_have_count(3)  # the header and two devices
        expect(laptop.get_by_role("row", name=re.compile("この端末"))).to_have_count(1)
        assert_no_violations(laptop)
        laptop.get_by_role("row", name=re.compile(r"Safari（iOS）")).get_by_role(
            "button", name="このサインインを終了"
        ).click()
        expect(laptop.get_by_text("その端末のサインインを終了しました。")).to_be_visible()
        expect(laptop.get_by_role("row")).to_have_count(2)

        phone.reload()
        expect(phone).to_have_url(re.compile(r"/login"))
        laptop.goto("/me")
        expect(laptop.get_by_role("heading", name="マイページ")).to_be_visible()
    finally:
        phone_context.close()

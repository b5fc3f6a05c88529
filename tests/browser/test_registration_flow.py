"""An organisation registers, a coordinator approves it, its member signs in."""

from __future__ import annotations

from playwright.sync_api import expect

from hackplat.models import Role
from tests.accounts.mail_links import link_path, mails_to
from tests.helpers.browser import sign_in
from tests.helpers.factories import PASSWORD


def test_register_approve_and_sign_in(new_page, make_user, smtp_sink) -> None:
    coordinator = make_user(Role.COORDINATOR)

    applicant = new_page()
    applicant.goto("/register")
    applicant.get_by_label("組織の種別").select_option("npo")
    applicant.get_by_label("組織名", exact=True).fill("NPO法人 ブラウザテスト")
    applicant.get_by_label("法人番号（13桁、お持ちの場合）").fill("7000012050002")
    applicant.get_by_label("担当者名").fill("試験 花子")
    applicant.get_by_label("担当者のメールアドレス").fill("hanako@example.jp")
    applicant.get_by_label("パスワード（12文字以上）").fill(PASSWORD)
    applicant.get_by_label("パスワード（確認）").fill(PASSWORD)
    applicant.get_by_role("button", name="登録を申請する").click()
    expect(applicant.get_by_role("heading", name="登録を受け付けました")).to_be_visible()
    (mail,) = mails_to(smtp_sink, "hanako@example.jp")  # the address is verified by its link
    applicant.goto(link_path(mail))
    applicant.get_by_label("パスワード", exact=True).fill(PASSWORD)  # the link's page asks for it (pre-hijacking)
    applicant.get_by_role("button", name="確認する").click()
    expect(applicant.get_by_role("heading", name="メールアドレスを確認しました")).to_be_visible()

    sign_in(applicant, "hanako@example.jp", PASSWORD)
    expect(applicant.get_by_text("承認待ち")).to_be_visible()

    office = new_page()
    sign_in(office, coordinator.email, PASSWORD)
    office.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="参加組織の審査").click()
    office.get_by_role("link", name="NPO法人 ブラウザテスト").click()
    office.get_by_role("button", name="承認する").click()
    expect(office.get_by_text("NPO法人 ブラウザテスト を承認しました。")).to_be_visible()

    sign_in(applicant, "hanako@example.jp", PASSWORD)
    expect(applicant.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()
    expect(applicant.get_by_role("link", name="NPO法人 ブラウザテスト")).to_be_visible()
    applicant.get_by_role("button", name="サインアウト").click()
    expect(applicant.get_by_text("サインアウトしました。")).to_be_visible()

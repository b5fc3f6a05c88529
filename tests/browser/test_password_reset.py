"""Reset by mail through the SMTP sink, and a registration with e-mail verification and
acceptance of the terms, as a person does them in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.legal.services import publish_samples
from hackplat.models import Organisation, OrganisationStatus, Role
from tests.accounts.mail_links import link_path, mails_to
from tests.helpers.browser import assert_no_violations, sign_in
from tests.helpers.factories import PASSWORD

NEW = "Purple-Elephant-Sings-Quietly-7"


def test_reset_by_mail_then_sign_in_and_the_old_link_is_refused(new_page, make_user, smtp_sink) -> None:
    user = make_user(Role.MEMBER)
    page: Page = new_page()
    page.goto("/login")
    page.get_by_role("link", name="パスワードをお忘れの方").click()
    page.get_by_label("メールアドレス").fill(user.email)
    page.get_by_role("button", name="再設定のリンクを送る").click()
    expect(page.get_by_role("heading", name="メールを送りました")).to_be_visible()

    (mail,) = mails_to(smtp_sink, user.email)
    path = link_path(mail)
    page.goto(path)
    expect(page.get_by_role("heading", name="新しいパスワードの設定")).to_be_visible()
    assert_no_violations(page)
    page.get_by_label("新しいパスワード（12文字以上）").fill(NEW)
    page.get_by_label("新しいパスワード（確認）").fill("Not-The-Same-Password-1")
    page.get_by_role("button", name="パスワードを設定する").click()
    expect(page.get_by_text("パスワードが一致しません。")).to_be_visible()
    page.get_by_label("新しいパスワード（12文字以上）").fill(NEW)
    page.get_by_label("新しいパスワード（確認）").fill(NEW)
    page.get_by_role("button", name="パスワードを設定する").click()
    expect(page.get_by_text("パスワードを再設定しました。新しいパスワードでサインインしてください。")).to_be_visible()

    sign_in(page, user.email, NEW)
    expect(page.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()

    page.goto(path)  # the link worked once
    expect(page.get_by_role("heading", name="リンクが無効です")).to_be_visible()
    page.get_by_role("link", name="再設定のリンクを送り直す").click()
    expect(page.get_by_role("heading", name="パスワードをお忘れの方")).to_be_visible()


def test_register_accept_the_terms_verify_the_address_and_sign_in(new_page, smtp_sink) -> None:
    publish_samples()
    db.session.commit()
    page: Page = new_page()
    page.goto("/")
    page.get_by_role("link", name="利用規約").click()
    expect(page.get_by_role("heading", name="利用規約")).to_be_visible()
    expect(page.get_by_text("第1版")).to_be_visible()

    page.goto("/register")
    page.get_by_label("組織の種別").select_option("company")
    page.get_by_label("組織名", exact=True).fill("株式会社ブラウザ確認")
    page.get_by_label("担当者名").fill("確認 次郎")
    page.get_by_label("担当者のメールアドレス").fill("jiro@example.jp")
    page.get_by_label("パスワード（12文字以上）").fill(PASSWORD)
    page.get_by_label("パスワード（確認）").fill(PASSWORD)
    page.get_by_role("button", name="登録を申請する").click()
    expect(page.get_by_text("利用規約とプライバシーポリシーへの同意が必要です。")).to_be_visible()
    expect(page.get_by_label("組織名", exact=True)).to_have_value("株式会社ブラウザ確認")  # kept
    page.get_by_label("パスワード（12文字以上）").fill(PASSWORD)  # passwords are not sent back
    page.get_by_label("パスワード（確認）").fill(PASSWORD)
    page.get_by_label("利用規約とプライバシーポリシーに同意します").check()
    page.get_by_role("button", name="登録を申請する").click()
    expect(page.get_by_role("heading", name="登録を受け付けました")).to_be_visible()

    db.session.execute(db.update(Organisation).values(status=OrganisationStatus.APPROVED))
    db.session.commit()
    sign_in(page, "jiro@example.jp", PASSWORD)  # not verified yet
    expect(page.get_by_text("メールアドレスの確認が済んでいません")).to_be_visible()
    page.get_by_role("button", name="確認用のリンクを送り直す").click()
    expect(page.get_by_text("確認用のリンクを送りました")).to_be_visible()

    mails = mails_to(smtp_sink, "jiro@example.jp")
    assert len(mails) == 2  # at registration, and again
    page.goto(link_path(mails[-1]))
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)  # the link's page asks for it (pre-hijacking)
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("heading", name="メールアドレスを確認しました")).to_be_visible()
    page.get_by_role("link", name="サインインする").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, "jiro@example.jp", PASSWORD)
    expect(page.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()  # the terms were accepted

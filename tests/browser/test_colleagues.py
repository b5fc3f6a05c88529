"""Colleagues (#13 item 3) in the browser: a member invites a colleague, who joins by
the mailed link; someone registering with the same 法人番号 asks to join and a member
approves; members leave until the last one, who cannot."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import Role
from tests.helpers.browser import sign_in
from tests.helpers.factories import PASSWORD

NUMBER = "9234567890123"
COLLEAGUE_PASSWORD = "Invited-Colleague-Phrase-61"
REQUESTER_PASSWORD = "Joining-Colleague-Phrase-58"
LINK = re.compile(r"https?://\S+")


def link_in_last_mail(smtp_sink, to: str) -> str:
    """The path of the link in the newest mail to ``to``."""
    mail = [message for message in smtp_sink.messages if message["To"] == to][-1]
    match = LINK.search(mail.get_content())
    assert match, mail.get_content()
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def organisation_page(page: Page, name: str) -> None:
    page.goto("/me")
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", name="メンバー")).to_be_visible()


def test_invite_join_approve_and_leave(new_page, make_user, smtp_sink) -> None:
    member = make_user(Role.MEMBER)
    member.organisation.corporate_number = NUMBER
    db.session.commit()
    organisation = member.organisation.name

    # a member invites a colleague; the mail arrives
    inviter = new_page()
    sign_in(inviter, member.email, PASSWORD)
    organisation_page(inviter, organisation)
    inviter.get_by_label("招待する同僚のメールアドレス").fill("hanako@example.jp")
    inviter.get_by_role("button", name="招待メールを送る").click()
    expect(inviter.get_by_text("hanako@example.jp に招待メールを送りました。")).to_be_visible()
    expect(inviter.get_by_role("button", name="招待を取り消す")).to_be_visible()
    invitation = link_in_last_mail(smtp_sink, "hanako@example.jp")

    # the colleague opens the link, sets a password, signs in, sees the organisation
    colleague = new_page()
    colleague.goto(invitation)
    expect(colleague.get_by_role("heading", name=f"{organisation} に参加する")).to_be_visible()
    colleague.get_by_label("お名前").fill("招待 花子")
    colleague.get_by_label("パスワード（12文字以上）").fill(COLLEAGUE_PASSWORD)
    colleague.get_by_label("パスワード（確認）").fill(COLLEAGUE_PASSWORD)
    colleague.get_by_role("button", name="参加する").click()
    expect(colleague.get_by_text(f"{organisation} のメンバーになりました。")).to_be_visible()
    sign_in(colleague, "hanako@example.jp", COLLEAGUE_PASSWORD)
    organisation_page(colleague, organisation)
    expect(colleague.get_by_text("招待 花子（hanako@example.jp）")).to_be_visible()
    colleague.goto(invitation)  # used once
    expect(colleague.get_by_text("この招待リンクは既に使われています。")).to_be_visible()

    # someone registers with the same 法人番号 and asks to join instead
    requester = new_page()
    requester.goto("/register")
    requester.get_by_label("組織の種別").select_option("company")
    requester.get_by_label("組織名", exact=True).fill("同じ会社")
    requester.get_by_label("法人番号（13桁、お持ちの場合）").fill(NUMBER)
    requester.get_by_label("担当者名").fill("参加 次郎")
    requester.get_by_label("担当者のメールアドレス").fill("jiro@example.jp")
    requester.get_by_label("パスワード（12文字以上）").fill(REQUESTER_PASSWORD)
    requester.get_by_label("パスワード（確認）").fill(REQUESTER_PASSWORD)
    requester.get_by_role("button", name="登録を申請する").click()
    expect(requester.get_by_text("この法人番号の組織は既に登録されています。").first).to_be_visible()
    requester.get_by_role("button", name="この組織への参加を申請する").click()
    expect(requester.get_by_role("heading", name="組織への参加を申請する")).to_be_visible()
    expect(requester.get_by_label("メールアドレス")).to_have_value("jiro@example.jp")  # handed over
    requester.get_by_label("パスワード（12文字以上）").fill(REQUESTER_PASSWORD)
    requester.get_by_label("パスワード（確認）").fill(REQUESTER_PASSWORD)
    requester.get_by_role("button", name="参加を申請する").click()
    expect(requester.get_by_role("heading", name="参加申請を受け付けました")).to_be_visible()
    requester.goto(link_in_last_mail(smtp_sink, "jiro@example.jp"))  # the address verified, with the password
    requester.get_by_label("パスワード", exact=True).fill(REQUESTER_PASSWORD)
    requester.get_by_role("button", name="確認する").click()
    expect(requester.get_by_role("heading", name="メールアドレスを確認しました")).to_be_visible()
    sign_in(requester, "jiro@example.jp", REQUESTER_PASSWORD)
    expect(requester.get_by_text("参加申請は承認待ちです")).to_be_visible()

    # a member approves; the requester signs in
    organisation_page(inviter, organisation)
    expect(inviter.get_by_text("参加 次郎（jiro@example.jp）")).to_be_visible()
    inviter.get_by_role("button", name="承認する").click()
    expect(inviter.get_by_text("参加 次郎 さんの参加を承認しました。")).to_be_visible()
    sign_in(requester, "jiro@example.jp", REQUESTER_PASSWORD)
    expect(requester.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()

    # the member opens the leave page while two colleagues are there; both leave first
    organisation_page(inviter, organisation)
    inviter.get_by_role("link", name="この組織から退会する").click()
    expect(inviter.get_by_role("button", name="退会する")).to_be_visible()
    for leaver in (colleague, requester):
        organisation_page(leaver, organisation)
        leaver.get_by_role("link", name="この組織から退会する").click()
        leaver.get_by_role("button", name="退会する").click()
        expect(leaver.get_by_text(f"{organisation} から退会しました。")).to_be_visible()
    # now the last member: refused, told why, still signed in
    inviter.get_by_role("button", name="退会する").click()
    expect(inviter.get_by_text("あなたはこの組織の最後のメンバーのため、退会できません。")).to_be_visible()
    expect(inviter.get_by_role("button", name="退会する")).to_have_count(0)
    inviter.get_by_role("link", name="組織のページへ戻る").click()
    expect(inviter.get_by_text(member.email)).to_be_visible()
    sign_in(colleague, "hanako@example.jp", COLLEAGUE_PASSWORD)
    expect(colleague.get_by_text("利用停止中")).to_be_visible()

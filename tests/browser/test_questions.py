"""Questions and answers in the browser (issue 15 item 3): a member asks on the need's
page, the department's staff answer from their notification, and an anonymous visitor
reads the answer on the need's page (also on a phone) without the asker's name."""

from __future__ import annotations

from playwright.sync_api import expect

from hackplat.models import Role
from tests.helpers.browser import assert_no_violations, enter_as

QUESTION = "既存の申請システムとのデータ連携は必要ですか。"
ANSWER = "連携は不要です。CSVファイルでの受け渡しを想定しています。"


def test_asked_answered_and_read_publicly(new_page, make_user, make_organisation, make_department, make_need) -> None:
    department = make_department("こども青少年局 保育対策課")
    staff = make_user(Role.STAFF, department=department)
    organisation = make_organisation("株式会社みなとテック")
    member = make_user(Role.MEMBER, organisation=organisation)
    need = make_need(department=department, title="保育所の入所申請をオンラインで完結したい")

    company = new_page()
    enter_as(company, member.email)
    company.goto(f"/needs/{need.id}")
    company.get_by_label("質問の内容").fill(QUESTION)
    company.get_by_role("button", name="質問を送る").click()
    expect(company.get_by_text("質問を送りました")).to_be_visible()
    expect(company.get_by_text("回答待ち")).to_be_visible()
    assert_no_violations(company)  # the need's page with the organisation's own question

    city = new_page()
    enter_as(city, staff.email)
    city.goto("/notifications/")
    city.get_by_role("link", name="課題に質問が届きました").first.click()
    expect(city.get_by_text(QUESTION)).to_be_visible()
    expect(city.get_by_text(organisation.name)).to_be_visible()  # the department knows who asked
    city.get_by_label("回答", exact=True).fill(ANSWER)
    assert_no_violations(city)  # the answer form
    city.get_by_role("button", name="回答を送る").click()
    expect(city.get_by_text("回答を公開しました")).to_be_visible()

    public = new_page()
    public.set_viewport_size({"width": 390, "height": 844})
    public.goto(f"/needs/{need.id}")
    section = public.locator("#questions")
    expect(section.get_by_text(QUESTION)).to_be_visible()
    expect(section.get_by_text(ANSWER)).to_be_visible()
    assert organisation.name not in public.content()
    assert member.name not in public.content()
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_violations(public)

    company.goto("/notifications/")
    expect(company.get_by_role("link", name="質問への回答が公開されました").first).to_be_visible()

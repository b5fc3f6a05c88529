"""Staff publish a need with its details (themes, ward, budget, contact person); a member
finds it by search, reads the details, proposes and submits; staff compare it in the list
of incoming proposals and shortlist it; the member sees the new status and the notification."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from hackplat.models import DepartmentKind, Role, utcnow
from tests.helpers.browser import assert_no_violations, enter_as


def test_need_to_shortlisted_proposal(new_page, make_user, make_department, themes) -> None:
    department = make_department("こども青少年局 保育対策課")
    make_department("港北区", DepartmentKind.WARD)
    staff = make_user(Role.STAFF, department=department)
    member = make_user(Role.MEMBER)
    deadline = (utcnow() + timedelta(days=30)).date().isoformat()

    city = new_page()
    enter_as(city, staff.email)
    city.goto("/needs/new")
    city.get_by_label("タイトル").fill("保育所の入所申請をスマートフォンで完結したい")
    city.get_by_label("テーマ", exact=True).select_option(label="子育て")
    city.get_by_role("group", name="ほかのテーマ").get_by_label("行政手続").check()
    city.get_by_label("対象地域").select_option(label="港北区")
    city.get_by_label("現状", exact=True).fill("入所申請は紙の書類を窓口に持参する必要がある。")
    city.get_by_label("課題", exact=True).fill("保護者の来庁負担と職員の入力作業が大きい。")
    city.get_by_label("提案の締切日").fill(deadline)
    city.get_by_label("予算の上限（円、任意）").fill("５，０００，０００")
    city.get_by_label("担当者の氏名").fill("横浜 花子")
    city.get_by_label("担当者の電話番号").fill("045-671-0000")
    city.get_by_label("課題適合性").fill("差し戻しが減ること")
    city.get_by_role("button", name="保存する").click()
    city.get_by_role("button", name="公開する").click()
    expect(city.get_by_text("募集中").first).to_be_visible()

    company = new_page()
    enter_as(company, member.email)
    company.goto("/needs/")
    company.get_by_label("キーワード").fill("ｽﾏｰﾄﾌｫﾝ")  # half-width katakana finds full-width text
    company.get_by_role("button", name="検索").click()
    assert_no_violations(company)  # the need list, with a search
    company.get_by_role("link", name="保育所の入所申請をスマートフォンで完結したい").click()
    assert_no_violations(company)  # the need's page
    for shown in ("子育て、行政手続", "港北区", "500万円まで", "横浜 花子", "045-671-0000", "差し戻しが減ること"):
        expect(company.get_by_text(shown).first).to_be_visible()
    company.get_by_role("link", name="この課題に提案する").click()
    company.get_by_label("提案の概要").fill("オンライン申請フォームとAI-OCRで入所申請を電子化します。")
    assert_no_violations(company)  # the proposal form
    company.get_by_role("button", name="下書きを保存する").click()
    company.get_by_role("button", name="提出する").click()
    company.get_by_role("button", name="この内容で提出する").click()
    expect(company.get_by_text("提出済み").first).to_be_visible()

    city.get_by_role("link", name="この課題への提案を見る").click()
    row = city.get_by_role("row").filter(has_text="オンライン申請フォーム")
    expect(row.get_by_text("未評価")).to_be_visible()
    city.get_by_role("link", name="評価の高い順").click()
    assert_no_violations(city)  # the incoming proposals, sorted by score
    city.goto("/notifications/")
    city.get_by_role("link", name="新しい提案が届きました").first.click()
    city.get_by_role("button", name="選考対象にする").click()
    expect(city.get_by_text("選考中").first).to_be_visible()

    company.goto("/proposals/mine")
    expect(company.get_by_text("選考中").first).to_be_visible()
    company.goto("/notifications/")
    expect(company.get_by_text("未読").first).to_be_visible()
    expect(company.get_by_role("link", name="選考").first).to_be_visible()

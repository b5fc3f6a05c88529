"""Knowledge inside the city (#17 item 4) in the browser: the pilot's department writes an
internal lesson; staff of another department find it through the knowledge search, open
the case and press 「うちでも導入したい」; the public case page shows no lesson; the
department deletes the lesson after a confirmation. At 1280 and 390 px, without axe
violations."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import CaseStatus, NeedStatus, PilotStage, ProposalStatus, Role
from tests.helpers.browser import assert_no_violations, enter_as
from tests.knowledge.conftest import build_case, build_pilot

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def check_both_widths(page: Page) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
        assert_no_violations(page)


def test_a_lesson_is_written_found_by_another_department_and_the_case_wanted_there_too(
    new_page, make_user, make_need, make_department, make_organisation, make_proposal
) -> None:
    kodomo, aoba = make_department(name="こども青少年局"), make_department(name="青葉区")
    need = make_need(department=kodomo, status=NeedStatus.PILOTING, title="保育所の入所申請をオンラインにしたい")
    ward_need = make_need(department=aoba, title="区役所の申請窓口の混雑を減らしたい")
    organisation = make_organisation(name="株式会社みなとテック")
    pilot = build_pilot(make_proposal(need, organisation, ProposalStatus.SELECTED), PilotStage.EVALUATED)
    case = build_case(pilot, CaseStatus.PUBLISHED, title="入所申請をスマホで完結")
    writer, reader = make_user(Role.STAFF, department=kodomo), make_user(Role.STAFF, department=aoba)
    db.session.commit()

    # the pilot's department writes a lesson (on the phone)
    staff = new_page()
    staff.set_viewport_size(PHONE)
    enter_as(staff, writer.email)
    staff.goto(f"/pilots/{pilot.id}")
    staff.get_by_role("link", name="教訓を記録する").click()
    check_both_widths(staff)
    staff.get_by_label("分類").select_option(label="セキュリティ審査")
    staff.get_by_label("見出し").fill("クラウド利用の審査は二か月")
    staff.get_by_label("内容").fill("個人情報を扱うため、情報セキュリティ審査に二か月かかった。早めに相談すること。")
    staff.get_by_role("button", name="保存する").click()
    expect(staff.get_by_text("教訓を記録しました。", exact=False)).to_be_visible()
    section = staff.locator("#pilot-lessons")
    expect(section.get_by_role("heading", name="庁内向けの教訓（非公開）")).to_be_visible()
    expect(section.get_by_role("heading", name="クラウド利用の審査は二か月")).to_be_visible()
    check_both_widths(staff)

    # another department's staff find it in the knowledge library's search
    ward = new_page()
    enter_as(ward, reader.email)
    ward.goto("/knowledge/")
    ward.get_by_label("キーワード").fill("セキュリティ審査")
    ward.get_by_role("button", name="検索").click()
    hits = ward.locator("#lesson-hits")
    expect(hits.get_by_role("heading", name="クラウド利用の審査は二か月")).to_be_visible()
    check_both_widths(ward)
    ward.set_viewport_size(DESKTOP)
    hits.get_by_role("link", name="入所申請をスマホで完結").click()

    # …and want the solution too, for one of their needs
    expect(ward.get_by_role("heading", name="庁内向けの教訓（非公開）")).to_be_visible()
    check_both_widths(ward)
    ward.get_by_label("役立ちそうな貴部署の課題（任意）").select_option(label=ward_need.title)
    ward.get_by_label("メモ（任意）").fill("区でも来年度に導入を検討したい")
    ward.get_by_role("button", name="うちでも導入したい").click()
    expect(ward.get_by_text("導入したいことを登録しました。", exact=False)).to_be_visible()
    interest = ward.locator("#case-interest")
    expect(interest.get_by_text("青葉区")).to_be_visible()
    expect(interest.get_by_role("link", name=ward_need.title)).to_be_visible()
    expect(interest.get_by_role("button", name="導入の希望を取り下げる")).to_be_visible()
    check_both_widths(ward)

    # the public case page: no lesson, no interest
    visitor = new_page()
    visitor.goto(f"/knowledge/{case.id}")
    expect(visitor.get_by_role("heading", name="入所申請をスマホで完結")).to_be_visible()
    expect(visitor.get_by_text("クラウド利用の審査は二か月")).to_have_count(0)
    expect(visitor.locator("#pilot-lessons")).to_have_count(0)
    expect(visitor.locator("#case-interest")).to_have_count(0)
    check_both_widths(visitor)

    # the department deletes the lesson after all (on the phone), after a confirmation
    staff.set_viewport_size(PHONE)
    staff.goto(f"/pilots/{pilot.id}")
    staff.locator("#pilot-lessons").get_by_role("link", name="編集").click()
    staff.get_by_role("link", name="この教訓を削除する").click()
    expect(staff.get_by_role("heading", name="教訓の削除")).to_be_visible()
    expect(staff.get_by_text("クラウド利用の審査は二か月")).to_be_visible()
    check_both_widths(staff)
    staff.set_viewport_size(PHONE)
    staff.get_by_role("button", name="削除する").click()
    expect(staff.get_by_text("教訓「クラウド利用の審査は二か月」を削除しました。")).to_be_visible()
    expect(staff.locator("#pilot-lessons").get_by_text("教訓はまだ記録されていません。")).to_be_visible()
    check_both_widths(staff)

"""Co-creation labs (#17 item 2) in the browser: a coordinator registers a lab, puts an
open need in it on the need's form and a pilot in it on the pilot's page; a visitor
opens the lab from the navigation and sees the need and the published case (not the
draft need), at 1280 and 390 px, without axe violations."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import CaseStatus, NeedStatus, PilotStage, ProposalStatus, Role
from tests.helpers.browser import assert_no_violations, enter_as
from tests.knowledge.conftest import build_case, build_pilot

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LAB = "ケアテック・オープン・ラボ横浜"


def check_both_widths(page: Page) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
        assert_no_violations(page)


def test_a_coordinator_builds_a_lab_and_a_visitor_reads_it(
    new_page, make_user, make_need, make_organisation, make_proposal
) -> None:
    office = make_user(Role.COORDINATOR)
    need = make_need(status=NeedStatus.OPEN, title="介護記録の入力を楽にしたい")
    make_need(department=need.department, status=NeedStatus.DRAFT, title="まだ下書きの課題")
    piloted = make_need(department=need.department, status=NeedStatus.PILOTING, title="見守りの課題")
    pilot = build_pilot(make_proposal(piloted, make_organisation(name="株式会社ケア"), ProposalStatus.SELECTED),
                        PilotStage.EVALUATED, title="見守りセンサーの試行")  # fmt: skip
    build_case(pilot, CaseStatus.PUBLISHED, title="見守りセンサーで夜間の巡回を半減")
    db.session.commit()

    page = new_page()
    page.set_viewport_size(DESKTOP)
    enter_as(page, office.email)
    page.goto("/labs/")
    page.get_by_role("link", name="ラボを登録").click()
    page.get_by_label("ラボの名前").fill(LAB)
    page.get_by_label("説明").fill("介護の現場と企業が機器を試す場です。")
    page.get_by_label("参加団体・パートナー").fill("地域ケアプラザ\n介護事業者")
    page.get_by_label("ラボのページ（URL）").fill("javascript:alert(1)")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#url-error")).to_contain_text("http:// または https:// で始まる")
    expect(page.get_by_label("説明")).to_have_value("介護の現場と企業が機器を試す場です。")  # kept as typed
    check_both_widths(page)
    page.get_by_label("ラボのページ（URL）").fill("https://caretech.example.jp/")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("ラボを登録しました。")).to_be_visible()

    page.goto(f"/needs/{need.id}/edit")
    page.get_by_label("共創ラボ").select_option(label=LAB)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("link", name=LAB)).to_be_visible()  # the need's page links to the lab

    page.goto(f"/pilots/{pilot.id}")
    page.get_by_label("所属するラボ").select_option(label=LAB)
    page.get_by_role("button", name="ラボを設定").click()
    expect(page.get_by_text("ラボを変更しました。")).to_be_visible()

    visitor = new_page()
    visitor.set_viewport_size(PHONE)
    visitor.goto("/")
    visitor.get_by_text("メニュー", exact=True).click()
    visitor.get_by_role("link", name="ラボ", exact=True).click()
    visitor.get_by_role("link", name=LAB).click()
    expect(visitor.get_by_role("heading", name=LAB)).to_be_visible()
    expect(visitor.get_by_role("link", name="介護記録の入力を楽にしたい")).to_be_visible()
    expect(visitor.get_by_role("link", name="見守りセンサーで夜間の巡回を半減")).to_be_visible()
    expect(visitor.get_by_text("まだ下書きの課題")).to_have_count(0)
    expect(visitor.get_by_text("見守りセンサーの試行")).to_have_count(0)  # pilots are not public
    expect(visitor.get_by_role("link", name="https://caretech.example.jp/")).to_be_visible()
    check_both_widths(visitor)

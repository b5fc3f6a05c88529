"""Startup support (#17 item 3) in the browser: a startup's member finds the
startup-friendly need first on /needs, proposes to it asking for mentoring, and a
coordinator takes the request from /home; the proposer then sees who mentors. At 1280
and 390 px, without axe violations."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import Role
from tests.helpers.browser import assert_no_violations, enter_as

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def check_both_widths(page: Page) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
        assert_no_violations(page)


def test_a_startup_asks_for_mentoring_and_a_coordinator_takes_it(
    new_page, make_user, make_organisation, make_need, make_department
) -> None:
    startup = make_organisation(name="株式会社ミナトスタート")
    startup.is_startup, startup.founded_year = True, 2021
    member = make_user(Role.MEMBER, organisation=startup)
    department = make_department(name="こども青少年局")
    make_need(department=department, title="保育所の空き状況を知らせたい", startup_support=True)
    make_need(department=department, title="道路の補修を早めたい")  # newer, yet listed second
    coordinator = make_user(Role.COORDINATOR)
    db.session.commit()

    proposer = new_page()
    enter_as(proposer, member.email)
    proposer.goto("/needs/")
    first_row = proposer.locator("table.need-table tbody tr").first
    expect(first_row).to_contain_text("保育所の空き状況を知らせたい")
    expect(first_row.get_by_text("スタートアップ歓迎")).to_be_visible()
    check_both_widths(proposer)
    proposer.set_viewport_size(PHONE)
    proposer.get_by_role("link", name="保育所の空き状況を知らせたい").click()
    proposer.get_by_role("link", name="提案する", exact=False).first.click()
    proposer.get_by_label("提案の概要").fill("空き状況をLINEで配信します。")
    proposer.get_by_label("コーディネーターのメンタリングを希望する").check()
    proposer.get_by_label("メンタリングで相談したいこと（任意）").fill("実証の進め方を相談したい")
    check_both_widths(proposer)
    proposer.get_by_role("button", name="下書きを保存する").click()
    expect(proposer.get_by_text("担当者待ち")).to_be_visible()
    proposer.get_by_role("button", name="提出する").click()
    proposer.get_by_role("button", name="提出する").click()  # the confirmation page
    expect(proposer.get_by_text("提案を提出しました。")).to_be_visible()

    office = new_page()
    enter_as(office, coordinator.email)
    office.goto("/home")
    expect(office.get_by_role("heading", name="メンタリングを希望するスタートアップ", exact=False)).to_be_visible()
    office.get_by_role("link", name="株式会社ミナトスタート", exact=False).click()
    expect(office.get_by_text("実証の進め方を相談したい")).to_be_visible()
    check_both_widths(office)
    office.get_by_role("button", name="担当する").click()
    expect(office.get_by_text("メンタリングを担当しました。")).to_be_visible()
    check_both_widths(office)

    proposer.reload()
    expect(proposer.get_by_text("担当中")).to_be_visible()
    expect(proposer.get_by_text(coordinator.name, exact=False)).to_be_visible()
    check_both_widths(proposer)

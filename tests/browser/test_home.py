"""Each role signs in, lands on its home page and deals with one item from it: the
coordinator approves a waiting organisation, staff open a need with a new proposal, a
member accepts a working-group invitation. Then a phone: the menu opens by its summary
(no script) and the page is no wider than the screen."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import (
    MembershipStatus,
    OrganisationStatus,
    ProposalStatus,
    Role,
    WorkingGroup,
    WorkingGroupMembership,
)
from tests.helpers.browser import assert_no_violations, enter_as

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def at_home(page: Page, email: str) -> None:
    enter_as(page, email)
    expect(page.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()
    assert_no_violations(page)


def test_each_role_deals_with_an_item_from_its_home(new_page, make_user, make_organisation, make_need,
                                                    make_proposal, make_department) -> None:  # fmt: skip
    department = make_department(name="こども青少年局")
    make_organisation(name="承認待ちテスト株式会社", status=OrganisationStatus.PENDING)
    need = make_need(department, title="保育所の入所申請をスマートフォンで完結したい")
    proposer = make_organisation(name="株式会社みなとテスト")
    make_proposal(need, proposer, ProposalStatus.SUBMITTED, summary="電子申請の提案")
    invited = make_organisation(name="招待された合同会社")
    group = WorkingGroup(need_id=need.id, name="入所申請ワーキンググループ")
    db.session.add(group)
    db.session.flush()
    db.session.add(WorkingGroupMembership(group_id=group.id, organisation_id=invited.id,
                                          status=MembershipStatus.INVITED))  # fmt: skip
    db.session.commit()

    office = new_page()
    office.set_viewport_size(DESKTOP)
    at_home(office, make_user(Role.COORDINATOR).email)
    waiting = office.get_by_role("region", name="承認を待っている参加組織")
    waiting.get_by_role("link", name="承認待ちテスト株式会社").click()
    office.get_by_role("button", name="承認する").click()
    expect(office.get_by_text("承認待ちテスト株式会社 を承認しました。")).to_be_visible()

    city = new_page()
    city.set_viewport_size(DESKTOP)
    at_home(city, make_user(Role.STAFF, department=department).email)
    city.get_by_role("region", name="新しい提案が届いた課題").get_by_role("link", name=need.title).click()
    expect(city.get_by_role("link", name="株式会社みなとテスト")).to_be_visible()

    company = new_page()
    company.set_viewport_size(DESKTOP)
    at_home(company, make_user(Role.MEMBER, organisation=invited).email)
    company.get_by_role("region", name="ワーキンググループへの招待").get_by_role("link", name=group.name).click()
    expect(
        company.get_by_role("navigation", name="現在地").get_by_role("link", name="ワーキンググループ")
    ).to_be_visible()
    company.get_by_role("button", name="参加する").click()
    expect(company.get_by_text("ワーキンググループへの参加を承諾しました。")).to_be_visible()


def test_on_a_phone_the_menu_opens_without_script_and_nothing_is_wider_than_the_screen(
    new_page, make_user, make_organisation
) -> None:
    make_organisation(name="承認待ちの財団", status=OrganisationStatus.PENDING)
    phone = new_page()
    phone.set_viewport_size(PHONE)
    at_home(phone, make_user(Role.ADMIN).email)
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    menu = phone.get_by_role("navigation", name="メインメニュー")
    review = menu.get_by_role("link", name="参加組織の審査")
    expect(review).to_be_hidden()
    summary = menu.locator("summary")
    box = summary.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    summary.click()
    expect(review).to_be_visible()
    review_box = review.bounding_box()
    assert review_box is not None
    assert review_box["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_no_violations(phone)
    review.click()
    expect(phone.get_by_role("link", name="承認待ちの財団")).to_be_visible()

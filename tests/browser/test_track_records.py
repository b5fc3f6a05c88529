"""Track records (#17 item 5) in the browser: a member switches the organisation's public
page on; a visitor reaches it from a published case and a seed, follows a department
link to the department page; at 1280 and 390 px, without axe violations."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.models import CaseStatus, NeedStatus, PilotStage, ProposalStatus, Role
from tests.helpers.browser import assert_no_violations, enter_as
from tests.knowledge.conftest import build_case, build_pilot

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check_both_widths(page: Page) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert fits(page), page.url
        assert_no_violations(page)


def test_a_member_publishes_the_profile_and_a_visitor_follows_the_links(
    new_page, make_user, make_need, make_department, make_proposal, make_seed
) -> None:
    member = make_user(Role.MEMBER)
    organisation = member.organisation
    department = make_department(name="デジタル統括本部")
    need = make_need(department=department, status=NeedStatus.RESOLVED, title="窓口の待ち時間を減らしたい")
    need.published_at = datetime(2024, 6, 1, tzinfo=UTC)
    pilot = build_pilot(make_proposal(need, organisation, ProposalStatus.SELECTED), PilotStage.EVALUATED)
    case = build_case(pilot, CaseStatus.PUBLISHED, title="オンライン予約で待ち時間を半減")
    make_seed(organisation, title="予約システム")
    make_seed(organisation, is_public=False, title="開発中の非公開シーズ")
    db.session.commit()

    # off by default: the visitor gets no page, the case shows the name without a link
    visitor = new_page()
    assert visitor.goto(f"/organisations/{organisation.id}/profile").status == 404

    # the member ticks the box on the edit page
    company = new_page()
    company.set_viewport_size(PHONE)
    enter_as(company, member.email)
    company.goto(f"/organisations/{organisation.id}/edit")
    check_both_widths(company)
    company.get_by_label("実績ページを公開する", exact=False).check()
    company.get_by_role("button", name="保存する").click()
    expect(company.get_by_text("組織のプロフィールを保存しました。")).to_be_visible()

    # the visitor finds it from the case, sees only public records
    visitor.goto(f"/knowledge/{case.id}")
    visitor.get_by_role("link", name=organisation.name).click()
    expect(visitor.get_by_role("heading", name=f"{organisation.name} の実績")).to_be_visible()
    expect(visitor.get_by_role("link", name="オンライン予約で待ち時間を半減")).to_be_visible()
    expect(visitor.get_by_role("link", name="予約システム")).to_be_visible()
    expect(visitor.get_by_text("開発中の非公開シーズ")).to_have_count(0)
    check_both_widths(visitor)

    # …and the department page from the profile's case row
    visitor.set_viewport_size(DESKTOP)
    visitor.get_by_role("link", name="デジタル統括本部").click()
    expect(visitor.get_by_role("heading", name="デジタル統括本部", exact=True)).to_be_visible()
    expect(visitor.get_by_role("link", name="窓口の待ち時間を減らしたい")).to_be_visible()
    expect(visitor.get_by_role("row", name="令和6年度（FY2024） 1 1")).to_be_visible()
    check_both_widths(visitor)

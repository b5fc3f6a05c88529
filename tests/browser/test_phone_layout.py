"""Issue 15's phone check: at 390 × 844 no page is wider than the screen (lists become
stacked cards, wide tables scroll in their own box) and axe finds no WCAG 2.1 A/AA
violation, on the home page, the need list, a need, the registration form, the
dashboard and a pilot. One page load each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page

from hackplat.dashboard.strategy import seed_strategy
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import NeedStatus, ProposalStatus, Role
from tests.helpers.browser import assert_no_violations, enter_as
from tests.knowledge.conftest import build_pilot

PHONE = {"width": 390, "height": 844}
LONG_TITLE = (
    "子育て世帯向けの保育所入所申請をスマートフォンだけで完了できるようにしたい（書類の電子提出と審査状況の確認を含む）"
)


def phone_page(browser: Browser, live_server: str) -> Page:
    context = browser.new_context(base_url=live_server, locale="ja-JP", viewport=PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


def assert_fits_the_phone(page: Page, path: str) -> None:
    page.goto(path)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{path}: the page is {widths[0]} px wide on a {widths[1]} px screen"
    assert_no_violations(page)


@pytest.fixture
def world(make_need, make_organisation, make_proposal):
    seed_strategy()
    need = make_need(title=LONG_TITLE, deadline=japan_today() + timedelta(days=10))
    for n in range(3):
        make_need(title=f"窓口の待ち時間を短くしたい{n}", deadline=japan_today() + timedelta(days=20 + n))
    done = make_need(title="議事録の作成に時間がかかる", status=NeedStatus.PILOTING)
    proposal = make_proposal(done, make_organisation("株式会社みなとテック"), ProposalStatus.SELECTED)
    pilot = build_pilot(
        proposal, kpis=[("1時間の会議の議事録作成（職員）", 60.0, 12.5), ("住民票の写しの交付申請", 30.0, 20.0)]
    )
    db.session.commit()
    return need, pilot


def test_every_named_page_fits_a_phone_without_violations(browser, live_server, make_user, world) -> None:
    need, pilot = world
    visitor = phone_page(browser, live_server)
    for path in ("/", "/needs/", f"/needs/{need.id}", "/register"):
        assert_fits_the_phone(visitor, path)
    visitor.goto("/needs/")
    card = visitor.locator("table.need-table tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "block"  # a stacked card, not a row

    office = phone_page(browser, live_server)
    enter_as(office, make_user(Role.COORDINATOR).email)
    for path in ("/dashboard?cycle=2022", f"/pilots/{pilot.id}"):
        assert_fits_the_phone(office, path)
    box = office.locator(".table-scroll").filter(has=office.locator("table.pilot-kpi-table"))
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the wide table scrolls in its box

"""A pilot's year after FY2025, through the pages only: the department's staff plan this
fiscal year and add a KPI with its yearly count (hours saved shown beside the reduction);
the implementing organisation enters a measurement that the staff confirm; the
coordinator puts the case to consent and it is public once the organisation and the
department have both consented. Each page checked for WCAG 2.1 A/AA violations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.labels import fiscal_year_label
from hackplat.models import CaseStatus, NeedStatus, Pilot, PilotStage, ProposalStatus, Role
from tests.helpers.browser import assert_no_violations, sign_in
from tests.helpers.factories import PASSWORD
from tests.knowledge.conftest import build_case, build_pilot

COMPANY = "株式会社まどぐちラボ"


@dataclass
class World:
    pilot: Pilot
    case_id: int
    pages: dict[str, Page]


@pytest.fixture
def world(new_page, make_user, make_department, make_organisation, make_need, make_proposal) -> World:
    """An evaluated pilot of this fiscal year with a draft case, and a page per person."""
    department = make_department("市民局 窓口サービス課")
    company = make_organisation(COMPANY)
    need = make_need(department=department, status=NeedStatus.PILOTING, title="転入届の待ち時間を減らしたい")
    proposal = make_proposal(need, company, ProposalStatus.SELECTED)
    pilot = build_pilot(proposal, PilotStage.EVALUATED)  # since FY2024: its years run to this one
    case = build_case(pilot, CaseStatus.DRAFT, title="転入届の事前入力で待ち時間を短縮")
    people = {"office": make_user(Role.COORDINATOR), "city": make_user(Role.STAFF, department=department),
              "company": make_user(Role.MEMBER, organisation=company)}  # fmt: skip
    pages = {}
    for name, user in people.items():
        pages[name] = new_page()
        sign_in(pages[name], user.email, PASSWORD)
    return World(pilot, case.id, pages)


def plan_and_count(city: Page, pilot_url: str) -> None:
    city.goto(pilot_url)
    this_year = fiscal_year_label(fiscal_year_of(japan_today()))
    city.get_by_text(f"{this_year} の計画と実績を編集").click()
    edit = city.locator("details.pilot-milestone-edit", has_text=this_year)
    edit.get_by_label("計画").fill("2区の窓口で事前入力を案内する。")
    edit.get_by_role("button", name="保存する").click()
    expect(city.get_by_text("年度の計画と実績を保存しました。")).to_be_visible()
    city.get_by_label("手続の名前").fill("転入届の受付")
    city.get_by_label("試行前の所要時間（分）").fill("60")
    city.get_by_label("試行後の所要時間（分）").fill("45")
    city.get_by_label("年間件数（任意）").fill("１,２００")
    city.get_by_role("button", name="追加する").click()
    expect(city.locator(".pilot-overall")).to_contain_text("25.0%")
    expect(city.locator(".pilot-hours")).to_contain_text("300.0時間")  # (60 − 45) × 1,200 / 60
    assert_no_violations(city)


def measure_and_confirm(company: Page, city: Page, pilot_url: str) -> None:
    company.goto(pilot_url)
    company.get_by_label("手続", exact=True).select_option(label="転入届の受付")
    company.get_by_label("測定した所要時間（分）").fill("40")
    company.get_by_label("測定方法・備考（任意）").fill("30件を計測した平均。")
    company.get_by_role("button", name="登録する").click()
    expect(company.get_by_text("測定値を登録しました。")).to_be_visible()
    expect(company.locator(".pilot-overall")).to_contain_text("25.0%")  # not counted yet
    assert_no_violations(company)
    city.goto(pilot_url)
    assert_no_violations(city)  # with the measurement waiting
    city.get_by_role("button", name="確認して反映する").click()
    expect(city.get_by_text("測定値を確認し、時短率に反映しました。")).to_be_visible()
    expect(city.locator(".pilot-overall")).to_contain_text("33.3%")
    expect(city.locator(".pilot-hours")).to_contain_text("400.0時間")


def test_a_pilots_year_ends_in_a_consented_case(world: World, new_page) -> None:
    office, city, company = world.pages["office"], world.pages["city"], world.pages["company"]
    pilot_url = f"/pilots/{world.pilot.id}"
    plan_and_count(city, pilot_url)
    measure_and_confirm(company, city, pilot_url)

    case_url = f"/knowledge/{world.case_id}"
    office.goto(case_url)
    office.get_by_role("button", name="実施組織と担当部署に公開の同意を求める").click()
    expect(office.locator(".case-status")).to_have_text("同意待ち")
    assert_no_violations(office)
    for party, done in ((company, "同意しました。"), (city, "両方の同意がそろったため、事例を公開しました。")):
        party.goto(case_url)
        expect(party.get_by_text("この事例は同意待ちです。")).to_be_visible()
        assert_no_violations(party)
        party.get_by_role("button", name="この内容での公開に同意する").click()
        expect(party.get_by_text(done)).to_be_visible()
    visitor = new_page()
    visitor.goto("/knowledge/")
    expect(visitor.get_by_role("link", name="転入届の事前入力で待ち時間を短縮")).to_be_visible()

"""Issue 12's "done when": a whole programme year through the pages, along the walls it
was found by. A coordinator forms a working group from the matcher's suggestions on an
open need; the invited organisation, which never proposed, accepts and proposes inside
the group (Enter in 概算費用 saves the draft); the department shortlists it; two staff
evaluators score it and a third, who declared a conflict of interest, is told why he can
neither score nor select; selecting is refused while the call is open and allowed once
the department has closed it early with its reason; the pilot plans this fiscal year
(FY2026) and a KPI with a yearly count shows hours saved; the organisation's measurement
counts once the staff confirm it; the case waits for both consents and is then public;
/dashboard shows FY2026 with the hours saved. The pilot pages of the plan and of the
measurement are checked for WCAG 2.1 A/AA violations on the way.

This walk replaces the former test_pilot_year.py and test_pilot_flow.py, whose steps it
contains: a smartphone KPI short of its 75 % line, the case drafted from the KPIs and the
proposal, the public library's search and the case as the public reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from hackplat.dashboard.services import CycleDefinition, add_cycle
from hackplat.dashboard.strategy import seed_strategy
from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.labels import fiscal_year_label
from hackplat.matching import store
from hackplat.models import Role, User
from tests.browser.pilot_steps import (
    COMPANY,
    GROUP_NAME,
    NEED_TITLE,
    SEED_TITLE,
    accept_invitation,
    add_kpi,
    form_group_and_invite_from_suggestions,
    measure_and_confirm,
    score_company_proposal,
    signed_in,
)
from tests.helpers.browser import assert_no_violations

CASE_TITLE = "保育所の入所申請をスマートフォンで完結し窓口の待ち時間を短縮"


@dataclass
class World:
    office: User
    evaluators: tuple[User, User, User]  # two who score, one with a conflict of interest
    member: User


def plan_and_count(city: Page, pilot_url: str) -> None:
    city.goto(pilot_url)
    this_year = fiscal_year_label(fiscal_year_of(japan_today()))
    city.get_by_text(f"{this_year} の計画と実績を編集").click()
    edit = city.locator("details.pilot-milestone-edit", has_text=this_year)
    edit.get_by_label("計画").fill("2区の窓口で事前入力を案内する。")
    edit.get_by_role("button", name="保存する").click()
    expect(city.get_by_text("年度の計画と実績を保存しました。")).to_be_visible()
    add_kpi(city, "転入届の受付", "60", "45", yearly="１,２００")  # full-width digits, as typed on a city PC
    add_kpi(city, "スマートフォンからの転入届", "30", "12", smartphone=True)
    kpis = city.get_by_role("table", name="手続ごとの所要時間と時短率")
    counter = kpis.get_by_role("row").filter(has_text="転入届の受付")
    expect(counter).to_contain_text("25.0%")
    expect(counter.get_by_role("cell").nth(5)).to_have_text("300.0時間")  # (60 − 45) × 1,200 / 60
    expect(counter.get_by_role("cell").nth(6)).to_have_text("✓ 達成")  # the 25 % line
    expect(counter.get_by_role("cell").nth(7)).to_have_text("対象外")  # not a smartphone procedure
    phone = kpis.get_by_role("row").filter(has_text="スマートフォンからの転入届")
    expect(phone).to_contain_text("60.0%")
    expect(phone.get_by_role("cell").nth(7)).to_have_text("✗ 未達成")  # short of 75 %
    expect(city.locator(".pilot-overall")).to_contain_text("36.6%")  # (90 − 57) / 90
    expect(city.locator(".pilot-hours")).to_contain_text("300.0時間")
    assert_no_violations(city)


@pytest.fixture
def world(make_user, make_department, make_organisation, make_need, make_seed) -> World:
    """An open need of one department, a company's seed the matcher suggests for it (the
    company has proposed nothing), and the cycle FY2026–2029 as the demo defines it."""
    department = make_department("こども青少年局 保育対策課")
    make_need(
        department=department,
        title=NEED_TITLE,
        background="保育所の入所申請は、紙の申請書を区役所の窓口で受け付けている。",
        problem="申請書の記入と添付書類の確認に時間がかかり、保護者にも職員にも負担が大きい。",
        desired_outcome="スマートフォンから入所申請ができ、必要な書類を電子で提出できる仕組み。",
    )
    company = make_organisation(COMPANY)
    make_seed(organisation=company, title=SEED_TITLE,
              summary="保護者がスマホから保育所の入所申請と書類の提出を行える。",
              description="自治体向けの電子申請サービス。申請書の不備を自動で確認する。")  # fmt: skip
    store.rebuild()
    seed_strategy()
    add_cycle(CycleDefinition(2026, "例示の目標値"), actor=make_user(Role.ADMIN))
    db.session.commit()
    evaluators = tuple(make_user(Role.STAFF, department=department) for _ in range(3))
    return World(make_user(Role.COORDINATOR), evaluators, make_user(Role.MEMBER, organisation=company))


def propose_inside_the_group(company: Page) -> str:
    """The invited company proposes from its seed; Enter in 概算費用 saves the draft
    (not 「シーズの内容を読み込む」); it submits after the preview. Returns the proposal's path."""
    company.get_by_role("link", name=NEED_TITLE).first.click()  # the group page links its need
    company.get_by_role("link", name="この課題に提案する").click()
    company.get_by_label("元にするシーズ").select_option(label=SEED_TITLE)
    company.get_by_label("提案の概要").fill("オンライン申請フォームとAI-OCRで入所申請を電子化します。")
    company.get_by_label("実施方法").fill("2区で3か月試行し、窓口の受付時間を計測します。")
    company.get_by_label("概算費用").fill("初期費用50万円、月額5万円")
    company.get_by_label("概算費用").press("Enter")
    expect(company.get_by_text("提案を下書きとして保存しました。")).to_be_visible()
    expect(company.get_by_text("月額5万円")).to_be_visible()  # saved, nothing typed lost
    company.get_by_role("button", name="提出する").click()
    expect(company.locator(".proposal-preview")).to_contain_text("AI-OCR")
    company.get_by_role("button", name="この内容で提出する").click()
    expect(company.get_by_text("提案を提出しました。")).to_be_visible()
    return company.url.removeprefix(company.url.split("/proposals/")[0])


def evaluate(world: World, new_page, proposal_path: str) -> list[Page]:
    """The department shortlists; the conflicted evaluator declares and is told why he is
    out; the other two score."""
    pages = [signed_in(new_page, evaluator) for evaluator in world.evaluators]
    first, second, conflicted = pages
    first.goto(proposal_path)
    first.get_by_role("button", name="選考対象にする").click()
    expect(first.get_by_text("提案を選考対象にしました。")).to_be_visible()
    conflicted.goto(proposal_path)
    conflicted.get_by_role("link", name="この提案を評価する・評価を見る").click()
    conflicted.get_by_label("利益相反があります（この提案の評価には加わりません）").check()
    conflicted.get_by_role("button", name="申告する").click()
    expect(conflicted.get_by_text("利益相反を申告しました。この提案の評価には加わりません。")).to_be_visible()
    expect(conflicted.get_by_text("この提案については利益相反を申告しています。")).to_be_visible()
    expect(conflicted.get_by_role("button", name="評価を提出する")).to_have_count(0)
    for page, marks, comment in ((first, ("4", "4", "4", "5"), "窓口の負担軽減に直結する。"),
                                 (second, ("5", "4", "3", "4"), "他区への展開も見込める。")):  # fmt: skip
        page.goto("/needs/mine")  # 担当する課題
        score_company_proposal(page, marks, comment)
    return pages


def select_after_the_call(office: Page, city: Page, conflicted: Page, proposal_path: str) -> None:
    """Refused while the call is open (and, whatever the call, to the conflicted
    evaluator); allowed once the department has closed the call early with its reason."""
    conflicted.get_by_role("link", name="この課題の評価一覧へ").click()
    conflicted.wait_for_url("**/evaluations/need/*")
    ranking_url = conflicted.url
    expect(conflicted.get_by_role("table", name="選考対象の提案の評価")).to_contain_text(COMPANY)
    expect(conflicted.get_by_role("link", name="採択する")).to_have_count(0)  # not offered to him
    proposal_id = proposal_path.rsplit("/", 1)[1]
    conflicted.goto(f"/evaluations/proposal/{proposal_id}/select")  # the selection page, from a link kept
    expect(conflicted.get_by_role("alert")).to_contain_text("利益相反を申告しているため")
    expect(conflicted.get_by_role("button", name="採択を確定する")).to_have_count(0)
    office.goto(ranking_url)
    row = office.get_by_role("table", name="選考対象の提案の評価").get_by_role("row").filter(has_text=COMPANY)
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")  # two evaluations (the scores: blind to him)
    row.get_by_role("link", name="採択する").click()
    expect(office.get_by_role("alert")).to_be_visible()  # the call is still open
    expect(office.get_by_role("button", name="採択を確定する")).to_have_count(0)
    city.get_by_role("link", name=NEED_TITLE).first.click()
    city.get_by_label("募集を締め切る理由").fill("招待した組織の提案がそろい、選考に進むため。")
    city.get_by_role("button", name="募集を締め切る").click()
    expect(city.get_by_text("提案の募集を締め切りました。")).to_be_visible()
    office.reload()
    office.get_by_role("button", name="採択を確定する").click()
    expect(office.get_by_text(f"{COMPANY} の提案を採択しました。")).to_be_visible()


def pilot_from_selection(office: Page) -> str:
    office.get_by_role("link", name="提案を開く（試行プロジェクトへ）").click()
    office.get_by_role("link", name="この提案から試行プロジェクトを作成").click()
    office.get_by_role("button", name="作成する").click()
    expect(office.get_by_text("試行プロジェクトを作成しました。")).to_be_visible()
    change_stage(office, "試行実施", "2区の窓口で試行を始めた。")
    return office.url.removeprefix(office.url.split("/pilots/")[0]).split("#")[0]


def change_stage(office: Page, stage: str, reason: str) -> None:
    office.get_by_label("新しい段階").select_option(label=stage)
    office.get_by_label("理由（中止する場合は必須）").fill(reason)
    office.get_by_role("button", name="段階を変更する").click()
    expect(office.get_by_text(f"段階を「{stage}」に変更しました。")).to_be_visible()


def case_after_both_consents(office: Page, company: Page, city: Page, new_page) -> None:
    office.get_by_role("link", name="事例集").click()
    office.get_by_role("link", name="試行から事例を作成").click()
    office.get_by_role("table", name="事例にできる試行").get_by_role("link").first.click()
    office.get_by_role("button", name="下書きを作成").click()
    expect(office.get_by_label("成果")).to_contain_text("33.3%短縮")  # the KPIs, copied
    expect(office.get_by_label("解決策")).to_contain_text("AI-OCR")  # the proposal, copied
    office.get_by_label("タイトル").fill(CASE_TITLE)
    office.get_by_role("button", name="保存する").click()
    office.get_by_role("button", name="実施組織と担当部署に公開の同意を求める").click()
    expect(office.locator(".case-status")).to_have_text("同意待ち")
    case_url = office.url
    visitor = new_page()
    visitor.goto("/knowledge/")
    expect(visitor.get_by_role("link", name=CASE_TITLE)).to_have_count(0)  # not public while it waits
    for party, done in ((company, "同意しました。"), (city, "両方の同意がそろったため、事例を公開しました。")):
        party.goto(case_url)
        expect(party.get_by_text("この事例は同意待ちです。")).to_be_visible()
        party.get_by_role("button", name="この内容での公開に同意する").click()
        expect(party.get_by_text(done)).to_be_visible()
    find_case_in_library(visitor)


def find_case_in_library(visitor: Page) -> None:
    """The signed-out visitor searches the public library and reads the case."""
    visitor.goto("/knowledge/")
    visitor.get_by_label("キーワード").fill("入所申請")
    visitor.get_by_role("button", name="検索").click()
    assert_no_violations(visitor)  # the public library, with a search
    visitor.get_by_role("link", name=CASE_TITLE).click()
    expect(visitor.get_by_role("heading", level=1, name=CASE_TITLE)).to_be_visible()
    expect(visitor.get_by_text(COMPANY)).to_be_visible()
    expect(visitor.get_by_text("転入届の受付: 60分 → 40分（33.3%短縮）")).to_be_visible()
    expect(visitor.get_by_role("button", name="この内容での公開に同意する")).to_have_count(0)
    assert_no_violations(visitor)  # the case page, as the public sees it


def test_a_programme_year_from_suggestions_to_a_public_case(new_page, world: World) -> None:
    office = signed_in(new_page, world.office)
    form_group_and_invite_from_suggestions(office)
    company = signed_in(new_page, world.member)
    accept_invitation(company)
    expect(company.get_by_role("heading", level=1, name=GROUP_NAME)).to_be_visible()
    proposal_path = propose_inside_the_group(company)

    city, _second, conflicted = evaluate(world, new_page, proposal_path)
    select_after_the_call(office, city, conflicted, proposal_path)
    pilot_url = pilot_from_selection(office)
    plan_and_count(city, pilot_url)  # this fiscal year's plan; a KPI of 1,200 a year: 300.0時間
    measure_and_confirm(company, city, pilot_url, "転入届の受付", ("36.6%", "42.2%"))  # 400.0時間 once confirmed
    office.goto(pilot_url)
    change_stage(office, "効果検証済み", "3か月の計測を終えた。")
    case_after_both_consents(office, company, city, new_page)

    office.goto("/dashboard")
    expect(office.locator(".lead")).to_contain_text("令和8年度（FY2026）")
    expect(office.locator(".dashboard-hours")).to_contain_text("400.0時間（1件の試行の合計）")

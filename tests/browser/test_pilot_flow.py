"""From a need to a published case, through the pages only: a coordinator forms a
working group and invites an organisation the matcher suggests; its member accepts; the
need's staff and the coordinator score the shortlisted proposal; selecting it is refused
while the call is open, the department closes the call early, and it is selected; it becomes a
pilot that runs, is evaluated and gets its KPIs (one with a yearly count: hours saved);
the company enters a measurement that the department's staff confirm; the coordinator
puts a case to consent,
the company's member and the department's staff consent, and a signed-out visitor finds
it in the public library."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from hackplat.matching import store
from hackplat.models import ProposalStatus, Role, User
from tests.helpers.browser import assert_no_violations, sign_in
from tests.helpers.factories import PASSWORD

NEED_TITLE = "保育所の入所申請をスマートフォンで完結したい"
GROUP_NAME = "保育所入所申請オンライン化ワーキンググループ"
SEED_TITLE = "保育園の入園申込をスマホで完結するサービス"
COMPANY = "株式会社すくすくテック"
CASE_TITLE = "保育所の入所申請をオンライン化し窓口の待ち時間を短縮"


@dataclass
class World:
    coordinator: User
    staff: User
    member: User


@pytest.fixture
def world(make_user, make_department, make_organisation, make_need, make_seed, make_proposal) -> World:
    """A need open for proposals, two shortlisted proposals to it, and the company's seed
    that the matcher suggests for the need (the ranking rebuilt)."""
    department = make_department("こども青少年局 保育対策課")
    need = make_need(
        department=department,
        title=NEED_TITLE,
        background="保育所の入所申請は、紙の申請書を区役所の窓口で受け付けている。",
        problem="申請書の記入と添付書類の確認に時間がかかり、保護者にも職員にも負担が大きい。",
        desired_outcome="スマートフォンから入所申請ができ、必要な書類を電子で提出できる仕組み。",
    )
    company = make_organisation(COMPANY)
    make_seed(
        organisation=company,
        title=SEED_TITLE,
        summary="保護者がスマホから保育所の入所申請と書類の提出を行える。",
        description="自治体向けの電子申請サービス。申請書の不備を自動で確認する。",
    )
    make_proposal(need, company, ProposalStatus.SHORTLISTED,
                  summary="オンライン申請フォームとAI-OCRで入所申請を電子化します。",
                  approach="2区で3か月試行し、窓口の受付時間を計測します。")  # fmt: skip
    make_proposal(need, make_organisation("株式会社ほいくラボ"), ProposalStatus.SUBMITTED)
    store.rebuild()
    return World(
        coordinator=make_user(Role.COORDINATOR),
        staff=make_user(Role.STAFF, department=department),
        member=make_user(Role.MEMBER, organisation=company),
    )


def signed_in(new_page, user: User) -> Page:
    page = new_page()
    sign_in(page, user.email, PASSWORD)
    return page


def form_group_and_invite_from_suggestions(office: Page) -> None:
    office.goto("/needs/")
    office.get_by_role("link", name=NEED_TITLE).click()
    office.get_by_role("link", name="ワーキンググループを結成する").click()
    office.get_by_label("グループ名").fill(GROUP_NAME)
    office.get_by_label("目的").fill("入所申請のオンライン化の進め方を検討し、試行する提案を決める。")
    office.get_by_role("button", name="結成する").click()
    expect(office.get_by_role("heading", level=1, name=GROUP_NAME)).to_be_visible()
    suggestions = office.get_by_role("table", name="この課題に合うシーズ")
    suggestion = suggestions.get_by_role("row").filter(has_text=SEED_TITLE)
    suggestion.get_by_role("button", name="招待する").click()
    expect(office.get_by_text(f"{COMPANY} を招待しました。")).to_be_visible()
    members = office.get_by_role("table", name="招待した組織と回答")
    invited = members.get_by_role("row").filter(has_text=COMPANY)
    expect(invited.get_by_role("cell").nth(1)).to_have_text("招待中")
    expect(invited.get_by_role("cell").nth(2)).to_have_text("マッチングの候補")
    assert_no_violations(office)  # the group page, as its coordinator sees it


def accept_invitation(company: Page) -> None:
    company.get_by_role("link", name="ワーキンググループ").first.click()
    company.get_by_role("region", name="回答を待っている招待").get_by_role("link", name=GROUP_NAME).click()
    company.get_by_role("button", name="参加する").click()
    expect(company.get_by_text("ワーキンググループへの参加を承諾しました。")).to_be_visible()
    expect(company.get_by_role("heading", name="活動記録")).to_be_visible()
    assert_no_violations(company)  # the group page, as an accepted member sees it


def score_company_proposal(
    evaluator: Page, marks: tuple[str, str, str, str], comment: str, *, axe: bool = False
) -> None:
    """From a link to the need, by its page to the company's evaluation page: declare, then score."""
    evaluator.get_by_role("link", name=NEED_TITLE).click()
    evaluator.get_by_role("link", name="この課題への提案を見る").click()
    evaluator.get_by_role("link", name="選考対象の提案の評価と順位").click()
    evaluator.get_by_role("link", name=COMPANY, exact=True).click()
    evaluator.get_by_label("この提案の提案者との間に利益相反はありません").check()
    evaluator.get_by_role("button", name="申告する").click()
    expect(evaluator.get_by_text("利益相反がないことを申告しました。")).to_be_visible()
    for criterion, mark in zip(("課題適合性", "実現可能性", "費用対効果", "横展開可能性"), marks, strict=True):
        evaluator.get_by_role("group", name=criterion).get_by_label(f"{mark} — ").check()  # "4 — 良い（…）"
    evaluator.get_by_label("コメント").fill(comment)
    if axe:
        assert_no_violations(evaluator)  # the evaluation page, with the rubric's radio groups
    evaluator.get_by_role("button", name="評価を提出する").click()
    expect(evaluator.get_by_text("評価を提出しました。")).to_be_visible()


def select_from_ranking(office: Page, city: Page) -> None:
    """Selection waits for the end of the call: refused while it is open, confirmed once
    the department has closed it early (with its reason)."""
    office.get_by_role("link", name="この課題の評価一覧へ").click()
    ranking_url = office.url
    ranking = office.get_by_role("table", name="選考対象の提案の評価")
    company_row = ranking.get_by_role("row").filter(has_text=COMPANY)
    expect(company_row.get_by_role("cell").first).to_have_text("1")
    expect(company_row).to_contain_text("16.50")  # (17 + 16) / 2 of 20
    company_row.get_by_role("link", name="採択する").click()
    expect(office.get_by_role("alert")).to_be_visible()  # the call is still open: the reason, no button
    expect(office.get_by_role("button", name="採択を確定する")).to_have_count(0)
    assert_no_violations(office)  # the refused confirmation
    city.get_by_role("link", name=NEED_TITLE).first.click()
    city.get_by_label("募集を締め切る理由").fill("2者の提案がそろい、選考に進むため。")
    city.get_by_role("button", name="募集を締め切る").click()
    expect(city.get_by_text("提案の募集を締め切りました。提案した組織に知らせました。")).to_be_visible()
    office.reload()
    office.get_by_role("button", name="採択を確定する").click()
    expect(office.get_by_text(f"{COMPANY} の提案を採択しました。")).to_be_visible()
    office.goto(ranking_url)
    expect(company_row.get_by_role("cell").last).to_contain_text("採択")
    assert_no_violations(office)  # the ranked table


def create_pilot_and_measure(office: Page) -> None:
    office.get_by_role("link", name="提案を開く（試行プロジェクトへ）").click()  # from the ranked table's 採択 cell
    office.get_by_role("link", name="この提案から試行プロジェクトを作成").click()
    expect(office.get_by_label("タイトル")).not_to_be_empty()
    office.get_by_role("button", name="作成する").click()
    expect(office.get_by_text("試行プロジェクトを作成しました。")).to_be_visible()
    for stage, reason in (("試行実施", "2区の窓口で試行を始めた。"), ("効果検証済み", "3か月の計測を終えた。")):
        office.get_by_label("新しい段階").select_option(label=stage)
        office.get_by_label("理由（中止する場合は必須）").fill(reason)
        office.get_by_role("button", name="段階を変更する").click()
        expect(office.get_by_text(f"段階を「{stage}」に変更しました。")).to_be_visible()
    add_kpi(office, "窓口での入所申請の受付", "60", "45", yearly="1,200")
    add_kpi(office, "スマートフォンからの入所申請", "30", "12", smartphone=True)
    kpis = office.get_by_role("table", name="手続ごとの所要時間と時短率")
    counter = kpis.get_by_role("row").filter(has_text="窓口での入所申請の受付")
    expect(counter).to_contain_text("25.0%")
    expect(counter.get_by_role("cell").nth(5)).to_have_text("300.0時間")  # (60 − 45) × 1,200 / 60
    expect(counter.get_by_role("cell").nth(6)).to_have_text("✓ 達成")  # the 25 % line
    expect(counter.get_by_role("cell").nth(7)).to_have_text("対象外")  # not a smartphone procedure
    phone = kpis.get_by_role("row").filter(has_text="スマートフォンからの入所申請")
    expect(phone).to_contain_text("60.0%")
    expect(phone.get_by_role("cell").nth(7)).to_have_text("✗ 未達成")  # short of 75 %
    expect(office.locator(".pilot-overall")).to_contain_text("36.6%")  # (90 − 57) / 90
    expect(office.locator(".pilot-hours")).to_contain_text("300.0時間")
    assert_no_violations(office)  # the pilot page, with its forms and KPI table


def measure_and_confirm(company: Page, city: Page, pilot_url: str, procedure: str, reduction: tuple[str, str]) -> None:
    """The company measures 40 minutes for ``procedure`` (its KPI: 60 before, 1,200 a
    year); it counts once the department confirms it: the reduction shown goes from
    ``reduction[0]`` to ``reduction[1]`` and the hours saved to (60 − 40) × 1,200 / 60."""
    company.goto(pilot_url)
    company.get_by_label("手続", exact=True).select_option(label=procedure)
    company.get_by_label("測定した所要時間（分）").fill("40")
    company.get_by_label("測定方法・備考（任意）").fill("2区の窓口で30件を計測した平均。")
    company.get_by_role("button", name="登録する").click()
    expect(company.get_by_text("測定値を登録しました。")).to_be_visible()
    expect(company.locator(".pilot-overall")).to_contain_text(reduction[0])  # not counted yet
    assert_no_violations(company)  # the pilot page, as the implementing organisation sees it
    city.goto(pilot_url)
    assert_no_violations(city)  # with the measurement waiting
    city.get_by_role("button", name="確認して反映する").click()
    expect(city.get_by_text("測定値を確認し、時短率に反映しました。")).to_be_visible()
    expect(city.locator(".pilot-overall")).to_contain_text(reduction[1])
    expect(city.locator(".pilot-hours")).to_contain_text("400.0時間")


def add_kpi(office: Page, procedure: str, before: str, after: str, *, smartphone: bool = False,
            yearly: str = "") -> None:  # fmt: skip
    office.get_by_label("手続の名前").fill(procedure)
    office.get_by_label("スマートフォンで行う手続").set_checked(smartphone)
    office.get_by_label("試行前の所要時間（分）").fill(before)
    office.get_by_label("試行後の所要時間（分）").fill(after)
    office.get_by_label("年間件数（任意）").fill(yearly)
    office.get_by_role("button", name="追加する").click()
    expect(office.get_by_text("指標を追加しました。")).to_be_visible()


def draft_and_publish_case(office: Page, company: Page, city: Page) -> None:
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
    for party, done in ((company, "同意しました。"), (city, "両方の同意がそろったため、事例を公開しました。")):
        party.goto(case_url)
        expect(party.get_by_text("この事例は同意待ちです。")).to_be_visible()
        assert_no_violations(party)  # the case page, as a consenting party sees it
        party.get_by_role("button", name="この内容での公開に同意する").click()
        expect(party.get_by_text(done)).to_be_visible()
    office.reload()
    expect(office.locator(".case-status")).to_have_text("公開中")


def find_case_in_library(visitor: Page) -> None:
    visitor.goto("/")
    visitor.get_by_role("link", name="事例集").click()
    visitor.get_by_label("キーワード").fill("入所申請")
    visitor.get_by_role("button", name="検索").click()
    assert_no_violations(visitor)  # the public library, with a search
    visitor.get_by_role("link", name=CASE_TITLE).click()
    expect(visitor.get_by_role("heading", level=1, name=CASE_TITLE)).to_be_visible()
    expect(visitor.get_by_text(COMPANY)).to_be_visible()
    expect(visitor.get_by_text("窓口での入所申請の受付: 60分 → 40分（33.3%短縮）")).to_be_visible()
    expect(visitor.get_by_role("button", name="この内容での公開に同意する")).to_have_count(0)
    assert_no_violations(visitor)  # the case page, as the public sees it


def test_need_to_published_case(new_page, world: World) -> None:
    office = signed_in(new_page, world.coordinator)
    form_group_and_invite_from_suggestions(office)

    company = signed_in(new_page, world.member)
    accept_invitation(company)
    office.reload()
    members = office.get_by_role("table", name="招待した組織と回答")
    expect(members.get_by_role("row").filter(has_text=COMPANY).get_by_role("cell").nth(1)).to_have_text("参加")
    office.get_by_role("button", name="活動を始める").click()
    expect(office.get_by_text("ワーキンググループの活動を始めました。")).to_be_visible()

    city = signed_in(new_page, world.staff)
    city.get_by_role("link", name="担当する課題").click()  # from the page after signing in
    score_company_proposal(city, ("4", "4", "4", "5"), "窓口の負担軽減に直結する。", axe=True)
    assert_no_violations(city)  # the evaluation page, after scoring
    score_company_proposal(office, ("5", "4", "3", "4"), "他区への展開も見込める。")  # from the group page
    select_from_ranking(office, city)
    create_pilot_and_measure(office)
    measure_and_confirm(company, city, office.url.split("#")[0], "窓口での入所申請の受付", ("36.6%", "42.2%"))
    draft_and_publish_case(office, company, city)
    assert_no_violations(office)  # the case page, as its editor sees it

    find_case_in_library(new_page())

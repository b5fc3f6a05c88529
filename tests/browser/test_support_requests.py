"""Support requests in the browser (#17 item 1): a ward that types what another ward has
already asked is warned and joins instead (on a phone); a request is opened by a
department, triaged by the office, and followed down its path to the end.

``open_and_triage`` is the shared start of every path's walk: the department opens the
request, the office triages it; each path's test goes on from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.matching import store
from hackplat.models import (
    DepartmentKind,
    NeedStatus,
    Pilot,
    PilotStage,
    PilotStageChange,
    ProposalStatus,
    Role,
    User,
)
from tests.helpers.browser import assert_no_violations, enter_as

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
#: The radio labels of the triage form, by path.
PATHS = {
    "analysis": "業務分析支援（何が課題か分からない）",
    "need": "課題の募集（課題は見えたけど解決策が分からない）",
    "search": "事業者探し（事業者がみつからない）",
    "project": "プロジェクト管理支援（プロジェクトがうまく進まない）",
}


@dataclass
class Walk:
    department: Page  # the requesting staff, signed in
    office: Page  # the coordinator, signed in, on the request's page
    request_path: str  # /support/<id>


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_request(page: Page, title: str, situation: str) -> None:
    page.goto("/support/new")
    page.get_by_label("件名").fill(title)
    page.get_by_label("今起きていること").fill(situation)
    page.get_by_role("button", name="確認する").click()


def open_and_triage(new_page, staff: User, coordinator: User, path: str, title: str, situation: str) -> Walk:
    """The department opens a request (nothing similar exists, so it is saved at once) and
    the office triages it to ``path``."""
    department = new_page()
    enter_as(department, staff.email)
    open_request(department, title, situation)
    expect(department.get_by_text("支援の依頼を送りました")).to_be_visible()
    request_path = department.url.split(department.url.split("/support/")[0], 1)[1]
    office = new_page()
    enter_as(office, coordinator.email)
    office.goto(request_path)
    office.get_by_label(PATHS[path]).check()
    office.get_by_label("この方法を選んだ理由").fill("支援の方法の理由")
    office.get_by_role("button", name="この方法に振り分ける").click()
    expect(office.get_by_text("支援の方法を決めました")).to_be_visible()
    return Walk(department, office, request_path)


def test_a_ward_is_warned_of_the_same_request_from_another_ward_and_joins_it(
    new_page, make_user, make_department
) -> None:
    nishi = make_user(Role.STAFF, department=make_department("西区", DepartmentKind.WARD))
    kohoku = make_user(Role.STAFF, department=make_department("港北区", DepartmentKind.WARD))
    first = new_page()
    enter_as(first, nishi.email)
    open_request(first, "保育園の入園申請の問い合わせが窓口に集中している",
                 "毎年1月の入園申請の時期に、保護者からの問い合わせが窓口と電話に集中し、審査が遅れる。")  # fmt: skip
    expect(first.get_by_text("支援の依頼を送りました")).to_be_visible()

    ward = new_page()
    ward.set_viewport_size(PHONE)
    enter_as(ward, kohoku.email)
    typed = "入園申請の時期になると保護者の問い合わせが窓口に集中して、審査が進まない。"
    open_request(ward, "保育園の入園申請の問い合わせ対応", typed)
    expect(ward.get_by_text("西区から同じような依頼が出ています。参加しますか？")).to_be_visible()
    expect(ward.get_by_text(typed)).to_be_visible()  # what was typed is shown and kept
    assert fits(ward)
    assert_no_violations(ward)
    ward.get_by_role("button", name="戻って書き直す").click()
    expect(ward.get_by_label("今起きていること")).to_have_value(typed)
    ward.get_by_role("button", name="確認する").click()
    ward.get_by_role("button", name="この依頼に参加する").click()
    expect(ward.get_by_text("この依頼に参加しました")).to_be_visible()
    expect(ward.locator("#joined").locator("..").get_by_text(typed)).to_be_visible()
    assert fits(ward)

    first.goto("/support/")
    expect(first.get_by_text("（他1部署が参加）")).to_be_visible()


def test_the_need_path_ends_in_a_drafted_need(new_page, make_user, make_department, themes) -> None:
    staff = make_user(Role.STAFF, department=make_department("資源循環局 家庭系対策課"))
    walk = open_and_triage(new_page, staff, make_user(Role.COORDINATOR), "need",
                           "集積所のごみの出し方のルール違反が減らない", "分別されていないごみが集積所に残る。")  # fmt: skip
    page = walk.department
    page.set_viewport_size(DESKTOP)
    page.goto(walk.request_path)
    expect(page.get_by_text("依頼から課題を下書きし、提案を募集します。")).to_be_visible()
    assert_no_violations(page)
    page.get_by_role("button", name="課題を下書きする").click()
    expect(page.get_by_text("課題を下書きしました")).to_be_visible()
    expect(page.locator(".facts").get_by_text("完了", exact=True)).to_be_visible()
    page.get_by_role("link", name="集積所のごみの出し方のルール違反が減らない").click()
    expect(page.get_by_text("分別されていないごみが集積所に残る。")).to_be_visible()  # the need's 現状


def test_the_analysis_path_records_the_contractor_and_findings_then_drafts_a_need(
    new_page, make_user, make_department, themes
) -> None:
    staff = make_user(Role.STAFF, department=make_department("市民局 窓口サービス課"))
    walk = open_and_triage(new_page, staff, make_user(Role.COORDINATOR), "analysis",
                           "区役所への電話の問い合わせが減らない", "何の問い合わせが多いのか分からない。")  # fmt: skip
    office = walk.office
    office.set_viewport_size(PHONE)
    office.get_by_label("委託先").fill("株式会社よこはま業務分析")
    office.get_by_label("分析の期限").fill("2030-03-31")
    office.get_by_role("button", name="委託先と期限を記録する").click()
    expect(office.get_by_text("業務分析の委託先と期限を記録しました")).to_be_visible()
    findings = "問い合わせの6割が証明書の郵送請求の方法に関するもの。"
    office.get_by_label("分析結果（見えてきた課題）").fill(findings)
    assert fits(office)
    assert_no_violations(office)
    office.get_by_role("button", name="分析結果を記録する").click()
    office.get_by_role("button", name="課題を下書きする").click()
    expect(office.get_by_text("課題を下書きしました")).to_be_visible()

    page = walk.department
    page.set_viewport_size(PHONE)
    page.goto("/support/")
    expect(page.get_by_text("完了", exact=True)).to_be_visible()
    page.get_by_role("link", name="区役所への電話の問い合わせが減らない").click()
    expect(page.get_by_text(findings)).to_be_visible()
    assert fits(page)
    assert_no_violations(page)


# --- the search and project paths (#17 item 1, paths) ---


def test_the_search_path_ends_in_an_invitation_the_member_sees_on_home(
    new_page, make_user, make_department, make_need, make_organisation, make_seed
) -> None:
    staff = make_user(Role.STAFF, department=make_department("健康福祉局 高齢健康福祉課"))
    need = make_need(department=staff.department, title="一人暮らしの高齢者の見守りを強化したい",
                     background="一人暮らしの高齢者の異変に、地域の見守りだけでは気づくのが遅れる。",
                     problem="訪問の回数には限りがあり、センサーで生活の異変を知らせる仕組みがない。")  # fmt: skip
    company = make_organisation("株式会社ケアリンク")
    member = make_user(Role.MEMBER, organisation=company)
    make_seed(organisation=company, title="ドアセンサーと人感センサーによる独居高齢者の異常通知",
              summary="一人暮らしの高齢者の生活の異変をセンサーで検知し、家族と地域に知らせる。",
              description="見守りの訪問を補う、設置の簡単なセンサー。")  # fmt: skip
    store.rebuild()
    walk = open_and_triage(new_page, staff, make_user(Role.COORDINATOR), "search",
                           "見守り機器の事業者がみつからない", "見守りセンサーを扱う事業者がみつからない。")  # fmt: skip
    office = walk.office
    office.get_by_role("link", name="事業者を探して招待する").click()
    office.get_by_label("事業者を探す課題").select_option(label=need.title)
    office.get_by_role("button", name="この課題で探す").click()
    expect(office.get_by_text("事業者を探す課題を選びました。")).to_be_visible()
    assert_no_violations(office)
    suggestion = office.get_by_role("listitem").filter(has_text="ドアセンサーと人感センサー")
    suggestion.get_by_role("button", name="招待する").click()
    expect(office.get_by_text("株式会社ケアリンク を招待しました。")).to_be_visible()
    office.set_viewport_size(PHONE)
    assert fits(office)
    office.get_by_role("button", name="検索を終了する").click()  # no note: refused, on the same page
    expect(office.get_by_text("入力してください。")).to_be_visible()
    office.get_by_label("検索の結果").fill("ケアリンクを招待した。回答を待つ。")
    office.get_by_role("button", name="検索を終了する").click()
    expect(office.get_by_text("検索を終了しました。支援依頼は完了です。")).to_be_visible()
    expect(office.locator(".facts").get_by_text("完了", exact=True)).to_be_visible()
    assert fits(office)
    assert_no_violations(office)

    department = walk.department  # the department sees whom the office invited, and the answer
    department.set_viewport_size(DESKTOP)
    department.goto(walk.request_path)
    expect(department.locator("#path-search").locator("..").get_by_text("招待中")).to_be_visible()
    assert_no_violations(department)

    home = new_page()
    home.set_viewport_size(PHONE)
    enter_as(home, member.email)
    home.goto("/home")
    expect(home.get_by_text("回答を待っているワーキンググループへの招待")).to_be_visible()
    expect(home.get_by_text(f"{need.title} のワーキンググループ")).to_be_visible()
    assert fits(home)
    assert_no_violations(home)


def test_the_project_path_records_check_ins_and_closes(new_page, make_user, make_department, make_need,
                                                        make_organisation, make_proposal) -> None:  # fmt: skip
    staff = make_user(Role.STAFF, department=make_department("みどり環境局"))
    need = make_need(department=staff.department, status=NeedStatus.PILOTING, title="公園施設の予約をスマホで")
    company = make_organisation("横浜北部ICT事業協同組合")
    proposal = make_proposal(need, company, ProposalStatus.SELECTED)
    today = japan_today()
    pilot = Pilot(proposal=proposal, need=need, department_id=staff.department_id, organisation_id=company.id,
                  title="公園施設のスマホ予約とスマートロック", stage=PilotStage.RUNNING, stage_changed_on=today)  # fmt: skip
    pilot.stage_changes.append(PilotStageChange(to_stage=PilotStage.RUNNING, changed_on=today))
    db.session.add(pilot)
    db.session.commit()
    walk = open_and_triage(new_page, staff, make_user(Role.COORDINATOR), "project",
                           "スマートロックの設置が進まない", "工事の日程が決まらない。")  # fmt: skip
    office = walk.office
    office.get_by_role("link", name="プロジェクト管理支援のページへ").click()
    office.get_by_label("支援する試行プロジェクト").select_option(label=pilot.title)
    office.get_by_label("支援の目標").fill("年度内に3公園で試行を始める。")
    office.get_by_role("button", name="支援を始める").click()
    expect(office.get_by_text("プロジェクト管理支援を始めました。")).to_be_visible()

    department = walk.department  # the department checks in, on a phone
    department.set_viewport_size(PHONE)
    department.goto(walk.request_path.rstrip("/") + "/project")
    department.get_by_label("状況").select_option(label="注意")
    department.get_by_label("確認したこと").fill("工事の日程が利用予約と重なっている。")
    department.get_by_label("次の対応").fill("平日の午前に工事を寄せる。")
    department.get_by_role("button", name="記録する").click()
    expect(department.get_by_text("記録を追加しました。")).to_be_visible()
    expect(department.get_by_text("工事の日程が利用予約と重なっている。")).to_be_visible()
    assert fits(department)
    assert_no_violations(department)

    office.reload()
    office.get_by_label("支援のまとめ").fill("工事の日程を調整し、3公園で試行を始めた。")
    office.get_by_role("button", name="支援を終了する").click()
    expect(office.get_by_text("プロジェクト管理支援を終了しました。支援依頼は完了です。")).to_be_visible()
    expect(office.locator(".facts").get_by_text("完了", exact=True)).to_be_visible()
    office.goto(f"/pilots/{pilot.id}")
    panel = office.locator("#project-support-panel")
    expect(panel.get_by_text("工事の日程が利用予約と重なっている。")).to_be_visible()
    expect(panel.get_by_text("工事の日程を調整し、3公園で試行を始めた。")).to_be_visible()
    assert_no_violations(office)

"""Steps of the browser walks from a need to a public case (test_programme_year.py),
shared so that each walk reads as its story."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hackplat.models import User
from tests.helpers.browser import assert_no_violations, enter_as

NEED_TITLE = "保育所の入所申請をスマートフォンで完結したい"
GROUP_NAME = "保育所入所申請オンライン化ワーキンググループ"
SEED_TITLE = "保育園の入園申込をスマホで完結するサービス"
COMPANY = "株式会社すくすくテック"


def signed_in(new_page, user: User) -> Page:
    page = new_page()
    enter_as(page, user.email)
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

"""What a new draft copies from its pilot: the need, the solution, the organisation, one
line per KPI with its reduction, and the lessons of the latest year."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.knowledge.prefill import kpi_line
from hackplat.models import KnowledgeCase, NeedStatus, PilotKpi


@pytest.fixture
def pilot(make_pilot, make_need, make_department, make_organisation, themes):
    need = make_need(
        department=make_department("こども青少年局"), status=NeedStatus.PILOTING, theme=themes[1],
        problem="入所申請の審査に時間がかかる。", background="紙の申請書を窓口で受け付けている。",
    )  # fmt: skip
    return make_pilot(
        need=need, organisation=make_organisation("株式会社こそだてテック"), title="保育所入所申請のオンライン化",
        summary="スマートフォンで申請できるフォーム", approach="2区で半年間試行する。",
        kpis=[("入所申請", 60, 15), ("書類の確認", 45, 30), ("窓口の待ち時間", 7.5, 5), ("郵送の返信", 10, 12)],
        milestones=[(2023, "準備", "2区で試行を開始した。"), (2024, "試行", "申請の8割がオンラインになった。"),
                    (2025, "横展開", "")],
    )  # fmt: skip


def drafted(client, login, coordinator, pilot) -> KnowledgeCase:
    login(coordinator)
    assert client.submit(f"/knowledge/new?pilot={pilot.id}").status_code == 302
    return db.session.scalar(select(KnowledgeCase))


def test_the_draft_copies_the_need_solution_organisation_and_lessons(client, login, coordinator, pilot, themes) -> None:
    case = drafted(client, login, coordinator, pilot)
    assert case.title == "保育所入所申請のオンライン化"
    assert (case.department_id, case.theme_id) == (pilot.need.department_id, themes[1].id)
    assert case.need_summary == "入所申請の審査に時間がかかる。\n\n紙の申請書を窓口で受け付けている。"
    assert case.solution == "スマートフォンで申請できるフォーム\n\n2区で半年間試行する。"
    assert case.organisation_name == "株式会社こそだてテック"
    assert case.lessons == "申請の8割がオンラインになった。"  # the latest year that has a result
    assert "こそだててっく" in case.search_text
    assert "入所申請" in case.search_text


def test_the_results_are_one_line_per_kpi_with_its_reduction(client, login, coordinator, pilot) -> None:
    case = drafted(client, login, coordinator, pilot)
    assert case.results.splitlines() == [
        "入所申請: 60分 → 15分（75.0%短縮）",
        "書類の確認: 45分 → 30分（33.3%短縮）",
        "窓口の待ち時間: 7.5分 → 5分（33.3%短縮）",
        "郵送の返信: 10分 → 12分（20.0%増加）",
    ]


def test_the_results_are_written_in_japanese_whatever_the_coordinators_language(
    client, login, coordinator, pilot
) -> None:
    client.get("/language/en")
    case = drafted(client, login, coordinator, pilot)
    assert '<html lang="en">' in client.get("/knowledge/").get_data(as_text=True)
    assert case.results.splitlines()[0] == "入所申請: 60分 → 15分（75.0%短縮）"


@pytest.mark.parametrize(("before", "after", "expected"), [
    (60, 45, "（25.0%短縮）"),
    (1.2, 0.9, "（25.0%短縮）"),  # 0.2499999… in floating point: shown as the pilot page shows it
    (30, 30, "（0.0%短縮）"),
    (100, 24.96, "（75.0%短縮）"),
    (3, 2, "（33.3%短縮）"),
])  # fmt: skip
def test_kpi_percentages(before, after, expected) -> None:
    line = kpi_line(PilotKpi(procedure="手続", minutes_before=before, minutes_after=after))
    assert line.endswith(expected)


def test_a_pilot_without_kpis_or_milestone_results_leaves_them_empty(client, login, coordinator, make_pilot) -> None:
    case = drafted(client, login, coordinator, make_pilot(milestones=[(2024, "計画だけ", "")]))
    assert case.results == ""
    assert case.lessons == ""


def test_the_confirmation_page_shows_what_the_draft_will_copy(client, login, coordinator, pilot) -> None:
    login(coordinator)
    html = client.get(f"/knowledge/new?pilot={pilot.id}").get_data(as_text=True)
    assert "入所申請: 60分 → 15分（75.0%短縮）" in html
    assert "申請の8割がオンラインになった。" in html
    assert f'action="/knowledge/new?pilot={pilot.id}"' in html
    assert db.session.scalar(select(KnowledgeCase)) is None  # looking writes nothing

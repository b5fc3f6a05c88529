"""The pilot pages as their users see them: the list per role, the page with its
history, milestones and KPI flags, creation from the proposal's page, and the forms'
refusals (400 for bad input, 409 for negative minutes) with nothing written."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.labels import fiscal_year_label
from hackplat.models import NeedStatus, Pilot, PilotKpi, PilotMilestone, PilotStage, ProposalStatus


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def kpi_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PilotKpi)) or 0


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("member", 200), ("staff", 200), ("coordinator", 200), ("admin", 200),
     ("other_member", 403), ("other_staff", 403)],
)  # fmt: skip
def test_who_sees_the_pilot_page(client, login, cast, viewer, status) -> None:
    pilot = cast.pilot()
    login(cast.actor(viewer))
    assert client.get(f"/pilots/{pilot.id}").status_code == status


def test_the_public_is_sent_to_sign_in(client, cast) -> None:
    pilot = cast.pilot()
    response = client.get(f"/pilots/{pilot.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_missing_pilot_is_404(client, login, cast) -> None:
    login(cast.coordinator)
    assert client.get("/pilots/999").status_code == 404


def test_the_page_shows_each_kpis_reduction_and_flags_in_text(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    cast.kpi(pilot, 60, 45, procedure="窓口申請")
    cast.kpi(pilot, 60, 46, procedure="電話相談")
    cast.kpi(pilot, 40, 10, smartphone=True, procedure="スマホ申請")
    cast.kpi(pilot, 40, 11, smartphone=True, procedure="スマホ変更届")
    login(cast.member)
    page = text_of(client.get(f"/pilots/{pilot.id}"))
    assert "窓口申請 いいえ 60 45 25.0% — — ✓ 達成 対象外" in page
    assert "電話相談 いいえ 60 46 23.3% — — ✗ 未達成 対象外" in page
    assert "スマホ申請 はい 40 10 75.0% — — ✓ 達成 ✓ 達成" in page
    assert "スマホ変更届 はい 40 11 72.5% — — ✓ 達成 ✗ 未達成" in page
    # Σ before 200, Σ after 112: 44 %.
    assert "全体の時短率（所要時間の合計で計算）: 44.0% 25％の基準: ✓ 達成" in page
    assert "指標を追加" not in page, "members read the pilot, they do not manage it"


def test_the_page_shows_history_and_the_pilots_own_years(client, login, cast) -> None:
    pilot = cast.pilot(since=date(2022, 6, 1))
    db.session.add(PilotMilestone(pilot_id=pilot.id, fiscal_year=2023, plan="3区で試行", result="申請の8割"))
    db.session.commit()
    login(cast.staff)
    page = text_of(client.get(f"/pilots/{pilot.id}"))
    assert "令和4年度（FY2022） （未記入） （未記入）" in page
    assert "令和5年度（FY2023） 3区で試行 申請の8割" in page
    this_year = fiscal_year_of(japan_today())
    assert f"{fiscal_year_label(this_year)} の計画と実績を編集" in page  # running: until this year
    assert f"{fiscal_year_label(this_year + 1)}" not in page
    assert "試行検討" in page
    assert "段階を変更する" in page
    assert "指標を追加" in page


def test_the_list_shows_each_role_its_own_pilots(client, login, cast, make_department, make_organisation) -> None:
    own = cast.pilot(title="自部署・自組織の試行")
    other = cast.pilot(title="他の試行")
    other.department_id = make_department("他の局").id
    other.organisation_id = make_organisation("他の組織").id
    db.session.commit()
    seen = {}
    for viewer in ("member", "staff", "coordinator"):
        login(cast.actor(viewer))
        page = client.get("/pilots/").get_data(as_text=True)
        seen[viewer] = {title for title in (own.title, other.title) if title in page}
        client.post("/logout", data={"csrf_token": client.csrf_token("/pilots/")})
    assert seen == {"member": {own.title}, "staff": {own.title}, "coordinator": {own.title, other.title}}


def test_the_list_filters_by_stage_and_pages(client, login, cast) -> None:
    for n in range(21):
        cast.pilot(PilotStage.RUNNING, title=f"実施中{n:02d}")
    cast.pilot(PilotStage.STOPPED, title="中止した試行")
    login(cast.coordinator)
    running = client.get("/pilots/?stage=running").get_data(as_text=True)
    assert "中止した試行" not in running
    assert "実施中20" in running
    assert "/pilots/?page=2&amp;stage=running" in running or "/pilots/?stage=running&amp;page=2" in running
    assert "中止した試行" in client.get("/pilots/?stage=stopped").get_data(as_text=True)


def test_a_selected_proposal_offers_the_pilot_and_then_links_it(client, login, cast) -> None:
    proposal = cast.proposal(need_status=NeedStatus.OPEN)
    login(cast.staff)
    assert "/pilots/new" not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True), "coordinators only"
    client.post("/logout", data={"csrf_token": client.csrf_token(f"/proposals/{proposal.id}")})
    login(cast.coordinator)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/pilots/new?proposal={proposal.id}" in page
    form = client.get(f"/pilots/new?proposal={proposal.id}").get_data(as_text=True)
    assert "保育所入所手続のオンライン化（株式会社提案）" in form
    assert "申請をスマホで完結させる" in form
    response = client.submit(
        f"/pilots/new?proposal={proposal.id}",
        {"title": "入所申請の試行", "summary": "概要", "considered_on": japan_today().isoformat()},
    )
    assert response.status_code == 302
    pilot = db.session.scalar(select(Pilot))
    assert response.headers["Location"].endswith(f"/pilots/{pilot.id}")
    assert pilot.need.status is NeedStatus.PILOTING
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/pilots/{pilot.id}" in page
    assert "/pilots/new" not in page
    again = client.submit(
        f"/pilots/new?proposal={proposal.id}",
        {"title": "二つ目", "considered_on": japan_today().isoformat()},
    )
    assert again.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Pilot)) == 1


@pytest.mark.parametrize("status", [s for s in ProposalStatus if s is not ProposalStatus.SELECTED])
def test_the_new_pilot_page_refuses_other_proposals(client, login, cast, status) -> None:
    proposal = cast.proposal(status)
    login(cast.coordinator)
    response = client.get(f"/pilots/new?proposal={proposal.id}")
    assert response.status_code == 409
    assert "採択された提案からのみ" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Pilot)) == 0


def test_stage_change_through_the_page(client, login, cast) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    response = client.submit(
        f"/pilots/{pilot.id}/stage",
        {"stage": "running", "changed_on": japan_today().isoformat()},
    )
    assert response.status_code == 302
    db.session.refresh(pilot)
    assert pilot.stage is PilotStage.RUNNING


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        # two days ahead: still the future if the run crosses midnight after collecting this
        ({"stage": "running", "changed_on": (japan_today() + timedelta(days=2)).isoformat()}, 400, "未来の日付"),
        ({"stage": "running", "changed_on": (japan_today() - timedelta(days=11)).isoformat()}, 400, "より前の日付"),
        ({"stage": "stopped", "changed_on": japan_today().isoformat(), "reason": ""}, 400, "中止の理由"),
        ({"stage": "running", "changed_on": "昨日"}, 400, "無効な日付"),
        (
            {"stage": "rolled_out", "changed_on": japan_today().isoformat()},
            409,
            "「試行検討」の試行プロジェクトを「横展開」",
        ),
    ],
)
def test_stage_change_refusals(client, login, cast, data, status, message) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    response = client.submit(f"/pilots/{pilot.id}/stage", data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    db.session.refresh(pilot)
    assert pilot.stage is PilotStage.CONSIDERED
    assert len(pilot.stage_changes) == 1


def test_adding_a_kpi_with_full_width_digits(client, login, cast) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    response = client.submit(f"/pilots/{pilot.id}/kpis", {
        "procedure": "入所申請", "is_smartphone": "y", "minutes_before": "４０", "minutes_after": "１０．５"})  # fmt: skip
    assert response.status_code == 302
    kpi = db.session.scalar(select(PilotKpi))
    assert (kpi.minutes_before, kpi.minutes_after, kpi.is_smartphone) == (40, 10.5, True)


@pytest.mark.parametrize(
    ("before", "after", "status", "message"),
    [
        ("-10", "5", 409, "マイナスの値は登録できません"),
        ("60", "-1", 409, "マイナスの値は登録できません"),
        ("abc", "5", 400, "分数を数値で入力してください"),
        ("nan", "5", 400, "分数を数値で入力してください"),
        ("60", "", 400, "入力してください"),
        ("0", "0", 400, "0より大きい分数"),
    ],
)
def test_kpi_refusals_are_shown_next_to_the_field(client, login, cast, before, after, status, message) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    response = client.submit(
        f"/pilots/{pilot.id}/kpis",
        {"procedure": "入所申請", "minutes_before": before, "minutes_after": after},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert re.search(r'<p class="error" id="minutes_(before|after)-error">[^<]*' + message, html)
    assert kpi_count() == 0


def test_editing_and_deleting_a_kpi_through_the_pages(client, login, cast) -> None:
    pilot = cast.pilot()
    kpi = cast.kpi(pilot, 60, 45)
    login(cast.coordinator)
    url = f"/pilots/{pilot.id}/kpis/{kpi.id}/edit"
    assert (
        client.submit(
            url, {"procedure": "申請", "minutes_before": "60", "minutes_after": "-3", "version": str(pilot.version)}
        ).status_code
        == 409
    )
    assert (
        client.submit(
            url, {"procedure": "申請", "minutes_before": "60", "minutes_after": "30", "version": str(pilot.version)}
        ).status_code
        == 302
    )
    db.session.refresh(kpi)
    assert kpi.minutes_after == 30
    assert client.submit(f"/pilots/{pilot.id}/kpis/{kpi.id}/delete").status_code == 302
    assert kpi_count() == 0


def test_another_pilots_kpi_is_not_found(client, login, cast) -> None:
    first, second = cast.pilot(), cast.pilot()
    kpi = cast.kpi(second, 60, 45)
    login(cast.coordinator)
    assert client.get(f"/pilots/{first.id}/kpis/{kpi.id}/edit").status_code == 404


def test_saving_a_milestone_through_the_page(client, login, cast) -> None:
    pilot = cast.pilot(since=date(2024, 5, 1))
    login(cast.staff)
    data = {"fy2024-plan": "全区へ拡大", "fy2024-result": "", "fy2024-version": str(pilot.version)}
    assert client.submit(f"/pilots/{pilot.id}/milestones/2024", data).status_code == 302
    assert db.session.scalar(select(PilotMilestone.plan)) == "全区へ拡大"
    stale = client.submit(f"/pilots/{pilot.id}/milestones/2024", data)
    assert stale.status_code == 409
    assert client.submit(f"/pilots/{pilot.id}/milestones/2030", data).status_code == 404


def test_editing_the_title_and_refusing_a_stale_edit(client, login, cast) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    url, loaded_at = f"/pilots/{pilot.id}/edit", str(pilot.version)
    assert (
        client.submit(url, {"title": "入所申請オンライン化の試行", "summary": "", "version": loaded_at}).status_code
        == 302
    )
    stale = client.submit(url, {"title": "古い版からの上書き", "summary": "", "version": loaded_at})
    assert stale.status_code == 409
    assert "他の人が先に更新しました" in stale.get_data(as_text=True)
    db.session.refresh(pilot)
    assert pilot.title == "入所申請オンライン化の試行"
    assert client.submit(url, {"title": " ", "version": str(pilot.version)}).status_code == 400

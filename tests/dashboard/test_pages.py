"""The dashboard page (charts with text alternatives, tables) and the public summary,
which never shows a figure of a non-public indicator."""

from __future__ import annotations

import re

import pytest

from hackplat.extensions import db
from hackplat.models import IndicatorCycle, IndicatorValue, Role
from tests.dashboard.conftest import IN_FY

SECRET = "87.3"  # a survey result nobody else has


@pytest.fixture
def programme(strategy, approved_organisation):
    approved_organisation(IN_FY[2022], members=130)
    db.session.add(IndicatorValue(indicator=strategy["survey_online_procedures"], fiscal_year=2024, actual=87.3))
    db.session.commit()
    return strategy


def test_dashboard_draws_both_charts_with_text_alternatives_and_tables(client, login, make_user, programme) -> None:
    login(make_user(Role.COORDINATOR))
    body = client.get("/dashboard?cycle=2022").get_data(as_text=True)
    for chart in ("participants-chart", "funnel-chart"):
        svg = re.search(
            rf'<svg class="chart-svg" id="{chart}" role="img" aria-labelledby="{chart}-title {chart}-desc"', body
        )
        assert svg, chart
        assert f'<title id="{chart}-title">' in body
        assert f'<desc id="{chart}-desc">' in body
    assert "令和4年度（FY2022）: 実績 130人、目標 250人。" in body
    assert 'points="' in body
    assert 'class="chart-target-point"' in body
    assert "<caption>参加者数（累計）と目標の表</caption>" in body
    assert "<caption>課題から横展開までの件数の表</caption>" in body
    assert SECRET in body  # coordinators see every indicator
    assert "style=" not in body
    assert "<script" not in body
    assert "/dashboard/indicators/" not in body  # editing is for admins


def test_admins_get_edit_links_and_the_new_cycle_link(client, login, make_user, programme) -> None:
    login(make_user(Role.ADMIN))
    body = client.get("/dashboard?cycle=2022").get_data(as_text=True)
    assert f"/dashboard/indicators/{programme['participants'].id}?cycle=2022" in body
    assert "/dashboard/cycles/new" in body


def test_public_page_shows_only_public_indicators(client, programme) -> None:
    body = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert "参加者数" in body
    assert "130" in body
    assert 'id="participants-chart"' in body
    assert "公開されたナレッジ事例数" in body
    assert SECRET not in body
    assert "オンライン手続に満足している市民の割合" not in body


def test_a_published_indicator_then_appears_on_the_public_page(client, programme) -> None:
    programme["survey_online_procedures"].is_public = True
    db.session.commit()
    assert SECRET in client.get("/programme?cycle=2022").get_data(as_text=True)


def test_public_page_without_public_participants_has_no_chart(client, programme) -> None:
    programme["participants"].is_public = False
    db.session.commit()
    body = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert "participants-chart" not in body
    assert ">130<" not in body


def test_english_dashboard_names_indicators_in_english(client, login, make_user, programme) -> None:
    client.get("/language/en")
    login(make_user(Role.COORDINATOR))
    body = client.get("/dashboard?cycle=2022").get_data(as_text=True)
    assert "Participants" in body
    assert "Citizens satisfied with online procedures" in body


def test_without_a_cycle_for_this_year_the_pages_say_so_and_admins_get_the_way_to_define_one(
    client, login, make_user, programme
) -> None:
    """Today (FY2026 or later) no cycle contains the year: a plain page, not a bare 404."""
    public = client.get("/programme")
    assert public.status_code == 200
    assert "を含む目標の期間はまだ定義されていません" in public.get_data(as_text=True)
    assert "/programme?cycle=2022" in public.get_data(as_text=True)
    login(make_user(Role.ADMIN))
    page = client.get("/dashboard")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "/dashboard/cycles/new" in body
    assert "/dashboard?cycle=2022" in body
    asked = client.get("/dashboard?cycle=2031")
    assert asked.status_code == 404
    assert "令和13年度（FY2031）を含む目標の期間はまだ定義されていません" in asked.get_data(as_text=True)


def test_coordinators_are_told_to_ask_an_admin(client, login, make_user, programme) -> None:
    login(make_user(Role.COORDINATOR))
    body = client.get("/dashboard").get_data(as_text=True)
    assert "管理者に依頼してください" in body
    assert "/dashboard/cycles/new" not in body


def test_any_year_of_a_cycle_shows_that_cycle_with_its_note(client, login, make_user, programme) -> None:
    db.session.add(IndicatorCycle(first_fiscal_year=2026, note="例示の目標値"))
    db.session.commit()
    login(make_user(Role.COORDINATOR))
    for url in ("/dashboard", "/dashboard?cycle=2026", "/dashboard?cycle=2028"):
        body = client.get(url).get_data(as_text=True)
        assert "令和8年度（FY2026）–令和11年度（FY2029）" in body, url
        assert "例示の目標値" in body
    assert "例示の目標値" in client.get("/programme").get_data(as_text=True)


def test_english_new_cycle_form_names_indicators_in_english(
    client, login, make_user, programme, english_catalogue
) -> None:
    """The checkboxes of the indicators continued and the label of each target field."""
    client.get("/language/en")
    login(make_user(Role.ADMIN))
    body = client.get("/dashboard/cycles/new").get_data(as_text=True)
    participants, japanese = programme["participants"], programme["participants"].name
    assert f"{participants.name_en}: target for Q1" in body
    assert re.search(rf'value="{participants.id}"[^>]*> {re.escape(participants.name_en)}</label>', body)
    assert japanese not in body
    assert "Citizens satisfied with online procedures" in body

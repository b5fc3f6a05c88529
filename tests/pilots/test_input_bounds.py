"""Absurd dates and minutes are refused with the form's message; a KPI stored with
absurd minutes before the bounds existed no longer breaks the pilot page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.models import PilotKpi
from hackplat.pilots.kpis import percent_shown


@pytest.mark.parametrize(("considered_on", "ok"), [("0001-01-01", False), ("2101-01-01", False), ("2024-04-01", True)])
def test_dates_outside_2000_to_2100_are_refused(client, login, cast, considered_on, ok) -> None:
    proposal = cast.proposal()
    login(cast.coordinator)
    data = {"title": "試行", "summary": "概要", "considered_on": considered_on}
    response = client.submit(f"/pilots/new?proposal={proposal.id}", data)
    page = response.get_data(as_text=True)
    assert (response.status_code == 302) is ok, page
    assert ("2000年1月1日から2100年12月31日までの日付を入力してください。" in page) is not ok


@pytest.mark.parametrize("minutes", ["1e-320", "0.001", "100001", "1e400"])
def test_absurd_kpi_minutes_are_refused(client, login, cast, minutes) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    data = {"procedure": "申請", "minutes_before": minutes, "minutes_after": "1", "version": str(pilot.version)}
    response = client.submit(f"/pilots/{pilot.id}/kpis", data)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(PilotKpi)) == 0


def test_a_kpi_stored_with_absurd_minutes_does_not_break_the_pilot_page(client, login, cast) -> None:
    """Written before the bounds existed: the page must still show."""
    pilot = cast.pilot()
    cast.kpi(pilot, 1e-320, 100)
    login(cast.staff)
    assert client.get(f"/pilots/{pilot.id}").status_code == 200


def test_the_percentage_of_an_infinite_share_is_clamped() -> None:
    assert percent_shown(float("-inf")) == -1e11
    assert percent_shown(float("inf")) == 1e11


def test_valid_minutes_still_pass(client, login, cast) -> None:
    pilot = cast.pilot()
    login(cast.staff)
    data = {"procedure": "申請", "minutes_before": "0.5", "minutes_after": "0", "version": str(pilot.version)}
    assert client.submit(f"/pilots/{pilot.id}/kpis", data).status_code == 302

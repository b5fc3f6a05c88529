"""The dashboard's total of hours saved per year (年間削減時間): each pilot's figure as its
page computes it (confirmed minutes × yearly counts), summed over the pilots that run,
were evaluated or were rolled out."""

from __future__ import annotations

import re
from datetime import date

from hackplat.dashboard.counts import hours_saved_by_pilots
from hackplat.extensions import db
from hackplat.models import PilotStage, Role
from hackplat.models.pilots import PilotMeasurement
from hackplat.pilots.measures import hours_saved

CONSIDERED, RUNNING = (PilotStage.CONSIDERED, date(2025, 5, 1)), (PilotStage.RUNNING, date(2025, 7, 1))


def counted(pilot, *yearly: int | None) -> None:
    for kpi, count in zip(pilot.kpis, yearly, strict=True):
        kpi.yearly_count = count
    db.session.commit()


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_the_total_sums_each_measuring_pilots_own_figure(make_pilot) -> None:
    running = make_pilot([CONSIDERED, RUNNING], kpis=[(60, 45), (30, 12)])
    counted(running, 1200, None)  # 300 h; the KPI without a yearly count adds nothing
    evaluated = make_pilot([CONSIDERED, RUNNING, (PilotStage.EVALUATED, date(2025, 9, 1))], kpis=[(10, 5)])
    counted(evaluated, 600)  # 50 h
    stopped = make_pilot([CONSIDERED, RUNNING, (PilotStage.STOPPED, date(2025, 8, 1))], kpis=[(100, 0)])
    counted(stopped, 6000)  # stopped: saves nothing any more
    considered = make_pilot([CONSIDERED], kpis=[(100, 0)])
    counted(considered, 6000)  # only planned
    # A measurement the department has not confirmed does not count (the KPI keeps 5).
    evaluated.kpis[0].measurements.append(PilotMeasurement(minutes_after=1, measured_on=date(2025, 9, 2)))
    db.session.commit()
    total = hours_saved_by_pilots()
    assert total.hours == hours_saved(running) + hours_saved(evaluated) == 350.0
    assert total.pilots == 2


def test_without_yearly_counts_there_is_no_total(make_pilot) -> None:
    make_pilot([CONSIDERED, RUNNING], kpis=[(60, 45)])
    assert hours_saved_by_pilots().hours is None
    assert hours_saved_by_pilots().pilots == 0


def test_the_dashboard_shows_the_total(client, login, make_user, make_pilot, strategy) -> None:
    login(make_user(Role.COORDINATOR))
    assert "試行による年間削減時間 まだありません。" in text_of(
        client.get("/dashboard?cycle=2022").get_data(as_text=True)
    )
    pilot = make_pilot([CONSIDERED, RUNNING], kpis=[(60, 45), (20, 5)])
    counted(pilot, 1200, 400)  # 300 h + 100 h
    body = text_of(client.get("/dashboard?cycle=2022").get_data(as_text=True))
    assert "試行による年間削減時間 400.0時間（1件の試行の合計）" in body


def test_the_total_in_english(client, login, make_user, make_pilot, strategy, english_catalogue) -> None:
    pilot = make_pilot([CONSIDERED, RUNNING], kpis=[(60, 45)])
    counted(pilot, 1200)
    client.get("/language/en")
    login(make_user(Role.COORDINATOR))
    body = text_of(client.get("/dashboard?cycle=2022").get_data(as_text=True))
    assert "Hours saved per year by pilots" in body
    assert "(total of 1 pilots)" in body
    assert "試行" not in body

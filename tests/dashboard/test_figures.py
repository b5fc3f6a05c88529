"""How the figures read (#15 item 8): a bar's value never under a target marker, years
named as fiscal years with 1Q–4Q second, cards saying 累計 or 年度内, the time reduction
as a median against a bottom line, and the dashboard's table one row per indicator with
the indicators without data folded away."""

from __future__ import annotations

import re

import pytest

from hackplat.dashboard.charts import GAP, MARKER_REACH, TEXT_ASCENT, TEXT_DESCENT, Bar, value_label
from hackplat.extensions import db
from hackplat.models import IndicatorValue, Role
from tests.dashboard.conftest import IN_FY


def clear_of_marker(baseline: float, x: float, anchor: str, marker: tuple[float, float]) -> bool:
    mx, my = marker
    if anchor == "start":
        return x >= mx + MARKER_REACH
    return baseline + TEXT_DESCENT <= my - MARKER_REACH or baseline - TEXT_ASCENT >= my + MARKER_REACH


@pytest.mark.parametrize(
    ("bar_top", "height", "marker_y", "expected"),
    [
        (200.0, 64.0, 100.0, "above"),  # target far above: the value sits on its bar
        (200.0, 64.0, 250.0, "above"),  # target inside the bar, well below its top
        (200.0, 64.0, 196.0, "inside"),  # the marker just over the bar (463 under 500 in FY2023)
        (258.0, 6.0, 250.0, "over marker"),  # a short bar: no room inside
        (258.0, 6.0, 30.0, "above"),
        (20.0, 10.0, 14.0, "beside"),  # no room above, inside or over the marker
    ],
)
def test_the_value_label_avoids_the_marker(bar_top: float, height: float, marker_y: float, expected: str) -> None:
    bar = Bar(x=100, y=bar_top, width=60, height=height, value=463)
    label = value_label(bar, marker_y)
    assert clear_of_marker(label.y, label.x, label.anchor, (130, marker_y))
    assert label.y - TEXT_ASCENT >= 0 or label.anchor == "start"
    assert placement(label, bar_top) == expected


def placement(label, bar_top: float) -> str:
    if label.anchor == "start":
        return "beside"
    if label.inside:
        return "inside"
    return "above" if label.y == bar_top - GAP - TEXT_DESCENT else "over marker"


def test_without_a_target_the_value_sits_on_its_bar() -> None:
    label = value_label(Bar(x=0, y=100, width=40, height=164, value=5), None)
    assert (label.x, label.y, label.inside) == (20, 100 - GAP - TEXT_DESCENT, False)


@pytest.fixture
def programme(strategy, approved_organisation):
    approved_organisation(IN_FY[2022], members=240)  # 240 of 250: the marker sits on the bar
    db.session.add(IndicatorValue(indicator=strategy["survey_staff_ict"], fiscal_year=2023, actual=40.0))
    db.session.commit()
    return strategy


def test_the_chart_names_fiscal_years_with_the_quarter_second(client, programme, english_catalogue) -> None:
    page = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert re.search(r'class="chart-axis chart-axis-year"[^>]*>令和4年度<', page)
    assert re.search(r'class="chart-axis chart-axis-minor"[^>]*>FY2022 · 1Q<', page)
    client.get("/language/en")
    english = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert re.search(r'class="chart-axis chart-axis-year"[^>]*>FY2022<', english)
    assert re.search(r'class="chart-axis chart-axis-minor"[^>]*>1Q<', english)


def test_cards_say_total_or_year_and_the_reduction_reads_as_a_median_against_its_floor(
    client, programme, make_user
) -> None:
    page = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert '<span class="headline-scope">累計</span>' in page
    assert '<span class="headline-scope">年度内</span>' in page
    assert "目標 25（" not in page  # no "276.8 % of the target" for a bottom line


def test_the_reduction_card_when_pilots_measured(client, programme, monkeypatch, english_catalogue) -> None:
    from hackplat.dashboard import report

    real = report.indicator_report

    def with_reduction(indicator, first_year, counts, current_year):
        row = real(indicator, first_year, counts, current_year)
        if indicator.key != "time_reduction":
            return row
        years = [report.YearFigure(y.fiscal_year, y.quarter, y.target, 32.0, None, None) for y in row.years]
        return report.IndicatorReport(indicator, years)

    monkeypatch.setattr(report, "indicator_report", with_reduction)
    page = client.get("/programme?cycle=2022").get_data(as_text=True)
    assert "削減率の中央値 32%（目標 25%以上） — 目標を達成" in page
    client.get("/language/en")
    assert "median reduction 32 % (target ≥ 25 %) — target met" in client.get("/programme?cycle=2022").get_data(
        as_text=True
    )


def test_the_dashboard_table_has_a_row_per_indicator_and_folds_those_without_data(
    client, login, make_user, programme
) -> None:
    programme["survey_online_procedures"].values.clear()  # neither a target nor a result
    db.session.commit()
    login(make_user(Role.COORDINATOR))
    page = client.get("/dashboard?cycle=2022").get_data(as_text=True)
    table = page[page.index('<table class="table indicators">') : page.index("</table>", page.index("indicators"))]
    assert table.count('<tr class="indicator">') == len(programme) - 1  # one row each, but the folded one
    assert "ICT環境に満足している職員の割合" in table  # has a 2023 result
    assert "オンライン手続に満足している市民の割合" not in table  # no figure at all...
    folded = page[page.index('<details class="indicators-without-data">') :]
    assert re.search(r"<summary>データのない指標（\d+）</summary>", folded)
    assert "オンライン手続に満足している市民の割合" in folded  # ...so folded away
    for year in ("令和4年度（FY2022）", "令和7年度（FY2025）"):
        assert year in table
    assert "FY2026" not in table  # only the cycle's years

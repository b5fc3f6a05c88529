"""Percentage reached, the 4段階 step, and which cycle is shown."""

from __future__ import annotations

from datetime import date

import pytest

from hackplat.dashboard.report import build_report, by_key, default_cycle, percent_reached, step_of
from hackplat.dashboard.strategy import STRATEGY_FIRST_YEAR
from hackplat.extensions import db
from hackplat.models import IndicatorCycle, IndicatorValue
from tests.dashboard.conftest import AFTER_CYCLE, IN_FY, years_of


@pytest.mark.parametrize(
    ("actual", "target", "percent", "step"),
    [
        (0, 250, 0.0, None),
        (62, 250, 24.8, None),  # below 25 %: no step
        (62.5, 250, 25.0, 25),
        (124, 250, 49.6, 25),
        (125, 250, 50.0, 50),
        (187.5, 250, 75.0, 75),
        (249, 250, 99.6, 75),
        (250, 250, 100.0, 100),
        (1200, 1000, 120.0, 100),  # beyond the target: still the top step
        (None, 250, None, None),  # no actual yet
        (12, None, None, None),  # no target that year
        (3, 0, None, None),
    ],
)
def test_percentage_and_step(actual, target, percent, step) -> None:
    assert percent_reached(actual, target) == percent
    assert step_of(percent) == step


@pytest.mark.parametrize(
    ("actual", "baseline", "target", "percent", "step"),
    [
        (8.6, 8.6, 50, 0.0, None),  # the survey's starting point: no progress yet
        (5.0, 8.6, 50, 0.0, None),  # worse than the baseline: never negative
        (29.3, 8.6, 50, 50.0, 50),  # half-way from 8.6 % to 50 %
        (50.0, 8.6, 50, 100.0, 100),  # "over 50 %" reached at 50 %
        (61.8, 34.6, 75, 67.3, 50),
        (40.0, 30.0, 50, 50.0, 50),
    ],
)
def test_survey_indices_count_progress_from_their_baseline(actual, baseline, target, percent, step) -> None:
    assert percent_reached(actual, target, baseline) == percent
    assert step_of(percent) == step


def test_the_report_carries_targets_actuals_and_steps(strategy, approved_organisation) -> None:
    approved_organisation(IN_FY[2022], members=130)
    approved_organisation(IN_FY[2024], members=500)
    row = years_of(by_key(build_report(STRATEGY_FIRST_YEAR, today=AFTER_CYCLE))["participants"])
    assert [(y.quarter, y.target, y.actual, y.percent, y.step) for y in row.values()] == [
        ("1Q", 250, 130, 52.0, 50),
        ("2Q", 500, 130, 26.0, 25),
        ("3Q", 750, 630, 84.0, 75),
        ("4Q", 1000, 630, 63.0, 50),
    ]


def test_entered_results_come_from_the_admins_figures(strategy) -> None:
    survey = strategy["survey_online_procedures"]
    db.session.add(IndicatorValue(indicator=survey, fiscal_year=2023, actual=29.3))
    db.session.commit()
    row = years_of(by_key(build_report(STRATEGY_FIRST_YEAR, today=AFTER_CYCLE))["survey_online_procedures"])
    assert row[2023].actual == 29.3
    assert row[2023].target is None
    assert row[2025].target == 50
    assert row[2025].actual is None


def test_the_default_cycle_is_the_one_containing_today_or_none(strategy) -> None:
    assert default_cycle(date(2023, 5, 1)) == 2022
    assert default_cycle(date(2026, 3, 31)) == 2022  # still FY2025
    assert default_cycle(date(2027, 5, 1)) is None  # FY2027: the strategy's cycle is over
    assert default_cycle(date(2020, 5, 1)) is None
    db.session.add(IndicatorCycle(first_fiscal_year=2026))
    db.session.commit()
    assert default_cycle(date(2026, 4, 1)) == 2026
    assert default_cycle(date(2030, 3, 31)) == 2026
    assert default_cycle(date(2025, 5, 1)) == 2022

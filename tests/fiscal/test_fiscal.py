"""Fiscal-year arithmetic: the boundaries are exact in Japan time, whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hackplat.fiscal import (
    JAPAN,
    cycle_quarter,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_start,
    japanese_label,
    western_label,
)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2023, 3, 31, 23, 59, tzinfo=JAPAN), 2022),
        (datetime(2023, 3, 31, 23, 59, 59, 999999, tzinfo=JAPAN), 2022),
        (datetime(2023, 4, 1, 0, 0, tzinfo=JAPAN), 2023),
        # 31 March 23:59 JST is 14:59 UTC; 1 April 00:00 JST is still 31 March 15:00 UTC.
        (datetime(2023, 3, 31, 14, 59, tzinfo=UTC), 2022),
        (datetime(2023, 3, 31, 15, 0, tzinfo=UTC), 2023),
        (datetime(2023, 3, 31, 10, 59, tzinfo=ZoneInfo("America/New_York")), 2022),  # EDT: 23:59 JST
        (datetime(2023, 3, 31, 11, 0, tzinfo=ZoneInfo("America/New_York")), 2023),
        (date(2022, 4, 1), 2022),
        (date(2023, 3, 31), 2022),
        (date(2023, 1, 1), 2022),
    ],
)
def test_fiscal_year_of(moment, expected) -> None:
    assert fiscal_year_of(moment) == expected


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        fiscal_year_of(datetime(2023, 3, 31, 23, 59))


def test_bounds_are_japan_midnights() -> None:
    start, end = fiscal_year_start(2022), fiscal_year_end(2022)
    assert start == datetime(2022, 3, 31, 15, 0, tzinfo=UTC)
    assert end == datetime(2023, 3, 31, 15, 0, tzinfo=UTC)
    assert fiscal_year_of(start) == 2022
    assert fiscal_year_of(end - timedelta(microseconds=1)) == 2022
    assert fiscal_year_of(end) == 2023


@pytest.mark.parametrize(
    ("year", "japanese"),
    [(2018, "平成30年度"), (2019, "令和元年度"), (2020, "令和2年度"), (2022, "令和4年度"), (2025, "令和7年度")],
)
def test_labels(year, japanese) -> None:
    assert japanese_label(year) == japanese
    assert western_label(year) == f"FY{year}"


@pytest.mark.parametrize(
    ("year", "quarter"), [(2021, None), (2022, "1Q"), (2023, "2Q"), (2024, "3Q"), (2025, "4Q"), (2026, None)]
)
def test_cycle_quarter(year, quarter) -> None:
    assert cycle_quarter(year, 2022) == quarter

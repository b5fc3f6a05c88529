"""Fiscal years (年度) in Japan time, and the strategy cycle's quarters (4期制).

A fiscal year runs from 1 April 00:00 to 31 March 23:59:59 Japan time, whatever the
server's own time zone: FY2022 (令和4年度) is 2022-04-01 – 2023-03-31. The strategy
counts four fiscal years as one cycle, each year a "Q": 1Q = FY2022 … 4Q = FY2025.
Plain Python (no Flask): the dashboard, pilots and commands all use it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

JAPAN = ZoneInfo("Asia/Tokyo")
CYCLE_LENGTH = 4
#: Each era's first (元) year, newest first: the era in which a fiscal year starts
#: (令和 began on 1 May 2019, so FY2019 is 令和元年度 by the city's usage). The one era
#: table: the matcher's normaliser also reads 令和5年 as 2023年 with it.
ERAS = ((2019, "令和"), (1989, "平成"), (1926, "昭和"))


def japan_today(now: datetime | None = None) -> date:
    """Today's date in Japan, whatever the server's time zone."""
    return (now or datetime.now(UTC)).astimezone(JAPAN).date()


def fiscal_year_of(moment: datetime | date) -> int:
    """The fiscal year an aware datetime (any zone) or a calendar date falls in."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("naive datetime: its time zone decides the fiscal year")
        moment = moment.astimezone(JAPAN).date()
    return moment.year if moment.month >= 4 else moment.year - 1


def fiscal_year_start(fiscal_year: int) -> datetime:
    """1 April 00:00 Japan time, as an aware UTC datetime (for range queries)."""
    return datetime.combine(date(fiscal_year, 4, 1), time(), JAPAN).astimezone(UTC)


def fiscal_year_end(fiscal_year: int) -> datetime:
    """The first instant after the fiscal year (the next 1 April 00:00 Japan time)."""
    return fiscal_year_start(fiscal_year + 1)


def japanese_label(fiscal_year: int) -> str:
    """令和4年度; the era's first year is 元年."""
    for first, era in ERAS:
        if fiscal_year >= first:
            number = fiscal_year - first + 1
            return f"{era}{'元' if number == 1 else number}年度"
    return f"{fiscal_year}年度"


def western_label(fiscal_year: int) -> str:
    return f"FY{fiscal_year}"


def cycle_years(first_fiscal_year: int) -> list[int]:
    return list(range(first_fiscal_year, first_fiscal_year + CYCLE_LENGTH))


def cycle_quarter(fiscal_year: int, first_fiscal_year: int) -> str | None:
    """'1Q'…'4Q' for a year of the cycle that starts in ``first_fiscal_year``, else None."""
    position = fiscal_year - first_fiscal_year
    return f"{position + 1}Q" if 0 <= position < CYCLE_LENGTH else None

"""How a figure is read on a card or in the table: whether it is a running total (累計)
or that year's (年度内), and whether its target is a bottom line ("4分の1時短": a median
reduction of 25 % or more), which is met or not rather than reached to some percent.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from hackplat.dashboard.report import YearFigure
from hackplat.models import Counting, Indicator, IndicatorSource

SCOPE_LABELS = {
    Counting.CUMULATIVE: _l("累計"),
    Counting.CYCLE: _l("期間内の累計"),
    Counting.YEARLY: _l("年度内"),
}
#: Indicators whose target is a floor: "276.8 % of the target" means nothing for them.
FLOOR_SOURCES = frozenset({IndicatorSource.TIME_REDUCTION})


def scope_of(indicator: Indicator) -> str:
    return str(SCOPE_LABELS[indicator.counting])


def is_floor(indicator: Indicator) -> bool:
    return indicator.source in FLOOR_SOURCES


def floor_met(year: YearFigure) -> bool | None:
    """For a floor target: the actual reaches it (None: either is missing)."""
    if year.actual is None or year.target is None:
        return None
    return year.actual >= year.target

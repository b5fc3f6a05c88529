"""The geometry of the server-drawn SVG charts (templates/dashboard/_charts.html draws
them): plain numbers, no Flask. No JavaScript and no inline styles are needed (the CSP
forbids both): the template writes SVG attributes and CSS classes only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hackplat.dashboard.report import IndicatorReport

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 56
FUNNEL_LABEL_WIDTH, FUNNEL_ROW, FUNNEL_VALUE_ROOM = 220, 40, 120
#: The text's extent around its baseline at the charts' 13 px (CSS .chart-svg), the
#: target marker's reach from its centre (r 5 + half its 3 px stroke) and the gap kept.
TEXT_ASCENT, TEXT_DESCENT, MARKER_REACH, GAP = 12, 4, 6.5, 3
FUNNEL_KEYS = (
    "needs_posted", "proposals_submitted", "working_groups", "pilots_considered", "pilots_run", "pilots_rolled_out",
)  # fmt: skip


def nice_ceiling(value: float) -> float:
    """The next of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (the axis' top)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float


@dataclass(frozen=True)
class ValueLabel:
    """A bar's value, placed where no target marker covers it: above the bar, else
    inside its top (``inside``: light text on the bar), else above or beside the marker."""

    x: float
    y: float  # the text's baseline
    value: float
    inside: bool = False
    anchor: str = "middle"  # "start": right of the marker, the last resort


@dataclass(frozen=True)
class Tick:
    y: float
    value: float


@dataclass(frozen=True)
class YearChart:
    """Bars of the actual per fiscal year, and the target line through their middles."""

    years: list[tuple[float, int, str]]  # (x of the year's middle, fiscal year, quarter)
    bars: list[Bar]
    targets: list[Point]
    ticks: list[Tick]
    labels: list[ValueLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline_y: float = HEIGHT - BOTTOM

    @property
    def target_line(self) -> str:
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.targets)


def year_chart(row: IndicatorReport) -> YearChart:
    known = [v for y in row.years for v in (y.target, y.actual) if v is not None]
    top = nice_ceiling(max(known, default=1))
    plot_height, band = HEIGHT - TOP - BOTTOM, (WIDTH - LEFT - RIGHT) / max(len(row.years), 1)

    def y_of(value: float) -> float:
        return round(TOP + plot_height * (1 - value / top), 1)

    middles = [round(LEFT + band * (n + 0.5), 1) for n in range(len(row.years))]
    bars = [
        Bar(round(x - band / 4, 1), y_of(y.actual), round(band / 2, 1), round(HEIGHT - BOTTOM - y_of(y.actual), 1), y.actual)
        for x, y in zip(middles, row.years, strict=True) if y.actual is not None
    ]  # fmt: skip
    targets = [
        Point(x, y_of(y.target), y.target) for x, y in zip(middles, row.years, strict=True) if y.target is not None
    ]
    ticks = [Tick(y_of(top * n / 4), top * n / 4) for n in range(5)]
    years = [(x, y.fiscal_year, y.quarter) for x, y in zip(middles, row.years, strict=True)]
    marker_at = {point.x: point.y for point in targets}
    labels = [value_label(bar, marker_at.get(round(bar.x + bar.width / 2, 1))) for bar in bars]
    return YearChart(years, bars, targets, ticks, labels)


def _clear(baseline: float, marker_y: float | None) -> bool:
    """The text whose baseline is ``baseline`` stays clear of the marker at ``marker_y``
    (same x) and inside the chart."""
    top, bottom = baseline - TEXT_ASCENT, baseline + TEXT_DESCENT
    if top < 0:
        return False
    return marker_y is None or bottom + GAP <= marker_y - MARKER_REACH or top - GAP >= marker_y + MARKER_REACH


def value_label(bar: Bar, marker_y: float | None) -> ValueLabel:
    """Where ``bar``'s value goes: the first of above the bar, inside its top (a bar tall
    enough) and just above the target marker that no marker covers, else beside it."""
    x = round(bar.x + bar.width / 2, 1)
    above = bar.y - GAP - TEXT_DESCENT
    if _clear(above, marker_y):
        return ValueLabel(x, round(above, 1), bar.value)
    # inside: at the bar's top, or just below a marker that sits on it
    for inside in (bar.y + GAP + TEXT_ASCENT, (marker_y or 0) + MARKER_REACH + GAP + TEXT_ASCENT):
        fits = bar.y + GAP + TEXT_ASCENT <= inside and inside + TEXT_DESCENT + GAP <= bar.y + bar.height
        if fits and _clear(inside, marker_y):
            return ValueLabel(x, round(inside, 1), bar.value, inside=True)
    over_marker = (marker_y if marker_y is not None else bar.y) - MARKER_REACH - GAP - TEXT_DESCENT
    if _clear(over_marker, marker_y):
        return ValueLabel(x, round(over_marker, 1), bar.value)
    beside = (marker_y if marker_y is not None else bar.y) + TEXT_ASCENT / 2 - TEXT_DESCENT / 2
    return ValueLabel(round(x + MARKER_REACH + GAP, 1), round(beside, 1), bar.value, anchor="start")


@dataclass(frozen=True)
class FunnelStage:
    row: IndicatorReport
    y: float
    length: float
    value: float
    target: float | None


@dataclass(frozen=True)
class Funnel:
    stages: list[FunnelStage]
    width: int = WIDTH
    label_width: int = FUNNEL_LABEL_WIDTH
    row_height: int = FUNNEL_ROW

    @property
    def height(self) -> int:
        return FUNNEL_ROW * len(self.stages) + 8


def funnel(rows: dict[str, IndicatorReport]) -> Funnel:
    """needs → proposals → working groups → pilots considered → run → rolled out, over
    the cycle so far; the pilot stages carry the cycle's targets (20 / 12 / 4)."""
    present = [rows[key] for key in FUNNEL_KEYS if key in rows]
    values = [row.cycle_total or 0.0 for row in present]
    longest = max(values, default=0) or 1
    room = WIDTH - FUNNEL_LABEL_WIDTH - FUNNEL_VALUE_ROOM
    stages = [
        FunnelStage(row, 4 + FUNNEL_ROW * n, round(room * value / longest, 1), value, row.final_target)
        for n, (row, value) in enumerate(zip(present, values, strict=True))
    ]
    return Funnel(stages)

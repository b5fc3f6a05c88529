"""The time-saving arithmetic of pilot KPIs ("4分の1時短"), as pure functions.

Definitions (the programme dashboard, issue #6, computes the same figures in SQL):

- A KPI's **reduction** is ``(before − after) / before``, the share of a procedure's
  time the pilot saves: 60 → 45 minutes is 0.25. It is negative when the procedure got
  slower. ``before`` is always > 0 (the service and a CHECK constraint ensure it).
- A KPI **meets the bottom line** when its reduction is at least 25 %; a smartphone
  procedure also has its **target** of at least 75 %. Minutes are typed with a few
  decimals at most, so a reduction within ``TOLERANCE`` of a line counts as on it
  (1.2 → 0.9 minutes is 25 %, although floating point makes it 0.2499999…).
- A pilot's **overall reduction** is ``(Σ before − Σ after) / Σ before`` over all its
  KPIs — the share of the total time saved, so long procedures weigh more than short
  ones — and ``None`` for a pilot without KPIs. In SQL, per pilot:
  ``(SUM(minutes_before) - SUM(minutes_after)) / SUM(minutes_before)`` over
  ``pilot_kpis`` grouped by ``pilot_id``; pilots without KPIs have no value (they are
  left out of a median, not counted as 0).
- **Hours saved per year** (年間削減時間) is ``Σ (before − after) × yearly count / 60``
  over the KPIs whose yearly number of procedures (年間件数) is known; ``None`` when no
  KPI has one (the figure departments report, beside the reduction %).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

BOTTOM_LINE = 0.25
SMARTPHONE_TARGET = 0.75
TOLERANCE = 1e-9
#: Far beyond any real share (the minutes' bounds allow about ±10⁷), far below overflow.
SHARE_LIMIT = 1e9


def reduction(minutes_before: float, minutes_after: float) -> float:
    """The share of the time saved, e.g. 0.25 for 60 → 45 minutes."""
    if minutes_before <= 0:
        raise ValueError("minutes_before must be greater than 0")
    return (minutes_before - minutes_after) / minutes_before


def meets_bottom_line(share_saved: float) -> bool:
    return share_saved >= BOTTOM_LINE - TOLERANCE


def meets_smartphone_target(share_saved: float) -> bool:
    return share_saved >= SMARTPHONE_TARGET - TOLERANCE


def overall_reduction(minutes: Iterable[tuple[float, float]]) -> float | None:
    """Σ-based reduction over (before, after) pairs; ``None`` when there are none."""
    pairs = list(minutes)
    if not pairs:
        return None
    total_before = sum(before for before, _after in pairs)
    total_after = sum(after for _before, after in pairs)
    return reduction(total_before, total_after)


def hours_saved_per_year(rows: Iterable[tuple[float, float, int | None]]) -> float | None:
    """Σ (before − after) × yearly count / 60 over (before, after, count) rows that have a
    count; ``None`` when none has."""
    counted = [(before - after) * count for before, after, count in rows if count is not None]
    return sum(counted) / 60 if counted else None


def percent_shown(share_saved: float) -> float:
    """The reduction in percent with one decimal, rounded *down*, so that the page never
    shows "25.0 %" next to a ✗ (24.96 % is shown as 24.9 %); values within
    ``TOLERANCE`` of a tenth count as on it, like the lines above. The share is clamped to
    ±``SHARE_LIMIT`` first: a KPI stored with absurd minutes (1e-320 before) gives an
    infinite share, and ``floor`` of infinity raises."""
    share = min(max(share_saved, -SHARE_LIMIT), SHARE_LIMIT)
    return math.floor(share * 1000 + TOLERANCE * 1000) / 10


@dataclass(frozen=True)
class Assessment:
    """What the pilot page shows of one KPI (or of the pilot as a whole)."""

    reduction: float
    percent: float
    meets_bottom_line: bool
    meets_smartphone_target: bool | None  # None: not a smartphone procedure


def assessment_of(share_saved: float, *, is_smartphone: bool = False) -> Assessment:
    return Assessment(
        reduction=share_saved,
        percent=percent_shown(share_saved),
        meets_bottom_line=meets_bottom_line(share_saved),
        meets_smartphone_target=meets_smartphone_target(share_saved) if is_smartphone else None,
    )


def assess(minutes_before: float, minutes_after: float, *, is_smartphone: bool = False) -> Assessment:
    return assessment_of(reduction(minutes_before, minutes_after), is_smartphone=is_smartphone)

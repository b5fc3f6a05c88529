"""The time-saving arithmetic: per-KPI reduction, the 25 % bottom line, the 75 %
smartphone target, the pilot's Σ-based overall reduction and the percent shown."""

from __future__ import annotations

import pytest

from hackplat.pilots.kpis import (
    assess,
    meets_bottom_line,
    meets_smartphone_target,
    overall_reduction,
    percent_shown,
    reduction,
)


@pytest.mark.parametrize(
    ("before", "after", "share", "bottom_line", "smartphone_target"),
    [
        (60, 45, 0.25, True, False),  # exactly a quarter
        (60, 46, 14 / 60, False, False),  # one minute short
        (40, 10, 0.75, True, True),  # exactly three quarters
        (40, 11, 29 / 40, True, False),
        (30, 0, 1.0, True, True),  # the procedure disappeared
        (30, 30, 0.0, False, False),
        (30, 45, -0.5, False, False),  # slower than before
        (1.2, 0.9, 0.25, True, False),  # 0.2499999… in floating point: still on the line
        (2.8, 0.7, 0.75, True, True),  # 0.7499999… in floating point: on the target
        (100, 75.01, 0.2499, False, False),  # just under the line is under it
    ],
)
def test_reduction_and_flags(before, after, share, bottom_line, smartphone_target) -> None:
    assert reduction(before, after) == pytest.approx(share)
    assert meets_bottom_line(reduction(before, after)) is bottom_line
    assert meets_smartphone_target(reduction(before, after)) is smartphone_target


@pytest.mark.parametrize("before", [0, -5])
def test_reduction_needs_time_before(before) -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        reduction(before, 0)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], None),
        ([(60, 45)], 0.25),
        # Σ-based, not the mean of the shares: (100 + 10 − 50 − 10) / 110, not (50 % + 0 %) / 2.
        ([(100, 50), (10, 10)], 50 / 110),
        ([(40, 10), (20, 25)], 25 / 60),
        ([(10, 20)], -1.0),
    ],
)
def test_overall_reduction_is_sum_based(pairs, expected) -> None:
    result = overall_reduction(pairs)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.25, 25.0),
        (0.24999999999999994, 25.0),  # floating-point noise is not rounded away from the line
        (0.2496, 24.9),  # never "25.0" next to a ✗
        (0.7549, 75.4),
        (1.0, 100.0),
        (0.0, 0.0),
        (-0.5, -50.0),
    ],
)
def test_percent_shown_rounds_down_to_a_tenth(share, shown) -> None:
    assert percent_shown(share) == shown


@pytest.mark.parametrize(
    ("before", "after", "smartphone", "flags"),
    [
        (60, 45, False, (True, None)),
        (60, 46, False, (False, None)),
        (40, 10, True, (True, True)),
        (40, 11, True, (True, False)),
        (40, 31, True, (False, False)),
    ],
)
def test_assessment_carries_the_flags_the_page_shows(before, after, smartphone, flags) -> None:
    assessment = assess(before, after, is_smartphone=smartphone)
    assert (assessment.meets_bottom_line, assessment.meets_smartphone_target) == flags
    assert meets_bottom_line(assessment.reduction) is flags[0]

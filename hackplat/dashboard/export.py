"""The report as data: the JSON of the ``report`` command and the dashboard's download,
and the CSV (UTF-8 with a BOM, so that Excel opens it with the Japanese intact).

Both are always in Japanese, whatever the visitor's language (an official data file;
the JSON also carries ``name_en``). The formats are documented in README.md, "Programme
targets"; outside checks read them: keep the keys and columns stable.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from hackplat.dashboard.report import IndicatorReport
from hackplat.fiscal import japanese_label, western_label
from hackplat.models import Counting, IndicatorUnit

UNIT_LABELS = {
    IndicatorUnit.PEOPLE: _l("人"),
    IndicatorUnit.ORGANISATIONS: _l("団体"),
    IndicatorUnit.ITEMS: _l("件"),
    IndicatorUnit.PERCENT: "%",  # the same in every language
}
COUNTING_LABELS = {
    Counting.CUMULATIVE: _l("累計（年度末時点）"),
    Counting.CYCLE: _l("期間内の累計"),
    Counting.YEARLY: _l("年度ごと"),
}
CSV_COLUMNS = (
    "指標キー", "指標", "指標（英語）", "単位", "集計", "基準値", "年度", "年度（和暦）", "期",
    "目標", "実績", "達成率（%）", "段階（%）",
)  # fmt: skip


def plain_number(value: float | None) -> int | float | None:
    """250.0 → 250 (counts and whole targets read as integers); others keep one decimal."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 1)


def _years(row: IndicatorReport) -> list[dict[str, Any]]:
    return [
        {
            "fiscal_year": year.fiscal_year,
            "label": western_label(year.fiscal_year),
            "label_ja": japanese_label(year.fiscal_year),
            "quarter": year.quarter,
            "target": plain_number(year.target),
            "actual": plain_number(year.actual),
            "percent": year.percent,
            "step": year.step,
        }
        for year in row.years
    ]


def report_as_json(report: list[IndicatorReport]) -> list[dict[str, Any]]:
    """One object per indicator, in the dashboard's order."""
    with force_locale("ja"):
        return [
            {
                "key": row.indicator.key,
                "name": row.indicator.name,
                "name_en": row.indicator.name_en,
                "unit": str(UNIT_LABELS[row.indicator.unit]),
                "source": row.indicator.source.value,
                "counting": row.indicator.counting.value,
                "baseline": plain_number(row.indicator.baseline),
                "public": row.indicator.is_public,
                "years": _years(row),
            }
            for row in report
        ]


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


def report_as_csv(report: list[IndicatorReport]) -> str:
    """One row per indicator × fiscal year; empty cells where there is no figure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    with force_locale("ja"):
        for row in report:
            indicator = row.indicator
            head = [indicator.key, indicator.name, indicator.name_en, str(UNIT_LABELS[indicator.unit]),
                    str(COUNTING_LABELS[indicator.counting]), plain_number(indicator.baseline)]  # fmt: skip
            for year in row.years:
                figures = [plain_number(year.target), plain_number(year.actual), year.percent, year.step]
                tail = [year.fiscal_year, japanese_label(year.fiscal_year), year.quarter, *figures]
                writer.writerow([_csv_cell(value) for value in (*head, *tail)])
    return "\ufeff" + buffer.getvalue()

"""The strategy's indicators and targets for the cycle FY2022–2025, as migration
0006_indicators seeds them (the migration keeps its own frozen copy; a test checks
the two agree). Tests, the benchmark and the demo use ``seed_strategy``.

The participant targets are cumulative at the end of each fiscal year; the pilot
funnel's are over the cycle, so they stand in its last year; the survey indices aim
at their figure by the end of the cycle; "4分の1時短" is the bottom line every year.
"""

from __future__ import annotations

from typing import Any

from hackplat.extensions import db
from hackplat.models import Counting, Indicator, IndicatorCycle, IndicatorSource, IndicatorUnit, IndicatorValue

STRATEGY_FIRST_YEAR = 2022

# key, name, name_en, unit, source, counting, baseline, public, {fiscal year: target}
STRATEGY_INDICATORS: tuple[tuple[Any, ...], ...] = (
    ("participants", "参加者数", "Participants", "people", "participants", "cumulative", None, True,
     {2022: 250, 2023: 500, 2024: 750, 2025: 1000}),
    ("organisations", "参加組織数", "Participating organisations", "organisations", "orgs", "cumulative",
     None, True, {}),
    ("organisations_company", "参加組織数（企業）", "Organisations: companies", "organisations",
     "orgs_company", "cumulative", None, True, {}),
    ("organisations_university", "参加組織数（大学・研究機関）", "Organisations: universities and research institutes",
     "organisations", "orgs_university", "cumulative", None, True, {}),
    ("organisations_npo", "参加組織数（NPO・市民団体）", "Organisations: NPOs and civic groups", "organisations",
     "orgs_npo", "cumulative", None, True, {}),
    ("organisations_other", "参加組織数（その他）", "Organisations: other", "organisations", "orgs_other",
     "cumulative", None, True, {}),
    ("startups", "参加組織数（うちスタートアップ）", "Organisations: of which startups", "organisations",
     "startups", "cumulative", None, True, {}),
    ("needs_posted", "公開された課題数", "Needs posted", "items", "needs_posted", "yearly", None, True, {}),
    ("proposals_submitted", "提出された提案数", "Proposals submitted", "items", "proposals_submitted", "yearly",
     None, True, {}),
    ("working_groups", "結成されたワーキンググループ数", "Working groups formed", "items", "working_groups",
     "yearly", None, True, {}),
    ("pilots_considered", "試行検討の件数", "Trials considered", "items", "pilots_considered", "cycle", None,
     True, {2025: 20}),
    ("pilots_run", "試行実施の件数", "Trials run", "items", "pilots_run", "cycle", None, True, {2025: 12}),
    ("pilots_evaluated", "効果検証を終えた試行の件数", "Trials evaluated", "items", "pilots_evaluated", "cycle",
     None, True, {}),
    ("pilots_rolled_out", "横展開の件数", "Trials rolled out elsewhere", "items", "pilots_rolled_out", "cycle",
     None, True, {2025: 4}),
    ("pilots_stopped", "中止した試行の件数", "Trials stopped", "items", "pilots_stopped", "cycle", None,
     True, {}),
    ("time_reduction", "試行による手続時間の削減率（中央値）", "Time saved by trials (median)", "percent",
     "time_reduction", "cumulative", None, True, {2022: 25, 2023: 25, 2024: 25, 2025: 25}),
    ("knowledge_cases", "公開されたナレッジ事例数", "Knowledge cases published", "items", "knowledge_cases",
     "cumulative", None, True, {}),
    ("survey_online_procedures", "オンライン手続に満足している市民の割合",
     "Citizens satisfied with online procedures", "percent", "entered", "yearly", 8.6, False, {2025: 50}),
    ("survey_staff_ict", "ICT環境に満足している職員の割合", "Staff satisfied with their ICT", "percent",
     "entered", "yearly", 34.6, False, {2025: 75}),
    ("survey_web_meetings", "Web会議を積極的に活用している職員の割合", "Staff actively using web meetings",
     "percent", "entered", "yearly", 30.0, False, {2025: 50}),
)  # fmt: skip


def seed_strategy() -> list[Indicator]:
    """Insert the strategy's cycle, indicators and targets (an empty table assumed)."""
    db.session.add(IndicatorCycle(first_fiscal_year=STRATEGY_FIRST_YEAR))
    indicators = []
    for position, (key, name, name_en, unit, source, counting, baseline, public, targets) in enumerate(
        STRATEGY_INDICATORS, start=1
    ):
        indicator = Indicator(
            key=key, name=name, name_en=name_en, unit=IndicatorUnit(unit), source=IndicatorSource(source),
            counting=Counting(counting), baseline=baseline, is_public=public, position=position,
            values=[IndicatorValue(fiscal_year=year, target=target) for year, target in targets.items()],
        )  # fmt: skip
        db.session.add(indicator)
        indicators.append(indicator)
    db.session.flush()
    return indicators

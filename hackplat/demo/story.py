"""The demo's story from proposals to results (content/story.toml): working groups,
evaluations, pilot projects and knowledge cases, with the dates the programme dashboard
counts by. The TOML file's head tells the story's shape; tests/demo/test_story_data.py
checks that every reference resolves and that the story follows the life cycles.

Needs are named by their exact title in exchange.toml, organisations by their exact name
in city.toml or exchange.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from hackplat.demo.data import Table, accounts, read


@dataclass(frozen=True, kw_only=True)
class DemoInvitation:
    organisation: str
    source: str  # "proposal": its proposal to the need; "suggestion": the matcher suggested ``seed``
    response: str  # "invited" (no answer yet), "accepted" or "declined"
    seed: str | None = None  # for a suggestion: the title of the organisation's public seed


@dataclass(frozen=True, kw_only=True)
class DemoRecord:
    on: date
    kind: str  # "meeting", "decision" or "next_step"
    author: str  # "coordinator", "staff" (of the need's department) or "member"
    body: str
    organisation: str | None = None  # the author's organisation when ``author`` is "member"


@dataclass(frozen=True, kw_only=True)
class DemoGroup:
    need_title: str
    name: str
    purpose: str
    status: str  # "forming", "active" or "concluded"
    formed_on: date
    activated_on: date | None = None  # None while forming
    concluded_on: date | None = None  # set iff concluded
    outcome: str | None = None  # required iff concluded
    invitations: tuple[DemoInvitation, ...]
    records: tuple[DemoRecord, ...]


class DemoScores(NamedTuple):
    """The four criteria (課題適合性, 実現可能性, 費用対効果, 横展開可能性), each 1–5; a
    tuple so that the criteria can be counted and checked together."""

    fit: int
    feasibility: int
    cost_effectiveness: int
    scalability: int


@dataclass(frozen=True, kw_only=True)
class DemoEvaluation:
    need_title: str
    organisation_name: str  # whose proposal to the need
    evaluator: str  # "staff" (of the need's department) or "coordinator"
    has_conflict: bool = False
    scores: DemoScores | None = None  # None iff conflict
    comment: str
    on: date


@dataclass(frozen=True, kw_only=True)
class DemoStage:
    stage: str  # a PilotStage value
    on: date
    reason: str = ""  # required for "stopped"


@dataclass(frozen=True, kw_only=True)
class DemoKpi:
    procedure: str
    is_smartphone: bool
    minutes_before: float
    minutes_after: float


@dataclass(frozen=True, kw_only=True)
class DemoMilestone:
    fiscal_year: int  # one of CYCLE_YEARS
    plan: str
    result: str


@dataclass(frozen=True, kw_only=True)
class DemoPilot:
    need_title: str
    organisation_name: str  # the selected proposal's
    title: str
    summary: str
    stages: tuple[DemoStage, ...]  # from "considered" on, in order
    kpis: tuple[DemoKpi, ...]  # measured once the pilot runs; none while only considered
    milestones: tuple[DemoMilestone, ...]


@dataclass(frozen=True, kw_only=True)
class DemoCase:
    need_title: str  # its pilot's need
    title: str
    lessons: str
    publish: bool
    drafted_on: date
    published_on: date | None = None  # set iff published


@dataclass(frozen=True, kw_only=True)
class DemoCycle:
    """The cycle after the strategy's, with example targets by indicator key (1Q–4Q)."""

    first_fiscal_year: int
    note: str
    targets: dict[str, list[float]]


# The TOML writes a group's invitations and records, and a pilot's stages, KPIs and
# milestones, as nested arrays of tables named in the singular ([[group.record]]).


def _group(row: Table) -> DemoGroup:
    invitations, records = row.pop("invitation", []), row.pop("record", [])
    return DemoGroup(
        **row,
        invitations=tuple(DemoInvitation(**item) for item in invitations),
        records=tuple(DemoRecord(**item) for item in records),
    )


def _evaluation(row: Table) -> DemoEvaluation:
    scores = row.pop("scores", None)
    return DemoEvaluation(**row, scores=DemoScores(**scores) if scores else None)


def _pilot(row: Table) -> DemoPilot:
    stages, kpis, milestones = row.pop("stage"), row.pop("kpi", []), row.pop("milestone", [])
    return DemoPilot(
        **row,
        stages=tuple(DemoStage(**item) for item in stages),
        kpis=tuple(DemoKpi(**item) for item in kpis),
        milestones=tuple(DemoMilestone(**item) for item in milestones),
    )


_STORY = read("story.toml")
#: The day the story is told: nothing in it happens later.
STORY_TODAY: date = _STORY["story_today"]
#: The strategy cycle (4期制): milestones are written for these fiscal years.
CYCLE_YEARS: tuple[int, ...] = tuple(_STORY["cycle_years"])
#: Staff of the departments in the story; they score their department's proposals and
#: write in its working groups.
STAFF_ACCOUNTS = accounts(_STORY["staff_account"])
GROUPS = [_group(row) for row in _STORY["group"]]
EVALUATIONS = [_evaluation(row) for row in _STORY["evaluation"]]
PILOTS = [_pilot(row) for row in _STORY["pilot"]]
CASES = [DemoCase(**row) for row in _STORY["case"]]
#: When each approved organisation was approved (pending and rejected ones never are).
ORGANISATION_APPROVED_ON: dict[str, date] = _STORY["organisation_approved_on"]
#: People taking part for each approved organisation besides its demo member account.
MEMBER_COUNTS: dict[str, int] = _STORY["member_count"]
#: When each need was published (every need but the drafts).
NEED_PUBLISHED_ON: dict[str, date] = _STORY["need_published_on"]
#: The yearly survey results an administrator enters, by indicator key and fiscal year.
SURVEY_RESULTS: dict[str, dict[int, float]] = {
    key: {int(year): value for year, value in results.items()} for key, results in _STORY["survey_results"].items()
}
#: The cycle the administrator defines after the strategy's (FY2026–2029).
NEXT_CYCLE = DemoCycle(**_STORY["next_cycle"])

"""What a new case copies from its pilot: the need, the solution, the organisation, the
KPIs as sentences and the lessons. Written in Japanese, the programme's language, whatever
the coordinator's own (the case is published as it is stored)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.models import Pilot, PilotKpi
from hackplat.pilots.kpis import percent_shown, reduction

CASE_LOCALE = "ja"


@dataclass(frozen=True)
class CaseFields:
    """What the case form edits; ``department_id`` and ``theme_id`` are ids (None: not
    chosen)."""

    title: str
    department_id: int | None
    theme_id: int | None
    need_summary: str = ""
    solution: str = ""
    organisation_name: str = ""
    results: str = ""
    lessons: str = ""


TEXT_FIELDS = ("need_summary", "solution", "organisation_name", "results", "lessons")


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _minutes(value: float) -> str:
    """60.0 → "60", 7.5 → "7.5" (minutes are typed with a decimal or two at most)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def kpi_line(kpi: PilotKpi) -> str:
    """「手続名: 60分 → 15分（75.0%短縮）」, with the percentage the pilot page shows."""
    before, after = _minutes(kpi.minutes_before), _minutes(kpi.minutes_after)
    share_saved = reduction(kpi.minutes_before, kpi.minutes_after)
    if share_saved < 0:
        return _(
            "%(procedure)s: %(before)s分 → %(after)s分（%(percent)s%%増加）",
            procedure=kpi.procedure,
            before=before,
            after=after,
            percent=percent_shown(-share_saved),
        )
    return _("%(procedure)s: %(before)s分 → %(after)s分（%(percent)s%%短縮）",
             procedure=kpi.procedure, before=before, after=after, percent=percent_shown(share_saved))  # fmt: skip


def _lessons(pilot: Pilot) -> str:
    """The result written for the pilot's latest fiscal year that has one."""
    return next((m.result.strip() for m in reversed(pilot.milestones) if m.result.strip()), "")


def prefilled(pilot: Pilot) -> CaseFields:
    need, proposal = pilot.need, pilot.proposal
    with force_locale(CASE_LOCALE):
        results = "\n".join(kpi_line(kpi) for kpi in pilot.kpis)
    return CaseFields(
        title=pilot.title,
        department_id=need.department_id,
        theme_id=need.theme_id,
        need_summary=_paragraphs(need.problem, need.background),
        solution=_paragraphs(proposal.summary, proposal.approach),
        organisation_name=pilot.organisation.name,
        results=results,
        lessons=_lessons(pilot),
    )

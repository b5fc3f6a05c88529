"""Pilot routes × roles (see tests/permission_rows.py for the vocabulary).

{pilot_pilot} is a pilot of the staff user's department run by *another* organisation
than the member's: the member may not see it (403), the department's staff and the
programme office manage it. {pilot_selected_proposal} is a selected proposal with no
pilot yet; {pilot_kpi} a KPI of {pilot_pilot}, {pilot_measurement} a measurement of it
waiting for the department, {pilot_lesson} an internal lesson of it."""

from __future__ import annotations

from hackplat.fiscal import fiscal_year_of, japan_today
from hackplat.models import (
    LessonCategory,
    NeedStatus,
    Pilot,
    PilotKpi,
    PilotLesson,
    PilotStage,
    PilotStageChange,
    ProposalStatus,
)
from hackplat.models.pilots import PilotMeasurement
from tests.permission_rows import COORDINATORS, FORBIDDEN, NOT_FOUND, OK, REDIRECT, SIGNED_IN, Row, by_role

#: The department's staff and the programme office; the member is of another organisation.
MANAGERS_PAGE = by_role(REDIRECT, FORBIDDEN, OK, OK, OK)
MANAGERS_ACTION = by_role(REDIRECT, FORBIDDEN, REDIRECT, REDIRECT, REDIRECT)
LESSON_WRITERS_PAGE = by_role(NOT_FOUND, NOT_FOUND, OK, OK, OK)
#: The rows are built when the tests are collected, the world when they run: a run may
#: cross midnight in Japan between the two, so the world's dates are this day or before.
COLLECTED_ON = japan_today()
TODAY = COLLECTED_ON.isoformat()
THIS_YEAR = fiscal_year_of(COLLECTED_ON)  # the pilot was considered today
KPI = {"procedure": "入所申請", "minutes_before": "60", "minutes_after": "45"}

ROWS: dict[str, Row] = {
    "pilots.index": ("GET", "/pilots/", {}, SIGNED_IN),
    "pilots.new": ("GET", "/pilots/new?proposal={pilot_selected_proposal}", {}, COORDINATORS),
    "pilots.detail": ("GET", "/pilots/{pilot_pilot}", {}, MANAGERS_PAGE),
    "pilots.edit": ("GET", "/pilots/{pilot_pilot}/edit", {}, MANAGERS_PAGE),
    "pilots.change_stage": (
        "POST", "/pilots/{pilot_pilot}/stage", {"stage": "evaluated", "changed_on": TODAY}, MANAGERS_ACTION),
    "pilots.save_milestone": (
        "POST", f"/pilots/{{pilot_pilot}}/milestones/{THIS_YEAR}",
        {f"fy{THIS_YEAR}-plan": "3区で試行", f"fy{THIS_YEAR}-result": "", f"fy{THIS_YEAR}-version": "1"},
        MANAGERS_ACTION,
    ),
    "pilots.add_kpi": ("POST", "/pilots/{pilot_pilot}/kpis", KPI, MANAGERS_ACTION),
    "pilots.edit_kpi": ("GET", "/pilots/{pilot_pilot}/kpis/{pilot_kpi}/edit", {}, MANAGERS_PAGE),
    "pilots.confirm_delete_kpi": ("GET", "/pilots/{pilot_pilot}/kpis/{pilot_kpi}/delete", {}, MANAGERS_PAGE),
    "pilots.delete_kpi": ("POST", "/pilots/{pilot_pilot}/kpis/{pilot_kpi}/delete", {}, MANAGERS_ACTION),
    # The member is of another organisation: nobody in the table enters a measurement.
    "pilots.propose_measurement": (
        "POST", "/pilots/{pilot_pilot}/measurements", {"minutes_after": "30"},
        by_role(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "pilots.decide_measurement": (
        "POST", "/pilots/{pilot_pilot}/measurements/{pilot_measurement}/reject", {}, MANAGERS_ACTION),
    # Internal lessons: to the public and to members (even of the pilot's organisation) they do not exist.
    "pilots.new_lesson": ("GET", "/pilots/{pilot_pilot}/lessons/new", {}, LESSON_WRITERS_PAGE),
    "pilots.edit_lesson": ("GET", "/pilots/{pilot_pilot}/lessons/{pilot_lesson}/edit", {}, LESSON_WRITERS_PAGE),
    "pilots.confirm_delete_lesson": (
        "GET", "/pilots/{pilot_pilot}/lessons/{pilot_lesson}/delete", {}, LESSON_WRITERS_PAGE),
    "pilots.delete_lesson": (
        "POST", "/pilots/{pilot_pilot}/lessons/{pilot_lesson}/delete", {},
        by_role(NOT_FOUND, NOT_FOUND, REDIRECT, REDIRECT, REDIRECT)),
}  # fmt: skip


def extend_world(world: dict, factories) -> None:
    staff, db = world["users"]["staff"], factories.db
    proposer = factories.make_organisation(name="試行の提案組織")
    selected = factories.make_proposal(world["open_need"], proposer, ProposalStatus.SELECTED)
    piloting = factories.make_need(department=staff.department, status=NeedStatus.PILOTING)
    piloted = factories.make_proposal(piloting, world["other_org"], ProposalStatus.SELECTED)
    pilot = Pilot(
        proposal=piloted, need=piloting, department_id=staff.department_id, organisation_id=world["other_org"].id,
        title="試行", stage=PilotStage.RUNNING, stage_changed_on=COLLECTED_ON,  # measurements are decided while it runs
    )  # fmt: skip
    pilot.stage_changes.append(PilotStageChange(to_stage=PilotStage.RUNNING, changed_on=COLLECTED_ON))
    kpi = PilotKpi(procedure="申請", minutes_before=60, minutes_after=45)
    kpi.measurements.append(PilotMeasurement(minutes_after=30, measured_on=COLLECTED_ON))
    pilot.kpis.append(kpi)
    db.session.add(pilot)
    lesson = PilotLesson(pilot=pilot, category=LessonCategory.PROCUREMENT, title="調達", body="随意契約で進めた")
    db.session.add(lesson)
    db.session.commit()
    world["ids"].update(pilot_lesson=lesson.id)
    world["ids"].update(pilot_pilot=pilot.id, pilot_selected_proposal=selected.id, pilot_kpi=kpi.id,
                        pilot_measurement=kpi.measurements[0].id)  # fmt: skip

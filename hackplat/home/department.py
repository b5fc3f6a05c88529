"""A staff member's home: their department's needs with proposals waiting for a decision,
proposals they have yet to evaluate, the KPIs to enter and the measurements to confirm on
the department's pilots, and cases waiting for the department's consent. Every query is
limited to the department (``own_department_id``): another department's rows never show."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from hackplat.home.items import Entry, QueryProvider, Rows, register
from hackplat.home.office import case_entry, day
from hackplat.models import (
    CaseStatus,
    Evaluation,
    KnowledgeCase,
    Need,
    Pilot,
    PilotKpi,
    PilotStage,
    Proposal,
    ProposalStatus,
    User,
)
from hackplat.models.pilots import MeasurementStatus, PilotMeasurement
from hackplat.permissions import is_staff
from hackplat.permissions.roles import equals_if_known, own_department_id

#: Pilots that should have their KPIs by now (running, or being evaluated).
KPI_STAGES = (PilotStage.RUNNING, PilotStage.EVALUATED)


def _ours(column: Any, user: User) -> Any:
    return equals_if_known(column, own_department_id(user))


def _needs_with_new_proposals(user: User) -> Rows:
    """The department's needs with submitted proposals nobody has shortlisted or
    declined yet, the oldest waiting first."""

    # Per need of the department, from indexes alone (needs by department and id,
    # proposals by status, need and date): a grouping of the submitted proposals was
    # hashed or walked over all of them (50,000).
    def of_need(what: Any) -> Any:
        waiting = (Proposal.need_id == Need.id, Proposal.status == ProposalStatus.SUBMITTED)
        return select(what).where(*waiting).correlate(Need).scalar_subquery()

    # EXISTS of the id (in every index), not of *: SQLite read each proposal row for "*".
    has_waiting = select(Proposal.id).where(Proposal.need_id == Need.id, Proposal.status == ProposalStatus.SUBMITTED)
    return (
        select(Need, of_need(func.count(Proposal.id)).label("n"))
        .where(_ours(Need.department_id, user), has_waiting.correlate(Need).exists())
        .order_by(of_need(func.min(Proposal.submitted_at)), Need.id)
    )


def _new_proposals_entry(row: Any) -> Entry:
    need, count = row
    note = _("新しい提案 %(n)d件", n=count)
    return Entry(need.title, url_for("proposals.for_need", need_id=need.id, status="submitted"), note)


def _evaluations_to_do(user: User) -> Rows:
    """Shortlisted proposals of the department's needs the user has not scored (nor
    declared a conflict on), with nothing of the need selected yet."""
    done = exists().where(
        Evaluation.proposal_id == Proposal.id,
        Evaluation.evaluator_id == user.id,
        (Evaluation.submitted_at.is_not(None)) | Evaluation.has_conflict,
    )
    chosen = aliased(Proposal)
    selected = exists().where(chosen.need_id == Proposal.need_id, chosen.status == ProposalStatus.SELECTED)
    return (
        select(Proposal, Need.title)
        .join(Need, Need.id == Proposal.need_id)
        .where(_ours(Need.department_id, user), Proposal.status == ProposalStatus.SHORTLISTED)
        .where(~done, ~selected)
        .order_by(Need.deadline, Proposal.id)
    )


def _evaluation_entry(row: Any) -> Entry:
    proposal, need_title = row
    return Entry(
        need_title, url_for("evaluations.proposal", proposal_id=proposal.id), _("提案 #%(id)d", id=proposal.id)
    )


def _kpis_to_enter(user: User) -> Rows:
    has_kpi = exists().where(PilotKpi.pilot_id == Pilot.id)
    return (
        select(Pilot)
        .where(_ours(Pilot.department_id, user), Pilot.stage.in_(KPI_STAGES), ~has_kpi)
        .order_by(Pilot.stage_changed_on, Pilot.id)
    )


def _kpi_entry(pilot: Pilot) -> Entry:
    return Entry(pilot.title, url_for("pilots.detail", pilot_id=pilot.id), _("KPIが未登録です"))


def _measurements_to_confirm(user: User) -> Rows:
    return (
        select(PilotMeasurement, PilotKpi.procedure, Pilot.id, Pilot.title)
        .join(PilotKpi, PilotKpi.id == PilotMeasurement.kpi_id)
        .join(Pilot, Pilot.id == PilotKpi.pilot_id)
        .where(_ours(Pilot.department_id, user), PilotMeasurement.status == MeasurementStatus.PROPOSED)
        .order_by(PilotMeasurement.proposed_at, PilotMeasurement.id)
    )


def measurement_entry(row: Any) -> Entry:
    measurement, procedure, pilot_id, pilot_title = row
    note = _("%(procedure)s（測定日 %(date)s）", procedure=procedure, date=day(measurement.measured_on))
    return Entry(pilot_title, url_for("pilots.detail", pilot_id=pilot_id), note)


def _department_consent(user: User) -> Rows:
    pilots = select(Pilot.id).where(_ours(Pilot.department_id, user))
    return (
        select(KnowledgeCase)
        .where(KnowledgeCase.status == CaseStatus.AWAITING_CONSENT, KnowledgeCase.department_consent_at.is_(None))
        .where(KnowledgeCase.pilot_id.in_(pilots))
        .order_by(KnowledgeCase.updated_at, KnowledgeCase.id)
    )


register(
    QueryProvider(
        "staff.new_proposals", _l("新しい提案が届いた課題"), is_staff,
        _needs_with_new_proposals, _new_proposals_entry, lambda user: url_for("needs.mine"),
    )
)  # fmt: skip
register(QueryProvider("staff.evaluations", _l("評価する提案"), is_staff, _evaluations_to_do, _evaluation_entry))
register(
    QueryProvider(
        "staff.measurements", _l("確認を待っている測定値"), is_staff, _measurements_to_confirm, measurement_entry,
        lambda user: url_for("pilots.index"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "staff.kpis",
        _l("KPIを登録する試行"),
        is_staff,
        _kpis_to_enter,
        _kpi_entry,
        lambda user: url_for("pilots.index"),
    )
)
register(
    QueryProvider(
        "staff.consent", _l("部署の同意を待っている事例"), is_staff, _department_consent, case_entry,
    )
)  # fmt: skip

"""A member's home: working-group invitations to answer, draft proposals to submit before
their deadline, the proposals under review, KPIs to measure on the organisation's pilots,
cases waiting for the organisation's consent, and the needs the matcher recommends for
the organisation's seeds. Every query is limited to the member's organisation."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from hackplat.extensions import db
from hackplat.home.items import Entry, ListProvider, QueryProvider, Rows, register
from hackplat.home.office import case_entry, day
from hackplat.labels import PROPOSAL_STATUS_LABELS
from hackplat.matching.suggestions import needs_for_organisation
from hackplat.models import (
    CaseStatus,
    KnowledgeCase,
    MembershipStatus,
    Need,
    Pilot,
    PilotKpi,
    PilotStage,
    Proposal,
    ProposalStatus,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.models.pilots import PilotMeasurement
from hackplat.needs.calls import takes_proposals
from hackplat.permissions import is_member
from hackplat.permissions.roles import equals_if_known, own_organisation_id

UNDER_REVIEW = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED)


def _ours(column: Any, user: User) -> Any:
    return equals_if_known(column, own_organisation_id(user))


def _invitations(user: User) -> Rows:
    return (
        select(WorkingGroup, WorkingGroupMembership.invited_at)
        .join(WorkingGroupMembership, WorkingGroupMembership.group_id == WorkingGroup.id)
        .where(_ours(WorkingGroupMembership.organisation_id, user))
        .where(WorkingGroupMembership.status == MembershipStatus.INVITED)
        .where(WorkingGroup.status != WorkingGroupStatus.CONCLUDED)
        .order_by(WorkingGroupMembership.invited_at, WorkingGroup.id)
    )


def _invitation_entry(row: Any) -> Entry:
    group, invited_at = row
    note = _("招待 %(date)s", date=day(invited_at))
    return Entry(group.name, url_for("workgroups.detail", group_id=group.id), note)


def _drafts(user: User) -> Rows:
    return (
        select(Proposal, Need)
        .join(Need, Need.id == Proposal.need_id)
        .where(_ours(Proposal.organisation_id, user), Proposal.status == ProposalStatus.DRAFT, takes_proposals())
        .order_by(Need.deadline, Proposal.id)
    )


def _proposal_entry(row: Any) -> Entry:
    proposal, need = row
    status = PROPOSAL_STATUS_LABELS[proposal.status]
    if need.deadline is not None:
        note = _("%(status)s・締切 %(date)s", status=status, date=day(need.deadline))
    else:
        note = str(status)
    return Entry(need.title, url_for("proposals.detail", proposal_id=proposal.id), note)


def _under_review(user: User) -> Rows:
    return (
        select(Proposal, Need)
        .join(Need, Need.id == Proposal.need_id)
        .where(_ours(Proposal.organisation_id, user), Proposal.status.in_(UNDER_REVIEW))
        .order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
    )


def _kpis_to_measure(user: User) -> Rows:
    """KPIs of the organisation's running pilots with no measurement entered yet."""
    measured = exists().where(PilotMeasurement.kpi_id == PilotKpi.id)
    return (
        select(PilotKpi, Pilot)
        .join(Pilot, Pilot.id == PilotKpi.pilot_id)
        .where(_ours(Pilot.organisation_id, user), Pilot.stage == PilotStage.RUNNING, ~measured)
        .order_by(Pilot.id, PilotKpi.id)
    )


def _kpi_entry(row: Any) -> Entry:
    kpi, pilot = row
    return Entry(pilot.title, url_for("pilots.detail", pilot_id=pilot.id), kpi.procedure)


def _organisation_consent(user: User) -> Rows:
    pilots = select(Pilot.id).where(_ours(Pilot.organisation_id, user))
    return (
        select(KnowledgeCase)
        .where(KnowledgeCase.status == CaseStatus.AWAITING_CONSENT, KnowledgeCase.organisation_consent_at.is_(None))
        .where(KnowledgeCase.pilot_id.in_(pilots))
        .order_by(KnowledgeCase.updated_at, KnowledgeCase.id)
    )


def _recommended(user: User, limit: int) -> list[Entry]:
    """The matcher's needs for the organisation's seeds, less those it proposed to."""
    if user.organisation is None:
        return []
    proposed = set(db.session.scalars(select(Proposal.need_id).where(_ours(Proposal.organisation_id, user))))
    suggestions = needs_for_organisation(user.organisation, limit=limit, leaving_out=proposed)
    return [
        Entry(s.need.title, url_for("needs.detail", need_id=s.need.id), _("シーズ「%(seed)s」", seed=s.seed.title))
        for s in suggestions
    ]


register(
    QueryProvider(
        "member.invitations", _l("回答を待っているワーキンググループへの招待"), is_member,
        _invitations, _invitation_entry, lambda user: url_for("workgroups.index"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "member.drafts", _l("締切までに提出する提案（下書き）"), is_member,
        _drafts, _proposal_entry, lambda user: url_for("proposals.mine"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "member.kpis", _l("測定値を登録するKPI"), is_member, _kpis_to_measure, _kpi_entry,
        lambda user: url_for("pilots.index"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "member.consent", _l("組織の同意を待っている事例"), is_member, _organisation_consent, case_entry,
    )
)  # fmt: skip
register(
    QueryProvider(
        "member.under_review", _l("審査中の提案"), is_member, _under_review, _proposal_entry,
        lambda user: url_for("proposals.mine"), todo=False,
    )
)  # fmt: skip
register(ListProvider("member.recommended", _l("自組織のシーズに合う募集中の課題"), is_member, _recommended))

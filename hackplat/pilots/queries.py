"""Reading pilots: one pilot as its reader may see it, the proposal a pilot is made from,
and the list (all for the programme office, the department's for its staff, the
organisation's for its members), each served by an index of the model."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from hackplat.errors import NotFound
from hackplat.extensions import db
from hackplat.models import Need, Pilot, PilotKpi, PilotStage, PilotStageChange, Proposal, User
from hackplat.permissions import can_view_pilot, is_signed_in, require, visible_pilots


def pilot_of_proposal(proposal: Proposal) -> Pilot | None:
    """The pilot made from ``proposal``, if any (the unique proposal_id index)."""
    return db.session.scalar(select(Pilot).where(Pilot.proposal_id == proposal.id))


def visible_pilot(pilot_id: int, *, actor: User) -> Pilot:
    """The pilot with what its page shows, if ``actor`` may see it (404 if missing, 403
    if not theirs)."""
    options = [
        joinedload(Pilot.need).joinedload(Need.department),
        joinedload(Pilot.organisation),
        joinedload(Pilot.proposal),
        selectinload(Pilot.stage_changes).joinedload(PilotStageChange.actor),
        selectinload(Pilot.milestones),
        selectinload(Pilot.kpis),
    ]
    pilot = db.session.get(Pilot, pilot_id, options=options)
    if pilot is None:
        raise NotFound(_("お探しの試行プロジェクトは見つかりませんでした。"))
    require(can_view_pilot(actor, pilot))
    return pilot


def kpi_of(pilot: Pilot, kpi_id: int) -> PilotKpi:
    """One of the pilot's KPIs (another pilot's KPI is answered as missing)."""
    kpi = next((kpi for kpi in pilot.kpis if kpi.id == kpi_id), None)
    if kpi is None:
        raise NotFound(_("お探しの指標は見つかりませんでした。"))
    return kpi


def proposal_to_pilot(proposal_id: int | None) -> Proposal:
    """The proposal named by ``/pilots/new?proposal=<id>`` (whether it may become a pilot
    is the service's question)."""
    proposal = db.session.get(Proposal, proposal_id) if proposal_id else None
    if proposal is None:
        raise NotFound(_("お探しの提案は見つかりませんでした。"))
    return proposal


def pilots_query(actor: User, stage: PilotStage | None = None) -> Select[Pilot]:
    """The pilots ``actor`` may see, newest first, optionally of one stage: served by the
    (stage, created_at), (department_id, stage) and (organisation_id, stage) indexes.
    Every signed-in role has pilots it may see: the list is refused only to visitors."""
    require(is_signed_in(actor))
    options = (joinedload(Pilot.department), joinedload(Pilot.organisation))
    query = select(Pilot).options(*options).where(visible_pilots(actor))
    if stage is not None:
        query = query.where(Pilot.stage == stage)
    return query.order_by(Pilot.created_at.desc(), Pilot.id.desc())

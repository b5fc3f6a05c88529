"""Reading proposals: one proposal as its reader may see it, and the two lists (an
organisation's own, a need's for the city). Each list is served by an index of the model."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from hackplat.errors import NotFound
from hackplat.extensions import db
from hackplat.models import Need, Proposal, ProposalStatus, Seed, User
from hackplat.needs.services import visible_need
from hackplat.permissions import (
    can_propose,
    can_see_proposals_of,
    can_view_need,
    can_view_proposal,
    editable_proposals,
    editable_seeds,
    require,
    visible_proposals,
)

#: What the city sees of a need's proposals: all but the organisations' drafts.
SEEN_BY_CITY = tuple(status for status in ProposalStatus if status is not ProposalStatus.DRAFT)


def visible_proposal(proposal_id: int, *, actor: User) -> Proposal:
    """The proposal, if the actor may see it. A draft they may not see is answered as
    missing (404: that it exists is the organisation's business); any other as 403."""
    options = [
        joinedload(Proposal.need).joinedload(Need.department),
        joinedload(Proposal.organisation),
        joinedload(Proposal.seed),
    ]
    proposal = db.session.get(Proposal, proposal_id, options=options)
    if proposal is None or (proposal.status is ProposalStatus.DRAFT and not can_view_proposal(actor, proposal)):
        raise NotFound(_("お探しの提案は見つかりませんでした。"))
    require(can_view_proposal(actor, proposal))
    return proposal


def need_to_propose_to(need_id: int | None, *, actor: User) -> Need:
    """The need a member is about to propose to (whether it still accepts is the caller's
    next question: an organisation that already proposed is sent to its proposal first)."""
    require(can_propose(actor))
    return visible_need(need_id, actor=actor)


def own_seeds(actor: User) -> list[Seed]:
    """The actor's organisation's seeds, newest first (the (organisation, updated_at) index)."""
    query = select(Seed).where(editable_seeds(actor)).order_by(Seed.updated_at.desc(), Seed.id.desc())
    return list(db.session.scalars(query))


def seed_summary(seed: Seed) -> str:
    """A starting text for the proposal's summary: the seed's summary and description."""
    return "\n\n".join(part.strip() for part in (seed.summary, seed.description) if part.strip())


def organisation_proposals(actor: User) -> Select[Proposal]:
    """The actor's organisation's proposals, drafts included, last changed first."""
    require(can_propose(actor))
    return (
        select(Proposal)
        .where(editable_proposals(actor))
        .options(joinedload(Proposal.need))
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
    )


def need_proposals(need: Need, status: ProposalStatus | None, *, actor: User) -> Select[Proposal]:
    """A need's proposals for its department and coordinators, optionally of one status
    (a draft, which the city never sees, counts as no choice: all the city sees). A need
    the actor may not even see (another department's draft) is answered as missing."""
    if not can_view_need(actor, need):
        raise NotFound(_("お探しの課題は見つかりませんでした。"))
    require(can_see_proposals_of(actor, need))
    query = (
        select(Proposal)
        .where(Proposal.need_id == need.id, visible_proposals(actor))
        .options(joinedload(Proposal.organisation))
        .order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
    )
    return query.where(Proposal.status == status) if status in SEEN_BY_CITY else query

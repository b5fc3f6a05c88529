"""Proposals and their evaluation: a draft is its organisation's own business; once
submitted, the need's department and the programme office read, score and decide."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select

from hackplat.models import Actor, Need, Proposal, ProposalStatus
from hackplat.permissions.needs import can_see_proposals_of
from hackplat.permissions.roles import (
    equals_if_known,
    is_coordinator,
    is_member,
    is_member_of,
    own_department_id,
    own_organisation_id,
)


def can_propose(user: Actor) -> bool:
    """Members of approved organisations (a signed-in member's organisation is approved)."""
    return is_member(user)


def can_view_proposal(user: Actor, proposal: Proposal) -> bool:
    """The proposer's organisation always; the need's department and coordinators once
    it has been submitted (a draft is the organisation's own business)."""
    if is_member_of(user, proposal.organisation_id):
        return True
    return proposal.status is not ProposalStatus.DRAFT and can_see_proposals_of(user, proposal.need)


def visible_proposals(user: Actor) -> ColumnElement[bool]:
    """The proposals ``can_view_proposal`` lets ``user`` see, as a WHERE clause: their
    organisation's own, and the submitted ones of the needs whose proposals they see
    (``can_see_proposals_of``: the programme office, or the need's department)."""
    submitted = Proposal.status != ProposalStatus.DRAFT
    if is_coordinator(user):
        return submitted
    department_id = own_department_id(user)
    if department_id is None:
        return editable_proposals(user)
    return and_(submitted, Proposal.need_id.in_(select(Need.id).where(Need.department_id == department_id)))


def can_edit_proposal(user: Actor, proposal: Proposal) -> bool:
    return is_member_of(user, proposal.organisation_id)


def editable_proposals(user: Actor) -> ColumnElement[bool]:
    """The proposals ``can_edit_proposal`` lets ``user`` edit (their organisation's), as a
    WHERE clause."""
    return equals_if_known(Proposal.organisation_id, own_organisation_id(user))


def can_decide_proposal(user: Actor, proposal: Proposal) -> bool:
    """Shortlist, decline or select: the need's department staff and coordinators, except
    one who declared a conflict of interest with this proposal's organisation."""
    if proposal.status is ProposalStatus.DRAFT or not can_see_proposals_of(user, proposal.need):
        return False
    return not declared_conflict(user, proposal)


def declared_conflict(user: Actor, proposal: Proposal) -> bool:
    """``user`` declared a conflict of interest on ``proposal`` when evaluating it."""
    user_id = getattr(user, "id", None)
    return user_id is not None and any(e.evaluator_id == user_id and e.has_conflict for e in proposal.evaluations)


def can_evaluate_proposal(user: Actor, proposal: Proposal) -> bool:
    """The need's department staff and coordinators score shortlisted proposals."""
    return can_evaluate_for(user, proposal.need)


def can_evaluate_for(user: Actor, need: Need) -> bool:
    """The need's evaluation table and its "select" decision: the same people."""
    return can_see_proposals_of(user, need)

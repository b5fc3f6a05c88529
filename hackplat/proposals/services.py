"""Proposals: drafting, the life cycle ``draft → submitted → shortlisted → selected |
declined | withdrawn`` (withdrawn → submitted again while the call is open).

Every change goes through ``create_proposal``, ``update_proposal``, ``delete_draft`` or
``change_proposal_status``: each checks who may act, then the life cycle, then the input,
writes the audit record and flushes; the request commits once. When the call accepts a
proposal, and when one may be selected, is ``rules``' business.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.labels import PROPOSAL_STATUS_LABELS
from hackplat.lifecycle import LifeCycle, Move
from hackplat.models import Need, Proposal, ProposalStatus, Seed, User
from hackplat.permissions import can_decide_proposal, can_edit_proposal, can_propose, require
from hackplat.proposals import rules
from hackplat.proposals.notices import tell_about_move
from hackplat.proposals.rules import require_accepting, require_no_conflict, require_selectable
from hackplat.proposals.versions import record_version
from hackplat.validation import checked_text

DRAFT, SUBMITTED, SHORTLISTED = ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED
SELECTED, DECLINED, WITHDRAWN = ProposalStatus.SELECTED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN

#: The city's decisions: they set ``decided_at`` (and a decline, its reason for the proposer).
DECISIONS = frozenset({SHORTLISTED, DECLINED, SELECTED})

#: Longest accepted input per field (the cost is a String(200) column).
MAX_LENGTHS = {"summary": 2000, "approach": 5000, "schedule": 2000, "cost_estimate": 200, "city_support": 2000}


@dataclass(frozen=True)
class ProposalContent:
    """What the proposer writes; ``seed_id`` names one of their organisation's seeds."""

    summary: str
    approach: str = ""
    schedule: str = ""
    cost_estimate: str = ""
    city_support: str = ""
    seed_id: int | None = None


def existing_proposal(need: Need, organisation_id: int | None) -> Proposal | None:
    query = select(Proposal).where(Proposal.need_id == need.id, Proposal.organisation_id == organisation_id)
    return db.session.scalar(query)


def _already_proposed() -> Conflict:
    return Conflict(_("あなたの組織はこの課題に既に提案しています。提案は1つの課題につき1組織1件です。"))


def _validate(content: ProposalContent, actor: User) -> None:
    for name, limit in MAX_LENGTHS.items():
        checked_text(getattr(content, name), name, limit, needed=name == "summary")
    if content.seed_id is not None:
        seed = db.session.get(Seed, content.seed_id)
        if seed is None or seed.organisation_id != actor.organisation_id:
            raise InvalidInput(_("自分の組織のシーズを選んでください。"), field="seed_id")


def create_proposal(need: Need, content: ProposalContent, *, actor: User) -> Proposal:
    """A draft of the actor's organisation; only one per organisation and need."""
    require(can_propose(actor))
    require_accepting(need, actor.organisation_id)
    if existing_proposal(need, actor.organisation_id) is not None:
        raise _already_proposed()
    _validate(content, actor)
    proposal = Proposal(need=need, organisation_id=actor.organisation_id, author=actor, **asdict(content))
    db.session.add(proposal)
    flush_or_conflict(on_duplicate=_already_proposed())
    audit.record("proposal.created", "proposal", proposal.id, actor=actor, detail={"need_id": need.id})
    return proposal


def update_proposal(proposal: Proposal, content: ProposalContent, *, version: int | None, actor: User) -> Proposal:
    """Edit a proposal loaded at ``version`` (the edit form's hidden field): a draft, or a
    submitted one until the call ends, whose new text is kept as its next version."""
    require(can_edit_proposal(actor, proposal))
    require_editable(proposal)
    require_version(proposal, version)
    _validate(content, actor)
    changed = sorted(name for name, value in asdict(content).items() if getattr(proposal, name) != value)
    for name in changed:
        setattr(proposal, name, getattr(content, name))
    detail: dict[str, object] = {"fields": changed}
    if changed and proposal.status is SUBMITTED:
        detail["version"] = record_version(proposal, actor=actor).number
    flush_or_conflict()
    audit.record("proposal.updated", "proposal", proposal.id, actor=actor, detail=detail)
    return proposal


def delete_draft(proposal: Proposal, *, actor: User) -> None:
    """Delete a draft the city has never seen (a submitted proposal is withdrawn instead)."""
    require(can_edit_proposal(actor, proposal))
    if proposal.status is not DRAFT:
        raise Conflict(_("削除できるのは下書きだけです。提出した提案は取り下げてください。"))
    audit.record("proposal.deleted", "proposal", proposal.id, actor=actor, detail={"need_id": proposal.need_id})
    db.session.delete(proposal)
    flush_or_conflict()


def _accepting(proposal: Proposal) -> None:
    require_accepting(proposal.need, proposal.organisation_id)


#: The life cycle: each move that exists, who may make it (the proposer's side or the
#: city's), and its own condition.
LIFE_CYCLE: LifeCycle[ProposalStatus, Proposal] = LifeCycle(
    moves={
        (DRAFT, SUBMITTED): Move(can_edit_proposal, guard=_accepting),
        (SUBMITTED, SHORTLISTED): Move(can_decide_proposal),
        (SUBMITTED, DECLINED): Move(can_decide_proposal),
        (SHORTLISTED, DECLINED): Move(can_decide_proposal),
        (SHORTLISTED, SELECTED): Move(can_decide_proposal, guard=require_selectable),
        # A draft is deleted, not withdrawn: a withdrawn proposal is shown to the city, and
        # a draft's text was never submitted to it.
        (SUBMITTED, WITHDRAWN): Move(can_edit_proposal),
        (SHORTLISTED, WITHDRAWN): Move(can_edit_proposal),
        (WITHDRAWN, SUBMITTED): Move(can_edit_proposal, guard=_accepting),  # again, before the deadline
    },
    labels=PROPOSAL_STATUS_LABELS,
    refusal=_l("「%(before)s」の提案を「%(after)s」にすることはできません。"),
    audit_prefix="proposal",
    object_type="proposal",
)


def require_editable(proposal: Proposal) -> None:
    """A draft, or a submitted proposal while its organisation may still propose."""
    if proposal.status is SUBMITTED:
        require_accepting(proposal.need, proposal.organisation_id)
    elif proposal.status is not DRAFT:
        raise Conflict(_("編集できるのは下書きと、締切前の提出済みの提案だけです。"))


def change_proposal_status(
    proposal: Proposal, to: ProposalStatus, *, actor: User, reason: str | None = None
) -> Proposal:
    """The one way to move a proposal along its life cycle (see ``LIFE_CYCLE``); a
    decline needs a reason, which the proposer is told; an evaluator who declared a
    conflict of interest takes no decision on it."""
    if to in DECISIONS:
        require_no_conflict(actor, proposal)
    step = LIFE_CYCLE.check(proposal, to, actor=actor)
    reason = _decision_reason(to, reason)
    _stamp(proposal, to, reason)
    if to is SUBMITTED:
        record_version(proposal, actor=actor)
    LIFE_CYCLE.enter(proposal, step, detail={"reason": reason})
    tell_about_move(proposal, step.before)
    return proposal


def _decision_reason(to: ProposalStatus, reason: str | None) -> str | None:
    """Only a decline has a reason, and it must have one."""
    if to is not DECLINED:
        return None
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("見送りの理由を入力してください。"), field="reason")
    return reason


def _stamp(proposal: Proposal, to: ProposalStatus, reason: str | None) -> None:
    if to is SUBMITTED:
        proposal.submitted_at = rules.now()
    if to in DECISIONS:
        proposal.decided_at = rules.now()
        proposal.decision_reason = reason


def allowed_moves(proposal: Proposal, actor: User) -> frozenset[ProposalStatus]:
    """The moves the actor may offer on the proposal's page (the service still checks)."""
    return frozenset(LIFE_CYCLE.allowed(proposal, actor))

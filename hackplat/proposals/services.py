"""Proposals: drafting, the life cycle ``draft → submitted → shortlisted → selected |
declined | withdrawn``, and the proposal deadline (a date in Japan time).

Every change goes through ``create_proposal``, ``update_proposal`` or
``change_proposal_status``: each checks who may act, then the life cycle, then the input,
writes the audit record and flushes; the request commits once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import JAPAN
from hackplat.labels import PROPOSAL_STATUS_LABELS
from hackplat.lifecycle import LifeCycle, Move
from hackplat.models import Need, NeedStatus, Proposal, ProposalStatus, Seed, User, utcnow
from hackplat.permissions import can_decide_proposal, can_edit_proposal, can_propose, require
from hackplat.proposals.notices import tell_about_move
from hackplat.validation import checked_text

DRAFT, SUBMITTED, SHORTLISTED = ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED
SELECTED, DECLINED, WITHDRAWN = ProposalStatus.SELECTED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN

#: The city's decisions: they set ``decided_at`` (and a decline, its reason for the proposer).
DECISIONS = frozenset({SHORTLISTED, DECLINED, SELECTED})

#: Longest accepted input per field (the cost is a String(200) column).
MAX_LENGTHS = {"summary": 2000, "approach": 5000, "schedule": 2000, "cost_estimate": 200, "city_support": 2000}


def now() -> datetime:
    """The current time (UTC); tests replace it to stand on either side of a deadline."""
    return utcnow()


@dataclass(frozen=True)
class ProposalContent:
    """What the proposer writes; ``seed_id`` names one of their organisation's seeds."""

    summary: str
    approach: str = ""
    schedule: str = ""
    cost_estimate: str = ""
    city_support: str = ""
    seed_id: int | None = None


def accepts_proposals(need: Need, at: datetime | None = None) -> bool:
    """Open, and ``at`` is no later than 23:59:59 Japan time on the deadline day."""
    if need.status is not NeedStatus.OPEN:
        return False
    return need.deadline is None or (at or now()).astimezone(JAPAN).date() <= need.deadline


def require_accepting(need: Need) -> None:
    if need.status is not NeedStatus.OPEN:
        raise Conflict(_("この課題は現在、提案を受け付けていません。"))
    if not accepts_proposals(need):
        deadline = format_date(need.deadline, "yyyy/MM/dd")
        raise Conflict(_("この課題の提案受付は締め切られました（締切: %(date)s 23:59 日本時間）。", date=deadline))


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
    require_accepting(need)
    if existing_proposal(need, actor.organisation_id) is not None:
        raise _already_proposed()
    _validate(content, actor)
    proposal = Proposal(need=need, organisation_id=actor.organisation_id, author=actor, **asdict(content))
    db.session.add(proposal)
    flush_or_conflict(on_duplicate=_already_proposed())
    audit.record("proposal.created", "proposal", proposal.id, actor=actor, detail={"need_id": need.id})
    return proposal


def update_proposal(proposal: Proposal, content: ProposalContent, *, version: int | None, actor: User) -> Proposal:
    """Edit a draft loaded at ``version`` (the edit form's hidden field)."""
    require(can_edit_proposal(actor, proposal))
    require_editable(proposal)
    require_version(proposal, version)
    _validate(content, actor)
    changed = sorted(name for name, value in asdict(content).items() if getattr(proposal, name) != value)
    for name in changed:
        setattr(proposal, name, getattr(content, name))
    flush_or_conflict()
    audit.record("proposal.updated", "proposal", proposal.id, actor=actor, detail={"fields": changed})
    return proposal


def _accepting(proposal: Proposal) -> None:
    require_accepting(proposal.need)


#: The life cycle: each move that exists, who may make it (the proposer's side or the
#: city's), and its own condition.
LIFE_CYCLE: LifeCycle[ProposalStatus, Proposal] = LifeCycle(
    moves={
        (DRAFT, SUBMITTED): Move(can_edit_proposal, guard=_accepting),
        (SUBMITTED, SHORTLISTED): Move(can_decide_proposal),
        (SUBMITTED, DECLINED): Move(can_decide_proposal),
        (SHORTLISTED, DECLINED): Move(can_decide_proposal),
        (SHORTLISTED, SELECTED): Move(can_decide_proposal),
        (DRAFT, WITHDRAWN): Move(can_edit_proposal),
        (SUBMITTED, WITHDRAWN): Move(can_edit_proposal),
        (SHORTLISTED, WITHDRAWN): Move(can_edit_proposal),
    },
    labels=PROPOSAL_STATUS_LABELS,
    refusal=_l("「%(before)s」の提案を「%(after)s」にすることはできません。"),
    audit_prefix="proposal",
    object_type="proposal",
)


def require_editable(proposal: Proposal) -> None:
    if proposal.status is not DRAFT:
        raise Conflict(_("提出した後の提案は編集できません。編集できるのは下書きの間だけです。"))


def change_proposal_status(
    proposal: Proposal, to: ProposalStatus, *, actor: User, reason: str | None = None
) -> Proposal:
    """The one way to move a proposal along its life cycle (see ``LIFE_CYCLE``); a
    decline needs a reason, which the proposer is told."""
    step = LIFE_CYCLE.check(proposal, to, actor=actor)
    reason = _decision_reason(to, reason)
    _stamp(proposal, to, reason)
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
        proposal.submitted_at = now()
    if to in DECISIONS:
        proposal.decided_at = now()
        proposal.decision_reason = reason


def allowed_moves(proposal: Proposal, actor: User) -> frozenset[ProposalStatus]:
    """The moves the actor may offer on the proposal's page (the service still checks)."""
    return frozenset(LIFE_CYCLE.allowed(proposal, actor))

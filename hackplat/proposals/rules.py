"""When a proposal may move, beyond who may move it: the call (its deadline, an early
close, and the working group whose invited organisations may still propose) and the
conditions of a selection (the call has ended, every shortlisted proposal has enough
evaluators, the decider declared no conflict of interest)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.models import (
    Evaluation,
    MembershipStatus,
    Need,
    Proposal,
    ProposalStatus,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
    utcnow,
)
from hackplat.needs.calls import CALLING_STATUSES, call_has_ended, call_is_open, deadline_text
from hackplat.permissions.proposals import declared_conflict

#: An organisation invited to (or in) a group that is still working may propose to its need.
GROUP_INVITEES = (MembershipStatus.INVITED, MembershipStatus.ACCEPTED)
WORKING_GROUPS = (WorkingGroupStatus.FORMING, WorkingGroupStatus.ACTIVE)


def now() -> datetime:
    """The current time (UTC); tests replace it to stand on either side of a deadline."""
    return utcnow()


def accepts_proposals(need: Need, at: datetime | None = None) -> bool:
    """The public call is open at ``at`` (see ``needs.calls.call_is_open``)."""
    return call_is_open(need, at or now())


def invited_to_group(need: Need, organisation_id: int | None) -> bool:
    """The organisation is invited to, or in, the need's working group while it works."""
    query = (
        select(WorkingGroupMembership.id)
        .join(WorkingGroup, WorkingGroup.id == WorkingGroupMembership.group_id)
        .where(WorkingGroup.need_id == need.id, WorkingGroup.status.in_(WORKING_GROUPS))
        .where(WorkingGroupMembership.organisation_id == organisation_id)
        .where(WorkingGroupMembership.status.in_(GROUP_INVITEES))
    )
    return organisation_id is not None and db.session.scalar(query.limit(1)) is not None


def may_propose_to(need: Need, organisation_id: int | None) -> bool:
    """The call is open, or the organisation is in the need's working group."""
    return accepts_proposals(need) or invited_to_group(need, organisation_id)


def require_accepting(need: Need, organisation_id: int | None = None) -> None:
    """Refuse (409, saying why) a proposal the need does not take from this organisation now."""
    if may_propose_to(need, organisation_id):
        return
    if need.status not in CALLING_STATUSES:
        raise Conflict(_("この課題は現在、提案を受け付けていません。"))
    if need.call_closed_at is not None:
        raise Conflict(_("この課題の提案募集は締め切られました（理由: %(reason)s）。", reason=need.call_closed_reason))
    raise Conflict(
        _("この課題の提案受付は締め切られました（締切: %(date)s 23:59 日本時間）。", date=deadline_text(need))
    )


def require_no_conflict(user: User | None, proposal: Proposal) -> None:
    if declared_conflict(user, proposal):
        raise Conflict(_("この提案について利益相反を申告しているため、この提案の採択・見送りには加われません。"))


def short_of_evaluators(need: Need) -> list[Proposal]:
    """The need's shortlisted proposals scored by fewer than ``need.min_evaluators``."""
    counted = (
        select(func.count(Evaluation.id))
        .where(Evaluation.proposal_id == Proposal.id, Evaluation.submitted_at.is_not(None))
        .where(Evaluation.has_conflict.is_(False))
        .scalar_subquery()
    )
    query = select(Proposal).where(Proposal.need_id == need.id, Proposal.status == ProposalStatus.SHORTLISTED)
    return list(db.session.scalars(query.where(counted < need.min_evaluators).order_by(Proposal.id)))


def require_selectable(proposal: Proposal) -> None:
    """The guard of a selection: the call has ended, and every shortlisted proposal of the
    need (this one included) has scores from at least ``min_evaluators`` evaluators."""
    need = proposal.need
    if not call_has_ended(need, now()):
        raise Conflict(
            _("提案の募集期間中は採択できません（締切: %(date)s 23:59 日本時間）。締切の後か、募集を締め切った後に採択してください。",
              date=deadline_text(need) or _("未定"))
        )  # fmt: skip
    short = short_of_evaluators(need)
    if short:
        names = "、".join(p.organisation.name for p in short)
        raise Conflict(
            _("評価者の数が足りない選考対象の提案があります（%(names)s）。各提案に%(count)d人以上の評価が必要です。",
              names=names, count=need.min_evaluators)
        )  # fmt: skip

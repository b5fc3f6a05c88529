"""Working groups: forming one for a need, inviting organisations, their answers, the
group's life cycle ``forming → active → concluded`` and its activity records.

Each verb checks who may act, then the life cycle, then the input; it writes the audit
record and flushes. The request commits once.

Membership: ``invited → accepted | declined`` and ``accepted → declined`` (an accepted
organisation may leave while the group is not concluded; it then loses access like one
that declined). An organisation is in a group at most once, whatever its answer: a
declined or departed organisation is not invited again (409).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.labels import (
    MEMBERSHIP_STATUS_LABELS,
    NEED_STATUS_LABELS,
    PROPOSAL_STATUS_LABELS,
    WORKING_GROUP_STATUS_LABELS,
)
from hackplat.lifecycle import LifeCycle, Move
from hackplat.matching.suggestions import invited_seed_ids, seeds_for_need
from hackplat.models import (
    ActivityKind,
    ActivityRecord,
    FeedbackKind,
    MembershipStatus,
    Need,
    NeedStatus,
    Organisation,
    OrganisationStatus,
    Proposal,
    ProposalStatus,
    Seed,
    SuggestionFeedback,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
    utcnow,
)
from hackplat.needs.services import change_need_status
from hackplat.permissions import (
    can_add_group_record,
    can_form_working_group,
    can_manage_working_group,
    can_respond_to_invitation,
    require,
)
from hackplat.validation import checked_text
from hackplat.workgroups import notices

FORMING, ACTIVE, CONCLUDED = WorkingGroupStatus.FORMING, WorkingGroupStatus.ACTIVE, WorkingGroupStatus.CONCLUDED
INVITED, ACCEPTED, DECLINED = MembershipStatus.INVITED, MembershipStatus.ACCEPTED, MembershipStatus.DECLINED

#: An organisation's answers, each from one state to another: accept or decline an
#: invitation, or leave after accepting.
ANSWERS = {"accept": (INVITED, ACCEPTED), "decline": (INVITED, DECLINED), "leave": (ACCEPTED, DECLINED)}
#: While the group works, it invites, hears answers and keeps records; a concluded group is history.
WORKING = (FORMING, ACTIVE)
#: The proposals the city has seen and not turned away: their organisations may be invited.
INVITABLE_PROPOSALS = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED)

NAME_MAX, TEXT_MAX = 200, 4000


# --- forming a group ---


def _already_formed() -> Conflict:
    return Conflict(_("この課題には既にワーキンググループがあります。1つの課題につき1グループです。"))


def require_formable(need: Need) -> None:
    """The need is open and has no group yet (409 otherwise)."""
    if db.session.scalar(select(WorkingGroup.id).where(WorkingGroup.need_id == need.id)) is not None:
        raise _already_formed()
    if need.status is not NeedStatus.OPEN:
        status = NEED_STATUS_LABELS[need.status]
        raise Conflict(
            _("「%(status)s」の課題にはワーキンググループを結成できません。募集中の課題だけです。", status=status)
        )


def form_working_group(need: Need, name: str, purpose: str, *, actor: User) -> WorkingGroup:
    """A new group (forming) led by ``actor``; the need moves to ``working_group``."""
    require(can_form_working_group(actor))
    require_formable(need)
    group = WorkingGroup(
        need=need,
        coordinator_id=actor.id,
        name=checked_text(name, "name", NAME_MAX, needed=True),
        purpose=checked_text(purpose, "purpose", TEXT_MAX, needed=False),
    )
    db.session.add(group)
    flush_or_conflict(on_duplicate=_already_formed())
    change_need_status(need, NeedStatus.WORKING_GROUP, actor=actor)
    audit.record("working_group.formed", "working_group", group.id, actor=actor, detail={"need_id": need.id})
    return group


# --- the group's life cycle ---


def _has_accepted_member(group: WorkingGroup) -> None:
    if not any(m.status is ACCEPTED for m in group.memberships):
        raise Conflict(_("活動を始めるには、参加を承諾した組織が1つ以上必要です。"))


#: The group's life cycle: the moves that exist, who may make each, and its condition.
LIFE_CYCLE: LifeCycle[WorkingGroupStatus, WorkingGroup] = LifeCycle(
    moves={
        (FORMING, ACTIVE): Move(can_manage_working_group, guard=_has_accepted_member),
        (ACTIVE, CONCLUDED): Move(can_manage_working_group),
    },
    labels=WORKING_GROUP_STATUS_LABELS,
    refusal=_l("「%(before)s」のワーキンググループを「%(after)s」にすることはできません。"),
    audit_prefix="working_group",
    object_type="working_group",
)


def check_move(group: WorkingGroup, to: WorkingGroupStatus, *, actor: User) -> None:
    """Who may move the group (403), then whether its life cycle allows it (409), then
    the move's own condition; the conclude form asks before it reads its input."""
    LIFE_CYCLE.check(group, to, actor=actor)


def change_group_status(
    group: WorkingGroup, to: WorkingGroupStatus, *, actor: User, outcome: str | None = None
) -> WorkingGroup:
    """The one way a group moves (see ``LIFE_CYCLE``): concluding needs an outcome
    (written on the group's page)."""
    step = LIFE_CYCLE.check(group, to, actor=actor)
    if to is CONCLUDED:
        group.outcome = checked_text(outcome or "", "outcome", TEXT_MAX, needed=True)
        group.concluded_at = utcnow()
    elif to is ACTIVE:
        group.activated_at = utcnow()
    LIFE_CYCLE.enter(group, step)
    return group


def require_working(group: WorkingGroup) -> None:
    if group.status not in WORKING:
        status = WORKING_GROUP_STATUS_LABELS[group.status]
        raise Conflict(_("「%(status)s」のワーキンググループでは、この操作はできません。", status=status))


# --- invitations ---


def _invite(group: WorkingGroup, organisation: Organisation, actor: User, **source: int) -> WorkingGroupMembership:
    """``source``: ``proposal_id`` or ``seed_id``, where the invitation came from."""
    require(can_manage_working_group(actor, group))
    require_working(group)
    if organisation.status is not OrganisationStatus.APPROVED:
        raise Conflict(_("承認されていない組織は招待できません。"))
    existing = next((m for m in group.memberships if m.organisation_id == organisation.id), None)
    duplicate = Conflict(_("%(name)s は既にこのグループに招待されています。", name=organisation.name))
    if existing is not None:
        raise duplicate
    membership = WorkingGroupMembership(group=group, organisation=organisation, invited_by_id=actor.id, **source)
    db.session.add(membership)
    flush_or_conflict(on_duplicate=duplicate)
    detail = {"organisation_id": organisation.id, **source}
    audit.record("working_group.invited", "working_group", group.id, actor=actor, detail=detail)
    notices.tell_invited(membership)
    return membership


def invite_from_proposal(group: WorkingGroup, proposal: Proposal, *, actor: User) -> WorkingGroupMembership:
    """Invite the organisation behind one of the need's proposals."""
    require(can_manage_working_group(actor, group))
    if proposal.need_id != group.need_id:
        raise Conflict(_("この課題への提案ではありません。"))
    if proposal.status not in INVITABLE_PROPOSALS:
        status = PROPOSAL_STATUS_LABELS[proposal.status]
        raise Conflict(_("「%(status)s」の提案の組織は招待できません。", status=status))
    return _invite(group, proposal.organisation, actor, proposal_id=proposal.id)


def invite_from_suggestion(group: WorkingGroup, seed: Seed, *, actor: User) -> WorkingGroupMembership:
    """Invite the organisation of a seed the matcher suggests for the need (or that a
    coordinator marked as an invitation candidate)."""
    require(can_manage_working_group(actor, group))
    candidates = invited_seed_ids(group.need) | {s.seed.id for s in seeds_for_need(group.need, viewer=actor)}
    if seed.id not in candidates:
        raise Conflict(_("このシーズは、この課題に合うシーズの候補にありません。"))
    return _invite(group, seed.organisation, actor, seed_id=seed.id)


def invite_organisation(group: WorkingGroup, organisation: Organisation, *, actor: User) -> WorkingGroupMembership:
    """Invite any approved organisation, found by name or 法人番号 on the group's page."""
    return _invite(group, organisation, actor)


def undo_candidate(group: WorkingGroup, seed: Seed, *, actor: User) -> None:
    """Take back the mark "invitation candidate" (招待候補) on a seed for the group's need."""
    require(can_manage_working_group(actor, group))
    require_working(group)
    mark = db.session.scalar(
        select(SuggestionFeedback).where(SuggestionFeedback.need_id == group.need_id,
                                         SuggestionFeedback.seed_id == seed.id,
                                         SuggestionFeedback.kind == FeedbackKind.INVITE)
    )  # fmt: skip
    if mark is None:
        raise Conflict(_("このシーズは招待候補ではありません。"))
    db.session.delete(mark)
    audit.record("match.invite_undone", "need", group.need_id, actor=actor, detail={"seed_id": seed.id})
    flush_or_conflict()


def answer_invitation(membership: WorkingGroupMembership, answer: str, *, actor: User) -> WorkingGroupMembership:
    """A member of the invited organisation answers for it: ``accept``, ``decline`` or
    ``leave`` (see ``ANSWERS``)."""
    require(can_respond_to_invitation(actor, membership))
    require_working(membership.group)
    before, to = ANSWERS[answer]
    if membership.status is not before:
        status = MEMBERSHIP_STATUS_LABELS[membership.status]
        raise Conflict(_("「%(status)s」の組織は、この回答をできません。", status=status))
    membership.status, membership.responded_by_id, membership.responded_at = to, actor.id, utcnow()
    flush_or_conflict()
    detail = {"organisation_id": membership.organisation_id, "answer": answer}
    audit.record(f"working_group.member_{to.value}", "working_group", membership.group_id, actor=actor, detail=detail)
    notices.tell_answer(membership, answer)
    return membership


# --- activity records ---


@dataclass(frozen=True)
class ActivityEntry:
    kind: str | None
    occurred_on: date | None
    body: str


def one_year_after(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _checked_date(occurred_on: date | None) -> date:
    if occurred_on is None:
        raise InvalidInput(_("日付を入力してください。"), field="occurred_on")
    if occurred_on > one_year_after(japan_today()):
        raise InvalidInput(_("1年より先の日付は入力できません。"), field="occurred_on")
    return occurred_on


def check_recording(group: WorkingGroup, *, actor: User) -> None:
    """Who may add records (403), then whether the group still takes them (409)."""
    require(can_add_group_record(actor, group))
    require_working(group)


def add_activity_record(group: WorkingGroup, entry: ActivityEntry, *, actor: User) -> ActivityRecord:
    """A meeting, decision or next step of a working group (records are never edited)."""
    check_recording(group, actor=actor)
    kind = next((k for k in ActivityKind if k.value == entry.kind), None)
    if kind is None:
        raise InvalidInput(_("種類を選んでください。"), field="kind")
    record = ActivityRecord(
        group_id=group.id,
        author_id=actor.id,
        kind=kind,
        occurred_on=_checked_date(entry.occurred_on),
        body=checked_text(entry.body, "body", TEXT_MAX, needed=True),
    )
    db.session.add(record)
    flush_or_conflict()
    detail = {"record_id": record.id, "kind": kind.value}
    audit.record("working_group.record_added", "working_group", group.id, actor=actor, detail=detail)
    return record

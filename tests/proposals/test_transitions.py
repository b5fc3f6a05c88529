"""The proposal life cycle: every (from, to) pair × every kind of actor, allowed or
refused; the deadline in Japan time; one proposal per organisation and need."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from itertools import product

import pytest
from sqlalchemy import func, select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, NeedStatus, Proposal, ProposalStatus
from hackplat.proposals import rules, services
from hackplat.proposals.services import ProposalContent, change_proposal_status, create_proposal

S = ProposalStatus
ACTORS = ("public", "member", "other_member", "staff", "other_staff", "coordinator", "admin")
PROPOSER = {"member"}  # a member of the proposing organisation
CITY = {"staff", "coordinator", "admin"}  # the need's department and the programme office

#: The life cycle as the issue states it, written out independently of the code's table.
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): PROPOSER,
    (S.SUBMITTED, S.SHORTLISTED): CITY,
    (S.SUBMITTED, S.DECLINED): CITY,
    (S.SHORTLISTED, S.DECLINED): CITY,
    (S.SHORTLISTED, S.SELECTED): CITY,
    (S.SUBMITTED, S.WITHDRAWN): PROPOSER,
    (S.SHORTLISTED, S.WITHDRAWN): PROPOSER,
    (S.WITHDRAWN, S.SUBMITTED): PROPOSER,  # again, while the call is open
}
#: Moves whose own condition refuses them here: selecting while the call is still open.
GUARDED = {(S.SHORTLISTED, S.SELECTED)}


def expected_outcome(before: ProposalStatus, after: ProposalStatus, actor: str) -> type[Exception] | None:
    """Permission first (may the actor move this proposal at all: its organisation, or
    the city once it is submitted), then the life cycle, then whose move it is."""
    if actor in ALLOWED.get((before, after), set()):
        return Conflict if (before, after) in GUARDED else None
    if actor not in PROPOSER and (actor not in CITY or before is S.DRAFT):
        return PermissionDenied  # an outsider, or the city on a draft (never its business)
    if (before, after) not in ALLOWED:
        return Conflict
    return PermissionDenied


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("before", "after"), list(product(S, S)))
def test_every_move_for_every_actor(cast, make_proposal, before, after, actor) -> None:
    proposal = make_proposal(cast.need, cast.organisation, before)
    refusal = expected_outcome(before, after, actor)
    if refusal is None:
        change_proposal_status(proposal, after, actor=cast.actor(actor), reason="理由")
        assert proposal.status is after
        assert audit_actions() == [f"proposal.{after.value}"]
    else:
        with pytest.raises(refusal):
            change_proposal_status(proposal, after, actor=cast.actor(actor), reason="理由")
        assert proposal.status is before
        assert audit_actions() == []


def test_submitting_records_the_time_and_deciding_the_decision(cast, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.DRAFT, submitted_at=None)
    change_proposal_status(proposal, S.SUBMITTED, actor=cast.member)
    assert proposal.submitted_at is not None
    assert proposal.decided_at is None
    change_proposal_status(proposal, S.SHORTLISTED, actor=cast.staff)
    change_proposal_status(proposal, S.DECLINED, actor=cast.coordinator, reason="  予算が合いません  ")
    assert proposal.decided_at is not None
    assert proposal.decision_reason == "予算が合いません"
    detail = db.session.scalars(select(AuditRecord.detail).order_by(AuditRecord.id)).all()
    assert detail[-1] == {"from": "shortlisted", "reason": "予算が合いません"}


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_declining_needs_a_reason(cast, make_proposal, reason) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    with pytest.raises(InvalidInput) as refusal:
        change_proposal_status(proposal, S.DECLINED, actor=cast.staff, reason=reason)
    assert refusal.value.field == "reason"
    assert proposal.status is S.SUBMITTED


@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.PILOTING, NeedStatus.CLOSED])
def test_a_need_that_is_not_open_takes_no_proposal(cast, make_need, make_proposal, status) -> None:
    need = make_need(department=cast.department, status=status)
    with pytest.raises(Conflict, match="受け付けていません"):
        create_proposal(need, ProposalContent(summary="概要"), actor=cast.member)
    draft = make_proposal(need, cast.organisation, S.DRAFT)
    with pytest.raises(Conflict, match="受け付けていません"):
        change_proposal_status(draft, S.SUBMITTED, actor=cast.member)
    assert draft.status is S.DRAFT


@pytest.fixture
def server_in_utc(monkeypatch):
    """The server's own clock says UTC: the deadline must still be Japan's midnight."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


DEADLINE = date(2025, 3, 31)


@pytest.mark.usefixtures("server_in_utc")
@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2025, 3, 30, 15, 0, tzinfo=UTC), True),  # 00:00 JST on the deadline day
        (datetime(2025, 3, 31, 14, 59, tzinfo=UTC), True),  # 23:59 JST on the deadline day
        (datetime(2025, 3, 31, 14, 59, 59, tzinfo=UTC), True),  # 23:59:59 JST
        (datetime(2025, 3, 31, 15, 0, tzinfo=UTC), False),  # 00:00 JST the next day (still 3/31 in UTC)
        (datetime(2025, 4, 2, 0, 0, tzinfo=UTC), False),
    ],
)
def test_the_deadline_ends_at_midnight_japan_time(
    cast, make_need, make_proposal, monkeypatch, moment, accepted
) -> None:
    monkeypatch.setattr(rules, "now", lambda: moment)
    need = make_need(department=cast.department, deadline=DEADLINE)
    proposal = make_proposal(need, cast.organisation, S.DRAFT)
    if accepted:
        change_proposal_status(proposal, S.SUBMITTED, actor=cast.member)
        assert proposal.status is S.SUBMITTED
        assert proposal.submitted_at == moment
    else:
        with pytest.raises(Conflict, match="2025/03/31 23:59"):
            change_proposal_status(proposal, S.SUBMITTED, actor=cast.member)
        with pytest.raises(Conflict, match="締め切られました"):
            create_proposal(need, ProposalContent(summary="概要"), actor=cast.other_member)
        assert proposal.status is S.DRAFT


def test_a_need_without_deadline_accepts_proposals(cast, make_need) -> None:
    need = make_need(department=cast.department, deadline=None)
    proposal = create_proposal(need, ProposalContent(summary="概要"), actor=cast.member)
    assert change_proposal_status(proposal, S.SUBMITTED, actor=cast.member).status is S.SUBMITTED


def proposal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal)) or 0


def test_one_proposal_per_organisation_and_need(cast) -> None:
    create_proposal(cast.need, ProposalContent(summary="最初の提案"), actor=cast.member)
    db.session.commit()
    with pytest.raises(Conflict, match="既に提案しています"):
        create_proposal(cast.need, ProposalContent(summary="二つ目"), actor=cast.colleague)
    db.session.rollback()
    assert proposal_count() == 1


def test_a_simultaneous_second_proposal_is_refused_by_the_database(cast, monkeypatch) -> None:
    """Two colleagues press "save" at once: both pass the check, the constraint decides."""
    create_proposal(cast.need, ProposalContent(summary="最初の提案"), actor=cast.member)
    db.session.commit()
    monkeypatch.setattr(services, "existing_proposal", lambda need, organisation_id: None)
    with pytest.raises(Conflict, match="既に提案しています"):
        create_proposal(cast.need, ProposalContent(summary="同時の提案"), actor=cast.colleague)
    db.session.rollback()
    assert proposal_count() == 1


def test_another_organisation_may_propose_to_the_same_need(cast) -> None:
    create_proposal(cast.need, ProposalContent(summary="A社の提案"), actor=cast.member)
    create_proposal(cast.need, ProposalContent(summary="B社の提案"), actor=cast.other_member)
    db.session.commit()
    assert proposal_count() == 2
    assert audit_actions() == ["proposal.created", "proposal.created"]

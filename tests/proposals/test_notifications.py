"""Who is told what when a proposal arrives, is decided on, or is withdrawn."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.models import Notification, ProposalStatus, Role, utcnow
from hackplat.proposals.services import change_proposal_status

S = ProposalStatus


def sent() -> list[Notification]:
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def recipients() -> set[int]:
    return {notification.user_id for notification in sent()}


@pytest.fixture
def everyone(cast, make_user):
    """Create the whole cast, plus a second and an inactive staff member of the department."""
    second_staff = make_user(Role.STAFF, department=cast.department)
    inactive_staff = make_user(Role.STAFF, department=cast.department)
    inactive_staff.active = False
    db.session.commit()
    people = {
        name: cast.actor(name)
        for name in ("member", "colleague", "other_member", "staff", "other_staff", "coordinator", "admin")
    }
    return {**people, "second_staff": second_staff, "inactive_staff": inactive_staff}


def test_a_submitted_proposal_reaches_the_department_and_the_coordinators(cast, everyone, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.DRAFT)
    change_proposal_status(proposal, S.SUBMITTED, actor=cast.member)
    expected = {everyone[name].id for name in ("staff", "second_staff", "coordinator")}
    assert recipients() == expected
    notification = sent()[0]
    assert notification.kind == "proposal.submitted"
    assert notification.subject == "新しい提案が届きました: 保育所入所手続のオンライン化"
    assert "株式会社提案" in notification.body
    assert notification.link == f"/proposals/{proposal.id}"


@pytest.mark.parametrize(
    ("before", "after"), [(S.SUBMITTED, S.SHORTLISTED), (S.SUBMITTED, S.DECLINED), (S.SHORTLISTED, S.SELECTED)]
)
def test_a_decision_reaches_the_proposing_organisations_members(cast, everyone, make_proposal, before, after) -> None:
    proposal = make_proposal(cast.need, cast.organisation, before)
    if after is S.SELECTED:  # the call has ended, and this need asks for no evaluator
        cast.need.call_closed_at, cast.need.min_evaluators = utcnow(), 0
    change_proposal_status(proposal, after, actor=cast.staff, reason="実証の場所が確保できません")
    told = {note.user_id for note in sent() if note.kind == f"proposal.{after.value}"}
    assert told == {cast.member.id, cast.colleague.id}
    asked = {note.user_id for note in sent() if note.kind == "evaluation.requested"}
    assert asked == (recipients() - told if after is S.SHORTLISTED else set())  # the evaluators
    notification = sent()[0]
    assert notification.kind == f"proposal.{after.value}"
    assert notification.link == f"/proposals/{proposal.id}"
    assert ("実証の場所が確保できません" in notification.body) is (after is S.DECLINED)


def test_a_withdrawn_proposal_is_announced_to_the_department(cast, everyone, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SHORTLISTED)
    change_proposal_status(proposal, S.WITHDRAWN, actor=cast.member)
    assert recipients() == {everyone["staff"].id, everyone["second_staff"].id}
    assert sent()[0].subject.startswith("提案が取り下げられました")


def test_a_draft_is_deleted_not_withdrawn(cast, everyone, make_proposal) -> None:
    """A withdrawn proposal is shown to the city; a draft's text was never submitted to it."""
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT)
    with pytest.raises(Conflict):
        change_proposal_status(draft, S.WITHDRAWN, actor=cast.member)
    assert draft.status is S.DRAFT
    assert sent() == []


def test_a_long_need_title_still_fits_the_subject(cast, everyone, make_need, make_proposal) -> None:
    need = make_need(department=cast.department, title="長" * 200)
    change_proposal_status(make_proposal(need, cast.organisation, S.DRAFT), S.SUBMITTED, actor=cast.member)
    db.session.commit()
    assert all(len(notification.subject) <= 200 for notification in sent())

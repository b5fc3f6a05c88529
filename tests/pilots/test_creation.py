"""Creating a pilot: only from a selected proposal, once per proposal, by the programme
office; it links the need, its department and the organisation, moves the need to
``piloting`` and starts the history at ``considered``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, NeedStatus, Notification, Pilot, PilotStage, PilotStageChange, ProposalStatus
from hackplat.pilots.services import PilotText, create_pilot, text_from

TEXT = PilotText(title="保育所入所申請のオンライン化の試行", summary="スマホで申請する")


def pilot_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Pilot)) or 0


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


@pytest.mark.parametrize("status", list(ProposalStatus))
def test_only_a_selected_proposal_becomes_a_pilot(cast, status) -> None:
    proposal = cast.proposal(status)
    if status is ProposalStatus.SELECTED:
        pilot = create_pilot(proposal, TEXT, actor=cast.coordinator)
        assert pilot.proposal_id == proposal.id
    else:
        with pytest.raises(Conflict, match="採択された提案からのみ"):
            create_pilot(proposal, TEXT, actor=cast.coordinator)
        assert pilot_count() == 0
        assert audit_actions() == []
        assert proposal.need.status is NeedStatus.WORKING_GROUP


def test_a_pilot_links_need_department_and_organisation(cast) -> None:
    proposal = cast.proposal()
    pilot = create_pilot(proposal, TEXT, actor=cast.coordinator)
    assert (pilot.need_id, pilot.department_id, pilot.organisation_id) == (
        proposal.need_id,
        cast.department.id,
        cast.organisation.id,
    )
    assert (pilot.title, pilot.summary, pilot.stage) == (TEXT.title, TEXT.summary, PilotStage.CONSIDERED)
    assert pilot.stage_changed_on == japan_today()
    assert pilot.created_by_id == cast.coordinator.id
    changes = db.session.scalars(select(PilotStageChange)).all()
    assert [(c.from_stage, c.to_stage, c.changed_on) for c in changes] == [(None, PilotStage.CONSIDERED, japan_today())]
    assert audit_actions() == ["need.piloting", "pilot.created"]


@pytest.mark.parametrize("need_status", [NeedStatus.OPEN, NeedStatus.WORKING_GROUP, NeedStatus.PILOTING])
def test_the_need_moves_to_piloting_or_stays_there(cast, need_status) -> None:
    proposal = cast.proposal(need_status=need_status)
    create_pilot(proposal, TEXT, actor=cast.coordinator)
    assert proposal.need.status is NeedStatus.PILOTING
    moved = need_status is not NeedStatus.PILOTING
    assert ("need.piloting" in audit_actions()) is moved


@pytest.mark.parametrize("need_status", [NeedStatus.RESOLVED, NeedStatus.CLOSED])
def test_a_finished_need_gets_no_pilot(cast, need_status) -> None:
    proposal = cast.proposal(need_status=need_status)
    with pytest.raises(Conflict, match="課題が"):
        create_pilot(proposal, TEXT, actor=cast.coordinator)
    assert pilot_count() == 0
    assert proposal.need.status is need_status


def test_a_second_selected_proposal_of_the_same_need_gets_its_own_pilot(cast, make_organisation) -> None:
    first = cast.proposal(need_status=NeedStatus.OPEN)
    second = cast.proposal(organisation=make_organisation("株式会社二番手"), need=first.need)
    create_pilot(first, TEXT, actor=cast.coordinator)
    create_pilot(second, TEXT, actor=cast.coordinator)
    assert pilot_count() == 2
    assert first.need.status is NeedStatus.PILOTING
    assert audit_actions().count("need.piloting") == 1


def test_one_pilot_per_proposal(cast) -> None:
    proposal = cast.proposal()
    create_pilot(proposal, TEXT, actor=cast.coordinator)
    db.session.commit()
    with pytest.raises(Conflict, match="既に"):
        create_pilot(proposal, TEXT, actor=cast.admin)
    db.session.rollback()
    assert pilot_count() == 1


@pytest.mark.parametrize("actor", ["member", "other_member", "staff", "other_staff", "public"])
def test_only_the_programme_office_creates_pilots(cast, actor) -> None:
    proposal = cast.proposal()
    with pytest.raises(PermissionDenied):
        create_pilot(proposal, TEXT, actor=cast.actor(actor))
    assert pilot_count() == 0
    assert proposal.need.status is NeedStatus.WORKING_GROUP


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (PilotText(title="  "), "title"),
        (PilotText(title="あ" * 201), "title"),
        (PilotText(title="t", summary="あ" * 4001), "summary"),
    ],
)
def test_bad_text_is_refused_next_to_its_field(cast, text, field) -> None:
    proposal = cast.proposal()
    with pytest.raises(InvalidInput) as refusal:
        create_pilot(proposal, text, actor=cast.coordinator)
    assert refusal.value.field == field
    db.session.rollback()
    assert pilot_count() == 0
    assert proposal.need.status is NeedStatus.WORKING_GROUP


@pytest.mark.parametrize(("days_ago", "valid"), [(30, True), (0, True), (-1, False)])
def test_the_date_considering_began(cast, days_ago, valid) -> None:
    proposal, on = cast.proposal(), japan_today() - timedelta(days=days_ago)
    if valid:
        assert create_pilot(proposal, TEXT, actor=cast.coordinator, considered_on=on).stage_changed_on == on
    else:
        with pytest.raises(InvalidInput):
            create_pilot(proposal, TEXT, actor=cast.coordinator, considered_on=on)


def test_the_text_starts_from_the_proposal(cast) -> None:
    proposal = cast.proposal()
    text = text_from(proposal)
    assert text.title == "保育所入所手続のオンライン化（株式会社提案）"
    assert text.summary == "申請をスマホで完結させる"


def test_the_organisation_and_the_department_hear_of_it(cast) -> None:
    member, staff, other = cast.member, cast.staff, cast.other_staff
    create_pilot(cast.proposal(), TEXT, actor=cast.coordinator)
    recipients = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "pilot.created")))
    assert recipients == {member.id, staff.id}
    assert other.id not in recipients

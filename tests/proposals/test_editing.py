"""Writing a proposal: the validation table, editing only drafts, and the version lock."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select, text

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, Proposal, ProposalStatus
from hackplat.proposals.services import ProposalContent, create_proposal, update_proposal

VALID = ProposalContent(
    summary="AIチャットボットで申請の案内を24時間行います。",
    approach="既存の問い合わせ記録から回答を学習します。",
    schedule="契約後3か月で試行",
    cost_estimate="初期費用50万円",
    city_support="問い合わせ記録の提供",
)


def proposal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal)) or 0


#: (case, changes to a valid proposal, the field the refusal belongs to)
INVALID = [
    ("summary missing", {"summary": ""}, "summary"),
    ("summary only spaces", {"summary": " \u3000 "}, "summary"),
    ("summary too long", {"summary": "あ" * 2001}, "summary"),
    ("approach too long", {"approach": "あ" * 5001}, "approach"),
    ("schedule too long", {"schedule": "あ" * 2001}, "schedule"),
    ("cost too long", {"cost_estimate": "円" * 201}, "cost_estimate"),
    ("city support too long", {"city_support": "あ" * 2001}, "city_support"),
    ("seed that does not exist", {"seed_id": 99999}, "seed_id"),
]


@pytest.mark.parametrize(("case", "changes", "field"), INVALID, ids=[row[0] for row in INVALID])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(cast, case, changes, field) -> None:
    with pytest.raises(InvalidInput) as refusal:
        create_proposal(cast.need, replace(VALID, **changes), actor=cast.member)
    assert refusal.value.field == field
    db.session.rollback()
    assert proposal_count() == 0


def test_another_organisations_seed_cannot_be_used(cast, make_seed) -> None:
    foreign_seed = make_seed(organisation=cast.other_member.organisation, is_public=True)
    with pytest.raises(InvalidInput) as refusal:
        create_proposal(cast.need, replace(VALID, seed_id=foreign_seed.id), actor=cast.member)
    assert refusal.value.field == "seed_id"


def test_the_limits_themselves_are_accepted(cast, make_seed) -> None:
    seed = make_seed(organisation=cast.organisation)
    content = replace(VALID, summary="あ" * 2000, cost_estimate="円" * 200, seed_id=seed.id)
    proposal = create_proposal(cast.need, content, actor=cast.member)
    db.session.commit()
    assert proposal.cost_estimate == "円" * 200
    assert proposal.seed is seed
    assert proposal.author is cast.member
    assert proposal.status is ProposalStatus.DRAFT


@pytest.mark.parametrize("name", ["staff", "coordinator", "admin"])
def test_only_members_propose(cast, name) -> None:
    with pytest.raises(PermissionDenied):
        create_proposal(cast.need, VALID, actor=cast.actor(name))


def test_a_draft_is_edited_and_the_audit_names_the_fields(cast) -> None:
    proposal = create_proposal(cast.need, VALID, actor=cast.member)
    db.session.commit()
    update_proposal(proposal, replace(VALID, schedule="来年度から"), version=proposal.version, actor=cast.colleague)
    db.session.commit()
    assert proposal.schedule == "来年度から"
    assert proposal.version == 2
    last = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert (last.action, last.detail) == ("proposal.updated", {"fields": ["schedule"]})


@pytest.mark.parametrize("name", ["other_member", "staff", "coordinator"])
def test_nobody_else_edits_a_draft(cast, make_proposal, name) -> None:
    proposal = make_proposal(cast.need, cast.organisation)
    with pytest.raises(PermissionDenied):
        update_proposal(proposal, VALID, version=proposal.version, actor=cast.actor(name))


@pytest.mark.parametrize(
    "status", [s for s in ProposalStatus if s not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)]
)
def test_only_drafts_and_submitted_proposals_are_edited(cast, make_proposal, status) -> None:
    proposal = make_proposal(cast.need, cast.organisation, status)
    with pytest.raises(Conflict, match="編集できるのは下書きと"):
        update_proposal(proposal, VALID, version=proposal.version, actor=cast.member)


def test_an_edit_from_an_old_version_is_refused(cast, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation)
    update_proposal(proposal, VALID, version=proposal.version, actor=cast.member)
    db.session.commit()
    with pytest.raises(Conflict, match="他の人が先に更新しました"):
        update_proposal(proposal, replace(VALID, summary="古い画面から"), version=1, actor=cast.colleague)
    db.session.rollback()
    assert proposal.summary == VALID.summary


def test_a_write_racing_past_the_check_is_caught_at_the_flush(cast, make_proposal) -> None:
    """Another request committed between our read and our write: the version column
    makes the UPDATE match no row, and that is a 409, not a 500."""
    proposal = make_proposal(cast.need, cast.organisation)
    loaded_version = proposal.version
    db.session.execute(text("UPDATE proposals SET version = version + 1 WHERE id = :id"), {"id": proposal.id})
    with pytest.raises(Conflict, match="他の人が先に更新しました"):
        update_proposal(proposal, replace(VALID, summary="上書き"), version=loaded_version, actor=cast.member)

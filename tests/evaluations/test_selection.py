"""Selecting a proposal: only after the call has ended (deadline or early close), once
every shortlisted proposal has scores from the need's number of evaluators, behind a
confirmation page; an evaluator who declared a conflict neither selects nor declines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict
from hackplat.evaluations import services
from hackplat.extensions import db
from hackplat.models import AuditRecord, Evaluation, ProposalStatus, utcnow
from hackplat.proposals.services import change_proposal_status
from tests.evaluations.conftest import declare_conflict, evaluate

S = ProposalStatus
SIGNED_IN_PAGE = "/notifications/"


def end_call(need) -> None:
    need.deadline = date(2020, 3, 31)
    db.session.commit()


def scored_twice(panel, proposal=None) -> None:
    evaluate(proposal or panel.proposal, panel.staff, (4, 4, 4, 4))
    evaluate(proposal or panel.proposal, panel.colleague, (3, 4, 3, 4))


def test_selection_is_refused_while_the_call_is_open(panel) -> None:
    scored_twice(panel)
    with pytest.raises(Conflict, match="募集期間中は採択できません"):
        services.select_proposal(panel.proposal, actor=panel.coordinator)
    assert panel.proposal.status is S.SHORTLISTED


def test_selection_after_an_early_close(panel) -> None:
    scored_twice(panel)
    panel.need.call_closed_at, panel.need.call_closed_reason = utcnow(), "予算の都合"
    services.select_proposal(panel.proposal, actor=panel.coordinator)
    assert panel.proposal.status is S.SELECTED


def test_every_shortlisted_proposal_needs_enough_evaluators(panel) -> None:
    end_call(panel.need)
    other = panel.shortlisted("株式会社評価不足")
    scored_twice(panel)
    evaluate(other, panel.staff, (2, 2, 2, 2))
    with pytest.raises(Conflict, match="株式会社評価不足"):
        services.select_proposal(panel.proposal, actor=panel.coordinator)
    evaluate(other, panel.colleague, (2, 3, 2, 2))
    assert services.select_proposal(panel.proposal, actor=panel.coordinator).status is S.SELECTED


def test_the_department_sets_the_number_of_evaluators(panel) -> None:
    end_call(panel.need)
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4))
    with pytest.raises(Conflict, match="2人以上"):
        services.select_proposal(panel.proposal, actor=panel.coordinator)
    services.set_min_evaluators(panel.need, 1, actor=panel.staff)
    assert services.select_proposal(panel.proposal, actor=panel.coordinator).status is S.SELECTED
    actions = list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert "need.min_evaluators" in actions


def test_a_conflicted_evaluator_neither_selects_nor_declines(panel) -> None:
    end_call(panel.need)
    scored_twice(panel)
    declare_conflict(panel.proposal, panel.coordinator)
    with pytest.raises(Conflict, match="利益相反"):
        services.select_proposal(panel.proposal, actor=panel.coordinator)
    with pytest.raises(Conflict, match="利益相反"):
        change_proposal_status(panel.proposal, S.DECLINED, actor=panel.coordinator, reason="理由")
    assert panel.proposal.status is S.SHORTLISTED


def test_the_confirmation_page_says_why_not_and_then_selects(client, login, panel) -> None:
    scored_twice(panel)
    login(panel.coordinator)
    url = f"/evaluations/proposal/{panel.proposal.id}/select"
    page = client.get(url).get_data(as_text=True)
    assert "募集期間中は採択できません" in page
    refused = client.submit(url)
    assert refused.status_code == 409
    assert "募集期間中は採択できません" in refused.get_data(as_text=True)
    end_call(panel.need)
    assert "採択を確定する" in client.get(url).get_data(as_text=True)
    response = client.submit(url)
    assert response.status_code == 302
    assert db.session.get(type(panel.proposal), panel.proposal.id).status is S.SELECTED


def test_scores_are_corrected_until_a_selection(client, login, panel) -> None:
    end_call(panel.need)
    scored_twice(panel)
    own = db.session.scalar(select(Evaluation).filter_by(proposal_id=panel.proposal.id, evaluator_id=panel.staff.id))
    services.submit_scores(panel.proposal, services.Scores(5, 5, 5, 5, "見直し"), actor=panel.staff,
                           expected_version=own.version)  # fmt: skip
    records = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "evaluation.corrected")).all()
    assert records[0].detail["before"]["fit"] == 4
    assert records[0].detail["after"]["fit"] == 5
    services.select_proposal(panel.proposal, actor=panel.coordinator)
    with pytest.raises(Conflict):
        services.submit_scores(panel.proposal, services.Scores(1, 1, 1, 1), actor=panel.staff)

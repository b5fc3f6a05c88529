"""Proposals under evaluation: only shortlisted ones are evaluated (409 otherwise); the
selection rules are in test_selection.py."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, Evaluation, ProposalStatus
from tests.evaluations.conftest import score_form

S = ProposalStatus
NOT_EVALUATED = (S.SUBMITTED, S.DECLINED, S.WITHDRAWN)
SIGNED_IN_PAGE = "/notifications/"  # a page of every signed-in user, for a CSRF token


def audit_actions() -> list[str]:
    """What was audited, signing in aside."""
    query = select(AuditRecord.action).where(AuditRecord.action.not_like("auth.%")).order_by(AuditRecord.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize("status", NOT_EVALUATED)
@pytest.mark.parametrize(("method", "suffix", "data"), [
    ("GET", "", {}),
    ("POST", "/declare", {"conflict": "none"}),
    ("POST", "/scores", score_form()),
    ("POST", "/select", {}),
])  # fmt: skip
def test_a_proposal_that_is_not_shortlisted_cannot_be_evaluated(client, login, panel, status, method, suffix, data):
    proposal = panel.shortlisted("株式会社ほか", status)
    login(panel.staff)
    url = f"/evaluations/proposal/{proposal.id}{suffix}"
    response = client.get(url) if method == "GET" else client.submit(url, data)
    assert response.status_code == 409
    assert "評価できるのは選考対象の提案だけです" in response.get_data(as_text=True)
    assert db.session.scalars(select(Evaluation)).all() == []
    assert db.session.get(type(proposal), proposal.id).status is status


def test_the_proposal_pages_link_to_the_evaluation(client, login, panel) -> None:
    login(panel.staff)
    assert f"/evaluations/need/{panel.need.id}" in client.get(f"/proposals/need/{panel.need.id}").get_data(as_text=True)
    detail = client.get(f"/proposals/{panel.proposal.id}").get_data(as_text=True)
    assert f"/evaluations/proposal/{panel.proposal.id}" in detail
    submitted = panel.shortlisted("株式会社提出済み", S.SUBMITTED)
    assert "/evaluations/proposal/" not in client.get(f"/proposals/{submitted.id}").get_data(as_text=True)

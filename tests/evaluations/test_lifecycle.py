"""Proposals under evaluation: only shortlisted ones are evaluated (409 otherwise), scores
go in once, and selecting needs at least one submitted evaluation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict
from hackplat.evaluations import services
from hackplat.extensions import db
from hackplat.models import AuditRecord, Evaluation, ProposalStatus
from tests.evaluations.conftest import declare_conflict, evaluate, score_form

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
    response = client.get(url) if method == "GET" else client.submit(url, data, page=SIGNED_IN_PAGE)
    assert response.status_code == 409
    assert "評価できるのは選考対象の提案だけです" in response.get_data(as_text=True)
    assert db.session.scalars(select(Evaluation)).all() == []
    assert db.session.get(type(proposal), proposal.id).status is status


def test_a_selected_proposal_shows_its_results_but_takes_no_more(client, login, panel) -> None:
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4), "採択前の評価")
    services.select_proposal(panel.proposal, actor=panel.staff)
    db.session.commit()
    login(panel.staff)
    url = f"/evaluations/proposal/{panel.proposal.id}"
    html = client.get(url).get_data(as_text=True)
    assert "評価の受付は終了しています" in html
    assert "16.00" in html
    client.submit("/logout", page=url)
    login(panel.colleague)
    assert 'name="conflict"' not in client.get(url).get_data(as_text=True)
    assert client.submit(f"{url}/declare", {"conflict": "none"}, page=url).status_code == 409


def test_selecting_without_any_evaluation_is_refused(client, login, panel) -> None:
    login(panel.coordinator)
    response = client.submit(f"/evaluations/proposal/{panel.proposal.id}/select", page=SIGNED_IN_PAGE)
    assert response.status_code == 409
    assert "まだ評価が1件も提出されていない" in response.get_data(as_text=True)
    assert db.session.get(type(panel.proposal), panel.proposal.id).status is S.SHORTLISTED
    assert audit_actions() == []


def test_declarations_alone_do_not_allow_selecting(panel) -> None:
    declare_conflict(panel.proposal, panel.staff)
    services.declare_conflict(panel.proposal, False, actor=panel.colleague)
    with pytest.raises(Conflict):
        services.select_proposal(panel.proposal, actor=panel.coordinator)
    assert panel.proposal.status is S.SHORTLISTED


@pytest.mark.parametrize("selector", ["staff", "coordinator", "admin"])
def test_selecting_moves_the_proposal_to_selected_and_audits_it(client, login, panel, selector) -> None:
    evaluate(panel.proposal, panel.colleague, (3, 4, 3, 4))
    login(panel.actor(selector))
    response = client.submit(f"/evaluations/proposal/{panel.proposal.id}/select", page=SIGNED_IN_PAGE)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/evaluations/need/{panel.need.id}")
    proposal = db.session.get(type(panel.proposal), panel.proposal.id)
    assert proposal.status is S.SELECTED
    assert proposal.decided_at is not None
    record = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert (record.action, record.object_id, record.actor_id) == (
        "proposal.selected",
        str(proposal.id),
        panel.actor(selector).id,
    )
    assert record.detail["from"] == "shortlisted"


def test_a_selected_proposal_cannot_be_selected_again(panel) -> None:
    evaluate(panel.proposal, panel.staff, (3, 3, 3, 3))
    services.select_proposal(panel.proposal, actor=panel.staff)
    with pytest.raises(Conflict):
        services.select_proposal(panel.proposal, actor=panel.staff)


def test_the_table_offers_selecting_only_where_it_can_succeed(client, login, panel) -> None:
    unevaluated = panel.shortlisted("株式会社未評価")
    evaluate(panel.proposal, panel.staff, (3, 3, 3, 3))
    login(panel.staff)
    html = client.get(f"/evaluations/need/{panel.need.id}").get_data(as_text=True)
    assert f"/evaluations/proposal/{panel.proposal.id}/select" in html
    assert f"/evaluations/proposal/{unevaluated.id}/select" not in html


def test_the_proposal_pages_link_to_the_evaluation(client, login, panel) -> None:
    login(panel.staff)
    assert f"/evaluations/need/{panel.need.id}" in client.get(f"/proposals/need/{panel.need.id}").get_data(as_text=True)
    detail = client.get(f"/proposals/{panel.proposal.id}").get_data(as_text=True)
    assert f"/evaluations/proposal/{panel.proposal.id}" in detail
    submitted = panel.shortlisted("株式会社提出済み", S.SUBMITTED)
    assert "/evaluations/proposal/" not in client.get(f"/proposals/{submitted.id}").get_data(as_text=True)


@pytest.mark.parametrize("evaluated", [False, True])
def test_the_proposal_pages_select_button_keeps_the_evaluation_rule(client, login, panel, evaluated) -> None:
    """The proposal page's own 採択する button is no way around the evaluation."""
    if evaluated:
        evaluate(panel.proposal, panel.colleague, (3, 4, 3, 4))
    login(panel.coordinator)
    response = client.submit(f"/proposals/{panel.proposal.id}/select", page=SIGNED_IN_PAGE)
    proposal = db.session.get(type(panel.proposal), panel.proposal.id)
    if evaluated:
        assert response.status_code == 302
        assert proposal.status is S.SELECTED
    else:
        assert response.status_code == 409
        assert "まだ評価が1件も提出されていない" in response.get_data(as_text=True)
        assert proposal.status is S.SHORTLISTED

"""Who may evaluate: the need's department staff and coordinators (and admins). A member —
even of the proposing organisation — and another department's staff get 403 on every
route; anonymous visitors are sent to sign in; a draft's id is answered as missing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import PermissionDenied
from hackplat.evaluations import services
from hackplat.extensions import db
from hackplat.models import Evaluation, ProposalStatus
from tests.evaluations.conftest import evaluate, score_form

SIGNED_IN_PAGE = "/notifications/"
ROUTES = [
    ("GET", "/evaluations/need/{need}", {}),
    ("GET", "/evaluations/proposal/{proposal}", {}),
    ("POST", "/evaluations/proposal/{proposal}/declare", {"conflict": "none"}),
    ("POST", "/evaluations/proposal/{proposal}/scores", score_form()),
    ("POST", "/evaluations/proposal/{proposal}/select", {}),
]


def call(client, panel, method: str, path: str, data: dict, proposal=None):
    url = path.format(need=panel.need.id, proposal=(proposal or panel.proposal).id)
    return client.get(url) if method == "GET" else client.submit(url, data)


@pytest.mark.parametrize("outsider", ["member", "other_staff"])
@pytest.mark.parametrize(("method", "path", "data"), ROUTES)
def test_outsiders_are_refused(client, login, panel, outsider, method, path, data) -> None:
    evaluate(panel.proposal, panel.staff, (5, 5, 5, 5), "外に出ない評価")
    login(panel.actor(outsider))
    response = call(client, panel, method, path, data)
    assert response.status_code == 403
    assert "外に出ない評価" not in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Evaluation)).all()) == 1, "nothing written"


@pytest.mark.parametrize(("method", "path", "data"), ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, panel, method, path, data) -> None:
    url = path.format(need=panel.need.id, proposal=panel.proposal.id)
    response = client.get(url) if method == "GET" else client.submit(url, data)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path", "data"), ROUTES[1:])
def test_a_draft_proposal_is_answered_as_missing(client, login, panel, method, path, data) -> None:
    draft = panel.shortlisted("株式会社下書き", ProposalStatus.DRAFT)
    login(panel.staff)
    assert call(client, panel, method, path, data, proposal=draft).status_code == 404


@pytest.mark.parametrize("evaluator", ["staff", "colleague", "coordinator", "admin"])
def test_the_department_and_the_programme_office_evaluate(panel, evaluator) -> None:
    evaluation = evaluate(panel.proposal, panel.actor(evaluator), (2, 3, 4, 5))
    assert evaluation.total == 14


@pytest.mark.parametrize("outsider", ["member", "other_staff"])
def test_the_services_refuse_outsiders_too(panel, outsider) -> None:
    with pytest.raises(PermissionDenied):
        services.declare_conflict(panel.proposal, False, actor=panel.actor(outsider))
    with pytest.raises(PermissionDenied):
        services.select_proposal(panel.proposal, actor=panel.actor(outsider))


def test_missing_ids_are_404(client, login, panel) -> None:
    login(panel.staff)
    assert client.get("/evaluations/need/999999").status_code == 404
    assert client.get("/evaluations/proposal/999999").status_code == 404

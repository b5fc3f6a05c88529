"""Step 1: the conflict-of-interest declaration comes before any score, a declared
conflict bars scoring and stands for good, and every declaration is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict
from hackplat.evaluations import queries, services
from hackplat.evaluations.services import Scores
from hackplat.extensions import db
from hackplat.models import AuditRecord, Evaluation
from tests.evaluations.conftest import declare_conflict, evaluate, score_form


def evaluations() -> list[Evaluation]:
    return list(db.session.scalars(select(Evaluation)))


def audit_trail() -> list[tuple[str, dict]]:
    return [(r.action, r.detail) for r in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))]


def page_url(panel) -> str:
    return f"/evaluations/proposal/{panel.proposal.id}"


def test_the_page_asks_for_the_declaration_first(client, login, panel) -> None:
    login(panel.staff)
    html = client.get(page_url(panel)).get_data(as_text=True)
    assert "利益相反の申告" in html
    assert 'name="conflict"' in html
    assert 'name="fit"' not in html, "no scoring form before the declaration"


def test_scores_before_the_declaration_are_refused(client, login, panel) -> None:
    login(panel.staff)
    response = client.submit(f"{page_url(panel)}/scores", score_form())
    assert response.status_code == 409
    assert "利益相反の有無を申告してください" in response.get_data(as_text=True)
    assert evaluations() == []


@pytest.mark.parametrize(("choice", "has_conflict"), [("none", False), ("conflict", True)])
def test_declaring_creates_the_evaluation_and_audits_it(client, login, panel, choice, has_conflict) -> None:
    login(panel.staff)
    response = client.submit(f"{page_url(panel)}/declare", {"conflict": choice})
    assert response.status_code == 302
    (evaluation,) = evaluations()
    assert (evaluation.evaluator_id, evaluation.has_conflict) == (panel.staff.id, has_conflict)
    assert evaluation.declared_at is not None
    assert evaluation.submitted_at is None
    assert audit_trail()[-1] == ("evaluation.declared", {"has_conflict": has_conflict, "had_submitted": False})


@pytest.mark.parametrize("choice", [None, "", "maybe"])
def test_a_declaration_must_choose(client, login, panel, choice) -> None:
    login(panel.staff)
    data = {} if choice is None else {"conflict": choice}
    response = client.submit(f"{page_url(panel)}/declare", data)
    assert response.status_code == 400
    assert 'id="conflict-error"' in response.get_data(as_text=True)
    assert evaluations() == []


def test_after_no_conflict_the_scoring_form_is_shown(client, login, panel) -> None:
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    db.session.commit()
    login(panel.staff)
    html = client.get(page_url(panel)).get_data(as_text=True)
    assert 'name="fit"' in html
    assert 'name="scalability"' in html
    assert 'value="none"' not in html, "the declaration is not offered again"


def test_a_conflicted_evaluator_cannot_score(client, login, panel) -> None:
    declare_conflict(panel.proposal, panel.staff)
    login(panel.staff)
    html = client.get(page_url(panel)).get_data(as_text=True)
    assert 'name="fit"' not in html
    response = client.submit(f"{page_url(panel)}/scores", score_form())
    assert response.status_code == 409
    assert "利益相反を申告したため" in response.get_data(as_text=True)
    assert evaluations()[0].submitted_at is None


@pytest.mark.parametrize(("first", "second"), [(False, False), (True, True), (True, False)])
def test_a_declaration_cannot_be_repeated_or_withdrawn(panel, first, second) -> None:
    services.declare_conflict(panel.proposal, first, actor=panel.staff)
    db.session.commit()
    with pytest.raises(Conflict):
        services.declare_conflict(panel.proposal, second, actor=panel.staff)
    db.session.rollback()
    assert [e.has_conflict for e in evaluations()] == [first]


def test_a_conflict_found_later_stands_and_leaves_the_figures(panel) -> None:
    evaluate(panel.proposal, panel.staff, (5, 5, 5, 5))
    evaluate(panel.proposal, panel.colleague, (1, 1, 1, 1))
    declare_conflict(panel.proposal, panel.staff)
    assert audit_trail()[-1] == ("evaluation.declared", {"has_conflict": True, "had_submitted": True})
    figures = queries.figures_of([panel.proposal.id])[panel.proposal.id]
    assert (figures.count, figures.average_total) == (1, 4.0), "the conflicted scores no longer count"
    page = queries.evaluation_page(panel.proposal, viewer=panel.staff)
    assert page.figures is None, "the conflicted evaluator sees no figures"
    assert page.others == [], "nor the others' scores"


def test_a_conflicted_evaluator_is_excluded_from_the_count(panel) -> None:
    declare_conflict(panel.proposal, panel.staff)
    evaluate(panel.proposal, panel.colleague, (3, 3, 3, 3))
    assert services.submitted_count(panel.proposal) == 1
    with pytest.raises(Conflict):
        services.submit_scores(panel.proposal, Scores(5, 5, 5, 5), actor=panel.staff)

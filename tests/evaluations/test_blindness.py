"""Blindness: nobody — coordinators and admins included — sees another evaluator's scores,
comments or the figures of a proposal before submitting their own for it; a conflicted
evaluator never does. Checked in the HTML of every page that could show them."""

from __future__ import annotations

import pytest

from hackplat.evaluations import services
from hackplat.extensions import db
from tests.evaluations.conftest import declare_conflict, evaluate, score_form

SECRET = "比較用の一意なコメント-7f3a9"
EVALUATORS = ("colleague", "coordinator", "admin")


def pages(client, panel) -> list[str]:
    """Every page that could show evaluations: the evaluation page, the need's ranked table,
    the proposal's own page and the need's proposal list."""
    urls = [
        f"/evaluations/proposal/{panel.proposal.id}",
        f"/evaluations/need/{panel.need.id}",
        f"/proposals/{panel.proposal.id}",
        f"/proposals/need/{panel.need.id}",
    ]
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200] * 4
    return [r.get_data(as_text=True) for r in responses]


@pytest.fixture
def scored(panel):
    """The staff member scored (5, 5, 1, 2) = 13 with a comment no other page could contain."""
    evaluate(panel.proposal, panel.staff, (5, 5, 1, 2), SECRET)
    return panel


@pytest.mark.parametrize("viewer", EVALUATORS)
def test_before_submitting_nothing_of_the_others_is_shown(client, login, scored, viewer) -> None:
    login(scored.actor(viewer))
    for html in pages(client, scored):
        assert SECRET not in html
        assert "13.00" not in html
        assert "5.00" not in html
    evaluation_page, table = pages(client, scored)[:2]
    assert "自分の評価を提出すると表示されます" in evaluation_page
    assert "自分の評価を提出すると表示されます" in table


@pytest.mark.parametrize("viewer", EVALUATORS)
def test_declaring_no_conflict_is_not_enough(client, login, scored, viewer) -> None:
    services.declare_conflict(scored.proposal, False, actor=scored.actor(viewer))
    db.session.commit()
    login(scored.actor(viewer))
    assert all(SECRET not in html for html in pages(client, scored))


@pytest.mark.parametrize("viewer", EVALUATORS)
def test_after_submitting_the_others_are_shown(client, login, scored, viewer) -> None:
    login(scored.actor(viewer))
    url = f"/evaluations/proposal/{scored.proposal.id}"
    client.submit(f"{url}/declare", {"conflict": "none"})
    response = client.submit(f"{url}/scores", score_form((3, 3, 3, 3)))
    assert response.status_code == 302
    evaluation_page, table = pages(client, scored)[:2]
    assert SECRET in evaluation_page
    assert "自分の評価を提出すると表示されます" not in evaluation_page + table
    assert "12.50" in table, "the average total of 13 and 12"


def test_a_conflicted_evaluator_never_sees_the_scores(client, login, scored) -> None:
    declare_conflict(scored.proposal, scored.colleague)
    evaluate(scored.proposal, scored.coordinator, (4, 4, 4, 4), "もう一人の評価")
    login(scored.colleague)
    evaluation_page, table = pages(client, scored)[:2]
    assert SECRET not in evaluation_page
    assert "もう一人の評価" not in evaluation_page
    assert "14.50" not in table
    assert "利益相反を申告したため表示されません。" in evaluation_page
    assert "利益相反を申告したため表示されません。" in table


def test_blindness_holds_per_proposal(client, login, panel) -> None:
    """Having scored one proposal shows nothing of another; the ranking ranks only the
    proposals the viewer may see, so it reveals nothing about the hidden one either."""
    other = panel.shortlisted("株式会社ベータ")
    evaluate(panel.proposal, panel.staff, (2, 2, 2, 2), "アルファへの評価")
    evaluate(other, panel.staff, (5, 5, 5, 5), SECRET)
    evaluate(panel.proposal, panel.colleague, (3, 3, 3, 3))
    login(panel.colleague)
    table = client.get(f"/evaluations/need/{panel.need.id}").get_data(as_text=True)
    assert "アルファへの評価" not in table
    assert SECRET not in table
    assert "20.00" not in table
    assert table.index("株式会社提案") < table.index("株式会社ベータ"), "the hidden one is not ranked above"
    other_page = client.get(f"/evaluations/proposal/{other.id}").get_data(as_text=True)
    assert SECRET not in other_page
    assert "アルファへの評価" in client.get(f"/evaluations/proposal/{panel.proposal.id}").get_data(as_text=True)

"""The ranked table's arithmetic, checked against a hand-computed example.

Three evaluators (the staff member, a colleague, a coordinator) score four shortlisted
proposals (fit, feasibility, cost-effectiveness, scalability → total):

  提案      staff 5 4 4 5 → 18   colleague 4 4 3 4 → 15   coordinator 3 3 3 3 → 12
            averages 4.00 3.67 3.33 4.00, total 15.00;
            spread: deviations +3, 0, −3 → variance 18/3 = 6 → √6 = 2.45; 12〜18
  ベータ    staff 5 5 4 4 → 18   colleague 4 4 4 4 → 16
            averages 4.50 4.50 4.00 4.00, total 17.00; spread √((1+1)/2) = 1.00; 16〜18
  ガンマ    staff 2 2 2 2 → 8    colleague: conflict of interest (not counted)
            averages 2.00 each, total 8.00; spread 0.00; 8〜8; 1 evaluation
  デルタ    no evaluation → unranked, last

Ranking by average total: ベータ 1, 提案 2, ガンマ 3, デルタ —.
"""

from __future__ import annotations

import re

import pytest

from hackplat.evaluations import queries
from hackplat.models import ProposalStatus
from tests.evaluations.conftest import declare_conflict, evaluate


@pytest.fixture
def example(panel):
    alpha = panel.proposal
    beta, gamma, delta = (panel.shortlisted(name) for name in ("株式会社ベータ", "株式会社ガンマ", "株式会社デルタ"))
    evaluate(alpha, panel.staff, (5, 4, 4, 5))
    evaluate(alpha, panel.colleague, (4, 4, 3, 4))
    evaluate(alpha, panel.coordinator, (3, 3, 3, 3))
    evaluate(beta, panel.staff, (5, 5, 4, 4))
    evaluate(beta, panel.colleague, (4, 4, 4, 4))
    evaluate(gamma, panel.staff, (2, 2, 2, 2))
    declare_conflict(gamma, panel.colleague)
    return panel, {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta}


def test_the_figures_match_the_hand_computed_example(example) -> None:
    panel, proposals = example
    rows = {row.proposal.id: row for row in queries.ranked_table(panel.need, viewer=panel.staff)}
    alpha, beta, gamma, delta = (rows[proposals[name].id] for name in ("alpha", "beta", "gamma", "delta"))
    assert alpha.count == 3
    assert alpha.figures.averages == pytest.approx(
        {"fit": 4.0, "feasibility": 11 / 3, "cost_effectiveness": 10 / 3, "scalability": 4.0}
    )
    assert alpha.figures.average_total == pytest.approx(15.0)
    assert alpha.figures.spread == pytest.approx(6**0.5)
    assert (alpha.figures.lowest_total, alpha.figures.highest_total) == (12, 18)
    assert (beta.count, beta.figures.average_total, beta.figures.spread) == (2, pytest.approx(17.0), pytest.approx(1.0))
    assert (gamma.count, gamma.figures.average_total, gamma.figures.spread) == (1, pytest.approx(8.0), 0.0)
    assert (delta.count, delta.figures, delta.rank) == (0, None, None)


def test_the_ranking_is_by_average_total(example) -> None:
    panel, proposals = example
    rows = queries.ranked_table(panel.need, viewer=panel.staff)
    names = {proposal.id: name for name, proposal in proposals.items()}
    assert [(names[row.proposal.id], row.rank) for row in rows] == [
        ("beta", 1),
        ("alpha", 2),
        ("gamma", 3),
        ("delta", None),
    ]


def test_the_page_shows_the_example(client, login, example) -> None:
    panel, _proposals = example
    login(panel.staff)
    html = client.get(f"/evaluations/need/{panel.need.id}").get_data(as_text=True)
    body = re.sub(r"\s+", " ", html[html.index("<tbody>") : html.index("</tbody>")])
    rows = body.split("<tr>")[1:]
    assert "株式会社ベータ" in rows[0]
    assert "株式会社提案" in rows[1]
    assert "株式会社デルタ" in rows[3]
    cells = re.findall(r'<td class="number">([^<]*)</td>', rows[1])
    assert cells == ["2", "3", "4.00", "3.67", "3.33", "4.00", "15.00", "2.45", "12〜18"]
    assert re.findall(r'<td class="number">([^<]*)</td>', rows[2]) == [
        "3",
        "1",
        "2.00",
        "2.00",
        "2.00",
        "2.00",
        "8.00",
        "0.00",
        "8〜8",
    ]
    assert "自分の評価を提出すると表示されます" in rows[3]
    assert "評価があと2件必要です" in rows[3]
    assert '採択する<span class="visually-hidden">（株式会社ベータ）</span>' in rows[0]


def test_names_in_the_select_buttons_are_escaped(client, login, panel) -> None:
    proposal = panel.shortlisted("<b>株式会社</b>")
    evaluate(proposal, panel.staff, (3, 3, 3, 3))
    login(panel.staff)
    html = client.get(f"/evaluations/need/{panel.need.id}").get_data(as_text=True)
    assert "（&lt;b&gt;株式会社&lt;/b&gt;）</span>" in html
    assert "<b>株式会社" not in html


def test_ties_share_a_rank(panel) -> None:
    first, second = panel.proposal, panel.shortlisted("株式会社ベータ")
    third = panel.shortlisted("株式会社ガンマ")
    evaluate(first, panel.staff, (4, 4, 4, 4))
    evaluate(second, panel.staff, (5, 5, 3, 3))
    evaluate(third, panel.staff, (1, 1, 1, 1))
    ranks = [row.rank for row in queries.ranked_table(panel.need, viewer=panel.staff)]
    assert ranks == [1, 1, 3]


def test_only_shortlisted_and_selected_proposals_are_listed(panel) -> None:
    selected = panel.shortlisted("株式会社採択", ProposalStatus.SELECTED)
    for status in (ProposalStatus.SUBMITTED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN, ProposalStatus.DRAFT):
        panel.shortlisted(f"株式会社{status.value}", status)
    listed = {row.proposal.id for row in queries.ranked_table(panel.need, viewer=panel.staff)}
    assert listed == {panel.proposal.id, selected.id}

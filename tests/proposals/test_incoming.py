"""The department's list of a need's incoming proposals: summary, estimated cost, seed and
the average score, which stays hidden from a viewer who has not scored (as on the
evaluation pages), and the order by score."""

from __future__ import annotations

import re

import pytest

from hackplat.evaluations import services
from hackplat.extensions import db
from hackplat.models import ProposalStatus
from hackplat.proposals.incoming import SUMMARY_CHARS, Sort, incoming_query, incoming_rows
from tests.evaluations.conftest import Panel, evaluate


@pytest.fixture
def panel(make_user, make_organisation, make_department, make_need, make_proposal) -> Panel:
    return Panel(make_user, make_organisation, make_department, make_need, make_proposal)


def organisations_in_order(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="stack-title"><a href="/proposals/\d+">([^<]+)</a></th>', page)


def test_the_list_shows_summary_cost_and_seed(client, login, panel, make_seed) -> None:
    seed = make_seed(panel.organisation, title="保育AIチャットボット")
    panel.proposal.summary = "申請を<b>スマホ</b>で完結させる\n仕組み" + "。" * 200
    panel.proposal.cost_estimate = "初年度300万円"
    panel.proposal.seed = seed
    db.session.commit()
    login(panel.staff)
    page = client.get(f"/proposals/need/{panel.need.id}").get_data(as_text=True)
    assert "申請を&lt;b&gt;スマホ&lt;/b&gt;で完結させる 仕組み" in page, "escaped, on one line"
    assert "。" * (SUMMARY_CHARS + 10) not in page, "a long summary is cut"
    assert "初年度300万円" in page
    assert f'<a href="/seeds/{seed.id}">保育AIチャットボット</a>' in page
    assert "未評価" in page


def test_a_score_is_shown_only_to_one_who_has_scored(client, login, panel) -> None:
    evaluate(panel.proposal, panel.colleague, (4, 4, 4, 4))
    login(panel.staff)
    page = client.get(f"/proposals/need/{panel.need.id}").get_data(as_text=True)
    assert "16.0点" not in page
    assert "評価1件（自分の評価の提出後に表示）" in page
    evaluate(panel.proposal, panel.staff, (2, 2, 2, 2))
    page = client.get(f"/proposals/need/{panel.need.id}").get_data(as_text=True)
    assert "12.0点（2件）" in page


def test_sorting_by_score_ranks_what_the_viewer_may_see_then_the_rest(client, login, panel) -> None:
    weaker, stronger, unseen = panel.proposal, panel.shortlisted("株式会社強い"), panel.shortlisted("株式会社未見")
    submitted = panel.shortlisted("株式会社提出のみ", ProposalStatus.SUBMITTED)
    evaluate(weaker, panel.staff, (2, 3, 2, 3))
    evaluate(stronger, panel.staff, (5, 4, 5, 4))
    evaluate(unseen, panel.colleague, (5, 5, 5, 5))  # the best, but not scored by the viewer
    rows = incoming_rows(
        list(db.session.scalars(incoming_query(panel.need, None, Sort.SCORE, actor=panel.staff))), viewer=panel.staff
    )
    assert [row.proposal for row in rows][:2] == [stronger, weaker]
    assert {row.proposal for row in rows[2:]} == {unseen, submitted}
    assert [row.average for row in rows[:2]] == [18.0, 10.0]
    assert all(row.average is None and row.hidden for row in rows[2:])
    login(panel.staff)
    page = client.get(f"/proposals/need/{panel.need.id}?sort=score").get_data(as_text=True)
    assert organisations_in_order(page)[:2] == ["株式会社強い", "株式会社提案"]
    assert 'aria-current="page">評価の高い順' in page
    default = client.get(f"/proposals/need/{panel.need.id}?sort=nonsense").get_data(as_text=True)
    assert organisations_in_order(default)[0] == "株式会社提出のみ", "newest submission first"


def test_a_member_cannot_read_the_list(client, login, panel) -> None:
    login(panel.member)
    assert client.get(f"/proposals/need/{panel.need.id}?sort=score").status_code == 403


def test_the_scoring_form_says_what_the_need_looks_for(client, login, panel) -> None:
    panel.need.focus_cost_effectiveness = "初期費用と毎年の運用費の内訳"
    db.session.commit()
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    db.session.commit()
    login(panel.staff)
    page = client.get(f"/evaluations/proposal/{panel.proposal.id}").get_data(as_text=True)
    assert "この課題で重視する点: 初期費用と毎年の運用費の内訳" in page
    assert page.count("この課題で重視する点") == 1, "only the criteria the need says something about"

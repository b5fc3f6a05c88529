"""The rules around a selection (issue 12, item 3), through the pages: the number of
evaluators a need asks for (default 2, 1–10, set by the department or the office, audited,
fixed once a proposal is selected); selection refused while the call is open or while a
shortlisted proposal lacks scores, allowed after the deadline with enough; a conflicted
evaluator neither scores, selects nor declines; scores corrected until a selection; the
rubric's levels described where one scores."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hackplat.evaluations import services
from hackplat.extensions import db
from hackplat.models import AuditRecord, Evaluation, Proposal, ProposalStatus
from tests.evaluations.conftest import declare_conflict, evaluate, score_form, version_on
from tests.helpers.html import field_error

S = ProposalStatus


def end_call(need) -> None:
    need.deadline = date(2020, 3, 31)
    db.session.commit()


def audit(action: str) -> list[AuditRecord]:
    return list(db.session.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


def status_of(proposal: Proposal) -> ProposalStatus:
    db.session.refresh(proposal)
    return proposal.status


def min_url(panel) -> str:
    return f"/evaluations/need/{panel.need.id}"


def set_min(client, panel, value: str):
    return client.submit(f"{min_url(panel)}/min-evaluators", {"min_evaluators": value})


# --- how many evaluators ---


def test_a_need_asks_for_two_evaluators_by_default(panel) -> None:
    db.session.refresh(panel.need)
    assert panel.need.min_evaluators == 2


@pytest.mark.parametrize(("name", "value"), [("staff", "1"), ("coordinator", "10"), ("admin", "3")])
def test_the_department_or_the_office_sets_the_number_and_it_is_audited(client, login, panel, name, value) -> None:
    login(panel.actor(name))
    assert set_min(client, panel, value).status_code == 302
    db.session.refresh(panel.need)
    assert panel.need.min_evaluators == int(value)
    [record] = audit("need.min_evaluators")
    assert (record.object_id, record.actor_id, record.detail) == (
        str(panel.need.id), panel.actor(name).id, {"from": 2, "to": int(value)}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "1〜10の数を入力してください。"), ("11", "1〜10の数を入力してください。"),
     ("-1", "1〜10の数を入力してください。"), ("100", "1〜10の数を入力してください。"), ("", "入力してください。")],
)  # fmt: skip
def test_a_number_outside_one_to_ten_is_refused(client, login, panel, value, message) -> None:
    login(panel.staff)
    response = set_min(client, panel, value)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "min_evaluators") == message
    db.session.refresh(panel.need)
    assert panel.need.min_evaluators == 2
    assert audit("need.min_evaluators") == []


@pytest.mark.parametrize(("name", "status"), [("member", 403), ("other_staff", 403), ("other_member", 403)])
def test_nobody_else_sets_the_number(client, login, panel, name, status) -> None:
    login(panel.actor(name))
    assert set_min(client, panel, "1").status_code == status
    db.session.refresh(panel.need)
    assert panel.need.min_evaluators == 2
    assert audit("need.min_evaluators") == []


def test_the_number_is_fixed_once_a_proposal_is_selected(client, login, panel) -> None:
    end_call(panel.need)
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4))
    evaluate(panel.proposal, panel.colleague, (3, 3, 3, 3))
    services.select_proposal(panel.proposal, actor=panel.coordinator)
    db.session.commit()
    login(panel.staff)
    response = set_min(client, panel, "3")
    assert response.status_code == 409
    assert "採択が決まったため、評価者の数は変えられません" in response.get_data(as_text=True)
    db.session.refresh(panel.need)
    assert panel.need.min_evaluators == 2
    assert audit("need.min_evaluators") == []


# --- when a selection is allowed ---


def select_url(proposal: Proposal) -> str:
    return f"/evaluations/proposal/{proposal.id}/select"


def test_selection_is_refused_on_the_page_while_the_call_is_open(client, login, panel) -> None:
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4))
    evaluate(panel.proposal, panel.colleague, (4, 4, 4, 4))
    login(panel.staff)
    url = select_url(panel.proposal)
    page = client.get(url).get_data(as_text=True)
    assert "提案の募集期間中は採択できません" in page
    assert "採択を確定する" not in page
    response = client.submit(url)
    assert response.status_code == 409
    assert "提案の募集期間中は採択できません" in response.get_data(as_text=True)
    assert status_of(panel.proposal) is S.SHORTLISTED
    assert audit("proposal.selected") == []


@pytest.mark.parametrize("scores_of_the_other", [0, 1])
def test_selection_waits_for_every_shortlisted_proposal_to_be_scored_enough(
    client, login, panel, scores_of_the_other
) -> None:
    end_call(panel.need)
    other = panel.shortlisted("株式会社まだ評価中")
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4))
    evaluate(panel.proposal, panel.colleague, (4, 5, 4, 4))
    if scores_of_the_other:
        evaluate(other, panel.staff, (2, 2, 2, 2))
    login(panel.coordinator)
    url = select_url(panel.proposal)
    page = client.get(url).get_data(as_text=True)
    assert "評価者の数が足りない選考対象の提案があります（株式会社まだ評価中）" in page
    assert "2人以上の評価が必要です" in page
    response = client.submit(url)
    assert response.status_code == 409
    assert status_of(panel.proposal) is S.SHORTLISTED
    evaluate(other, panel.coordinator, (3, 3, 3, 3))
    if not scores_of_the_other:
        evaluate(other, panel.admin, (3, 3, 3, 3))
    assert "採択を確定する" in client.get(url).get_data(as_text=True)
    assert client.submit(url).status_code == 302
    assert status_of(panel.proposal) is S.SELECTED
    assert len(audit("proposal.selected")) == 1


def test_a_conflicted_evaluators_declaration_does_not_count(client, login, panel) -> None:
    end_call(panel.need)
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4))
    declare_conflict(panel.proposal, panel.colleague)
    login(panel.coordinator)
    assert "評価者の数が足りない" in client.get(select_url(panel.proposal)).get_data(as_text=True)


def test_after_an_early_close_with_enough_scores_the_selection_is_made(client, login, panel) -> None:
    evaluate(panel.proposal, panel.staff, (4, 4, 4, 4))
    evaluate(panel.proposal, panel.colleague, (4, 4, 4, 4))
    login(panel.staff)
    assert client.submit(f"/needs/{panel.need.id}/close-call", {"reason": "十分な提案が集まった"}).status_code == 302  # fmt: skip
    url = select_url(panel.proposal)
    assert client.submit(url).status_code == 302
    assert status_of(panel.proposal) is S.SELECTED


# --- a declared conflict of interest ---


def evaluation_of(panel, user) -> Evaluation | None:
    query = select(Evaluation).where(Evaluation.proposal_id == panel.proposal.id, Evaluation.evaluator_id == user.id)
    return db.session.scalar(query)


@pytest.mark.parametrize("name", ["staff", "coordinator"])
def test_a_conflicted_evaluator_neither_scores_nor_selects_nor_declines(client, login, panel, name) -> None:
    end_call(panel.need)
    evaluator = panel.actor(name)
    others = [u for u in (panel.staff, panel.colleague, panel.coordinator) if u is not evaluator][:2]
    for other in others:
        evaluate(panel.proposal, other, (4, 4, 4, 4))
    declare_conflict(panel.proposal, evaluator)
    login(evaluator)
    url = f"/evaluations/proposal/{panel.proposal.id}"
    page = client.get(url).get_data(as_text=True)
    assert "この提案の採択・見送りもできません" in page
    assert f'action="{url}/scores"' not in page
    response = client.submit(f"{url}/scores", score_form())
    assert response.status_code == 409
    assert "利益相反を申告したため、この提案を評価することはできません" in response.get_data(as_text=True)
    select_page = client.get(select_url(panel.proposal)).get_data(as_text=True)
    assert "利益相反を申告しているため" in select_page
    assert "採択を確定する" not in select_page
    response = client.submit(select_url(panel.proposal))
    assert response.status_code == 409
    assert "利益相反を申告しているため" in response.get_data(as_text=True)
    detail = f"/proposals/{panel.proposal.id}"
    assert f"{detail}/decline" not in client.get(detail).get_data(as_text=True)
    response = client.submit(f"{detail}/decline", {"reason": "見送りたい"})
    assert response.status_code == 409
    assert "利益相反を申告しているため" in response.get_data(as_text=True)
    own = evaluation_of(panel, evaluator)
    assert (own.has_conflict, own.submitted_at, own.fit) == (True, None, None)
    assert status_of(panel.proposal) is S.SHORTLISTED
    assert audit("proposal.selected") == audit("proposal.declined") == audit("evaluation.submitted")[2:] == []


# --- correcting scores ---


def test_scores_are_corrected_through_the_page_until_a_selection(client, login, panel) -> None:
    end_call(panel.need)
    evaluate(panel.proposal, panel.staff, (2, 3, 4, 5), comment="最初の評価")
    evaluate(panel.proposal, panel.colleague, (4, 4, 4, 4))
    login(panel.staff)
    url = f"/evaluations/proposal/{panel.proposal.id}"
    page = client.get(url).get_data(as_text=True)
    assert "評価を修正する" in page
    response = client.submit(f"{url}/scores", score_form((5, 5, 4, 5), "見直しました", version_on(client, url)))
    assert response.status_code == 302
    own = evaluation_of(panel, panel.staff)
    assert (own.fit, own.feasibility, own.cost_effectiveness, own.scalability, own.comment) == (
        5,
        5,
        4,
        5,
        "見直しました",
    )
    [record] = audit("evaluation.corrected")
    assert record.actor_id == panel.staff.id
    assert record.detail == {
        "before": {"fit": 2, "feasibility": 3, "cost_effectiveness": 4, "scalability": 5, "comment": "最初の評価"},
        "after": {"fit": 5, "feasibility": 5, "cost_effectiveness": 4, "scalability": 5, "comment": "見直しました"},
    }
    other = panel.shortlisted("株式会社もう一件")
    evaluate(other, panel.staff, (3, 3, 3, 3))
    evaluate(other, panel.colleague, (3, 3, 3, 3))
    assert client.submit(select_url(panel.proposal)).status_code == 302
    # the selected proposal and its competitor are both final now
    assert "評価を修正する" not in client.get(url).get_data(as_text=True)
    for proposal in (panel.proposal, other):
        page = f"/evaluations/proposal/{proposal.id}"
        response = client.submit(f"{page}/scores", score_form((1, 1, 1, 1)))
        assert response.status_code == 409
    own = evaluation_of(panel, panel.staff)
    assert (own.fit, own.comment) == (5, "見直しました")
    assert len(audit("evaluation.corrected")) == 1


def test_the_rubric_levels_are_described_where_one_scores(client, login, panel) -> None:
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    db.session.commit()
    login(panel.staff)
    page = client.get(f"/evaluations/proposal/{panel.proposal.id}").get_data(as_text=True)
    scoring = page.split('id="score"', 1)[1]
    for level in (
        "1 — 不十分（課題の解決にほとんどつながらない）",
        "2 — やや不十分（大きな不足や懸念がある）",
        "3 — 標準（おおむね期待どおり、いくつか懸念がある）",
        "4 — 良い（期待を上回り、懸念は小さい）",
        "5 — 非常に良い（十分な根拠があり、ほかの模範になる）",
    ):
        assert scoring.count(level) == 4  # once for each criterion

"""The department asks a proposer about its proposal (issue 15 item 3): private to the
organisation and the department (and the office); the organisation answers; each side
is told. And the counts the home pages read (questions/queries.py)."""

from __future__ import annotations

import pytest

from hackplat.errors import Conflict, PermissionDenied
from hackplat.extensions import db
from hackplat.models import ProposalStatus
from hackplat.permissions import can_view_question
from hackplat.questions import queries, services
from tests.questions.conftest import audit_actions, notified, questions

S = ProposalStatus
QUESTION = "概算費用の内訳を教えてください。"
ANSWER = "初期費用300万円、運用費月10万円です。"


@pytest.fixture
def proposal(cast, make_proposal):
    assert cast.member
    assert cast.colleague
    assert cast.staff
    return make_proposal(cast.need, cast.organisation, S.SUBMITTED)


def test_the_department_asks_and_the_proposer_answers(cast, proposal) -> None:
    question = services.ask_proposer(proposal, QUESTION, actor=cast.coordinator)
    db.session.commit()
    assert (question.proposal_id, question.organisation_id, question.need_id) == (
        proposal.id, cast.organisation.id, cast.need.id,
    )  # fmt: skip
    assert notified("question.to_proposer") == {cast.member.id, cast.colleague.id}
    services.answer_question(question, ANSWER, publish=True, expected_version=question.version, actor=cast.colleague)
    db.session.commit()
    assert question.answer == ANSWER
    assert question.is_public is False
    assert notified("question.answered") == {cast.staff.id, cast.coordinator.id}
    assert [r.action for r in audit_actions()] == ["question.asked", "question.answered"]
    assert audit_actions()[0].detail == {"need_id": cast.need.id, "proposal_id": proposal.id}


@pytest.mark.parametrize("name", ["member", "other_member", "other_staff", "public"])
def test_nobody_else_asks_a_proposer(cast, proposal, name) -> None:
    with pytest.raises(PermissionDenied):
        services.ask_proposer(proposal, QUESTION, actor=cast.actor(name))
    assert questions() == []


def test_a_draft_cannot_be_asked_about_and_a_withdrawn_proposal_is_refused(cast, make_proposal, make_organisation):
    draft = make_proposal(cast.need, make_organisation("株式会社下書き"), S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.ask_proposer(draft, QUESTION, actor=cast.staff)
    withdrawn = make_proposal(cast.need, make_organisation("株式会社取下げ"), S.WITHDRAWN)
    with pytest.raises(Conflict):
        services.ask_proposer(withdrawn, QUESTION, actor=cast.staff)


def test_a_question_to_a_proposer_stays_between_the_two(cast, proposal) -> None:
    question = services.ask_proposer(proposal, QUESTION, actor=cast.staff)
    services.answer_question(question, ANSWER, publish=True, expected_version=question.version, actor=cast.member)
    db.session.commit()
    everyone = ["member", "colleague", "other_member", "staff", "other_staff", "coordinator", "admin", "public"]
    seen = {name for name in everyone if can_view_question(cast.actor(name), question)}
    assert seen == {"member", "colleague", "staff", "coordinator", "admin"}
    assert queries.need_section(cast.need, None).published == []


@pytest.mark.parametrize("name", ["staff", "other_member", "coordinator"])
def test_only_the_proposer_answers(cast, proposal, name) -> None:
    question = services.ask_proposer(proposal, QUESTION, actor=cast.staff)
    with pytest.raises(PermissionDenied):
        services.answer_question(question, ANSWER, publish=False, expected_version=question.version,
                                 actor=cast.actor(name))  # fmt: skip


def test_the_department_edits_its_question_before_the_answer_only(cast, proposal) -> None:
    question = services.ask_proposer(proposal, QUESTION, actor=cast.staff)
    with pytest.raises(PermissionDenied):
        services.edit_question(question, "書き換え", expected_version=question.version, actor=cast.member)
    services.edit_question(question, "費用の内訳と根拠を教えてください。", expected_version=question.version,
                           actor=cast.coordinator)  # fmt: skip
    services.answer_question(question, ANSWER, publish=False, expected_version=question.version, actor=cast.member)
    with pytest.raises(Conflict):
        services.edit_question(question, "もう一度", expected_version=question.version, actor=cast.staff)


def test_the_round_trip_through_the_pages(client, login, cast, proposal) -> None:
    login(cast.staff)
    page = f"/proposals/{proposal.id}"
    response = client.submit(f"/questions/proposal/{proposal.id}/ask", {"body": QUESTION})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}#questions")
    [question] = questions()
    client.submit("/logout")
    login(cast.member)
    assert QUESTION in client.get(page).get_data(as_text=True)
    answer_page = f"/questions/{question.id}/answer"
    assert "公開する" not in client.get(answer_page).get_data(as_text=True)  # nothing to publish
    response = client.submit(answer_page, {"answer": ANSWER, "version": str(question.version)})
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert QUESTION in html
    assert ANSWER in html
    client.submit("/logout")
    login(cast.other_member)
    assert client.get(answer_page).status_code == 404


# --- the home pages' counts ---


def test_the_inbox_lists_what_waits_first(client, login, cast, proposal) -> None:
    first = services.ask_question(cast.need, "一つ目の質問", actor=cast.member)
    services.answer_question(first, ANSWER, publish=True, expected_version=first.version, actor=cast.staff)
    services.ask_question(cast.need, "二つ目の質問", actor=cast.member)
    db.session.commit()
    login(cast.staff)
    html = client.get("/questions/").get_data(as_text=True)
    assert html.index("二つ目の質問") < html.index("一つ目の質問")
    waiting = client.get("/questions/?state=waiting").get_data(as_text=True)
    assert "二つ目の質問" in waiting
    assert "一つ目の質問" not in waiting
    client.submit("/logout")
    login(cast.other_staff)
    assert "二つ目の質問" not in client.get("/questions/").get_data(as_text=True)

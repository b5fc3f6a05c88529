"""Answering (issue 15 item 3): the need's department and the office answer once; a
published answer is on the need's page for everyone without the asker's name or
organisation and is told to every organisation that asked or proposed; a private answer
only to the asker; the asker may edit before the answer, never after; who sees what."""

from __future__ import annotations

import pytest

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import ProposalStatus
from hackplat.permissions import can_view_question
from hackplat.questions import services
from tests.questions.conftest import audit_actions, notified

QUESTION = "既存の申請システムとの連携は必要ですか。"
ANSWER = "連携は不要です。CSVでの受け渡しを想定しています。"


@pytest.fixture
def asked(cast):
    assert cast.colleague  # a second member of the asking organisation, told too
    question = services.ask_question(cast.need, QUESTION, actor=cast.member)
    db.session.commit()
    return question


def answer(question, actor, *, publish=True, text=ANSWER, version=None):
    return services.answer_question(
        question, text, publish=publish, expected_version=question.version if version is None else version, actor=actor
    )


@pytest.mark.parametrize("name", ["staff", "coordinator", "admin"])
def test_the_department_and_the_office_answer_and_publish(cast, asked, name) -> None:
    answer(asked, cast.actor(name))
    db.session.commit()
    assert (asked.answer, asked.answered_by_id, asked.is_public) == (ANSWER, cast.actor(name).id, True)
    assert asked.answered_at is not None
    [_, record] = audit_actions()
    assert (record.action, record.detail, record.actor_id) == (
        "question.answered",
        {"public": True},
        cast.actor(name).id,
    )


@pytest.mark.parametrize("name", ["member", "colleague", "other_member", "other_staff", "public"])
def test_nobody_else_answers(cast, asked, name) -> None:
    with pytest.raises(PermissionDenied):
        answer(asked, cast.actor(name))
    db.session.rollback()
    assert asked.answered_at is None


def test_an_answer_is_given_once(cast, asked) -> None:
    answer(asked, cast.staff)
    db.session.commit()
    with pytest.raises(Conflict):
        answer(asked, cast.coordinator, text="別の回答")
    db.session.rollback()
    assert asked.answer == ANSWER


def test_an_answer_to_a_question_edited_meanwhile_is_refused(cast, asked) -> None:
    seen = asked.version
    services.edit_question(
        asked, "連携は必要ですか。費用は市が負担しますか。", expected_version=seen, actor=cast.colleague
    )
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        answer(asked, cast.staff, version=seen)
    assert "他の人が先に更新しました" in refused.value.message


def test_a_blank_answer_is_refused_next_to_its_field(cast, asked) -> None:
    with pytest.raises(InvalidInput) as refused:
        answer(asked, cast.staff, text="  ")
    assert refused.value.field == "answer"


def test_a_published_answer_is_told_to_every_organisation_that_asked_or_proposed(
    cast, asked, make_organisation, make_user, make_proposal
) -> None:
    second_asker = make_user("member", organisation=make_organisation("株式会社質問"))
    services.ask_question(cast.need, "別の質問です。", actor=second_asker)
    drafting = make_organisation("株式会社下書き中")
    make_proposal(cast.need, drafting, ProposalStatus.DRAFT)
    drafter = make_user("member", organisation=drafting)
    bystander = cast.other_member
    answer(asked, cast.staff)
    db.session.commit()
    assert notified("question.answered") == {cast.member.id, cast.colleague.id, second_asker.id, drafter.id}
    assert bystander.id not in notified("question.answered")


def test_a_private_answer_is_told_to_the_asking_organisation_only(cast, asked, make_user, make_organisation) -> None:
    second_asker = make_user("member", organisation=make_organisation("株式会社質問"))
    services.ask_question(cast.need, "別の質問です。", actor=second_asker)
    answer(asked, cast.staff, publish=False)
    db.session.commit()
    assert asked.is_public is False
    assert notified("question.answered") == {cast.member.id, cast.colleague.id}
    assert audit_actions()[-1].detail == {"public": False}


@pytest.mark.parametrize(
    ("state", "seen_by"),
    [
        ("waiting", {"member", "colleague", "staff", "coordinator", "admin"}),
        ("private", {"member", "colleague", "staff", "coordinator", "admin"}),
        (
            "published",
            {"member", "colleague", "staff", "coordinator", "admin", "other_member", "other_staff", "public"},
        ),
    ],
)
def test_who_sees_a_question(cast, asked, state, seen_by) -> None:
    if state != "waiting":
        answer(asked, cast.staff, publish=state == "published")
        db.session.commit()
    everyone = ["member", "colleague", "other_member", "staff", "other_staff", "coordinator", "admin", "public"]
    assert {name for name in everyone if can_view_question(cast.actor(name), asked)} == seen_by


def test_the_public_reads_a_published_answer_without_the_askers_name(client, cast, asked) -> None:
    answer(asked, cast.staff)
    db.session.commit()
    html = client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert QUESTION in html
    assert ANSWER in html
    assert cast.organisation.name not in html
    assert cast.member.name not in html
    listing = client.get(f"/questions/need/{cast.need.id}").get_data(as_text=True)
    assert ANSWER in listing
    assert cast.organisation.name not in listing


def test_waiting_and_private_questions_stay_off_the_public_page(client, login, cast, asked) -> None:
    private = services.ask_question(cast.need, "自社の実績で足りますか。", actor=cast.member)
    answer(private, cast.staff, publish=False, text="非公開の回答です。")
    db.session.commit()
    for path in (f"/needs/{cast.need.id}", f"/questions/need/{cast.need.id}"):
        html = client.get(path).get_data(as_text=True)
        assert QUESTION not in html
        assert "非公開の回答です。" not in html
    login(cast.other_member)
    assert QUESTION not in client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert client.get(f"/questions/{asked.id}/answer").status_code == 404


def test_the_department_answers_on_the_answer_page(client, login, cast, asked) -> None:
    login(cast.staff)
    page = f"/questions/{asked.id}/answer"
    html = client.get(page).get_data(as_text=True)
    assert QUESTION in html
    assert cast.organisation.name in html
    response = client.submit(page, {"answer": ANSWER, "publish": "y", "version": str(asked.version)})
    assert response.status_code == 302
    db.session.refresh(asked)
    assert asked.is_public
    assert asked.answer == ANSWER
    again = client.submit(page, {"answer": "二度目", "publish": "y", "version": str(asked.version)})
    assert again.status_code == 409
    assert "既に回答があります" in again.get_data(as_text=True)
    assert "二度目</textarea>" in again.get_data(as_text=True)


# --- editing by the asker ---


def test_the_askers_organisation_edits_before_the_answer(cast, asked) -> None:
    services.edit_question(asked, "修正した質問です。", expected_version=asked.version, actor=cast.colleague)
    db.session.commit()
    assert asked.body == "修正した質問です。"
    assert asked.edited_at is not None
    assert audit_actions()[-1].action == "question.edited"
    assert audit_actions()[-1].detail == {"before": QUESTION}


@pytest.mark.parametrize("name", ["other_member", "staff", "coordinator", "public"])
def test_nobody_else_edits_a_question_on_a_need(cast, asked, name) -> None:
    with pytest.raises(PermissionDenied):
        services.edit_question(asked, "書き換え", expected_version=asked.version, actor=cast.actor(name))


def test_no_edit_after_the_answer(client, login, cast, asked) -> None:
    answer(asked, cast.staff)
    db.session.commit()
    with pytest.raises(Conflict):
        services.edit_question(asked, "書き換え", expected_version=asked.version, actor=cast.member)
    db.session.rollback()
    login(cast.member)
    response = client.get(f"/questions/{asked.id}/edit")
    assert response.status_code == 302
    assert "回答の後は質問も回答も変更できません" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert asked.body == QUESTION


def test_an_edit_from_a_stale_page_is_refused(cast, asked) -> None:
    seen = asked.version
    services.edit_question(asked, "一度目の修正", expected_version=seen, actor=cast.member)
    db.session.commit()
    with pytest.raises(Conflict):
        services.edit_question(asked, "二度目の修正", expected_version=seen, actor=cast.colleague)

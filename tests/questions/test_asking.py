"""Asking about a need (issue 15 item 3): members of approved organisations ask while the
need takes questions (until its question deadline, else the proposals' deadline); the
department's staff are told; nobody else asks; a refusal writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import NeedStatus, Role, utcnow
from hackplat.questions import services
from hackplat.questions.rules import takes_questions
from tests.questions.conftest import audit_actions, notified, questions

QUESTION = "既存の申請システムとの連携は必要ですか。"


def test_a_member_asks_and_the_departments_staff_are_told(cast, make_user) -> None:
    other_department_staff = cast.other_staff
    staff = cast.staff
    question = services.ask_question(cast.need, f"  {QUESTION}\n", actor=cast.member)
    db.session.commit()
    assert (question.body, question.organisation_id, question.asked_by_id) == (
        QUESTION, cast.organisation.id, cast.member.id,
    )  # fmt: skip
    assert not question.is_answered
    assert not question.is_public
    [record] = audit_actions()
    assert (record.action, record.object_id, record.actor_id) == ("question.asked", str(question.id), cast.member.id)
    assert notified("question.asked") == {staff.id}
    assert other_department_staff.id not in notified("question.asked")


@pytest.mark.parametrize("name", ["staff", "other_staff", "coordinator", "admin", "public"])
def test_only_members_ask(cast, name) -> None:
    with pytest.raises(PermissionDenied):
        services.ask_question(cast.need, QUESTION, actor=cast.actor(name))
    assert questions() == []


@pytest.mark.parametrize(("body", "message"), [("", "質問の内容を入力してください。"), (" \u3000\n", "質問の内容を入力してください。"),
                                               ("あ" * 2001, "2000文字以内で入力してください。")])  # fmt: skip
def test_a_blank_or_long_question_is_refused_next_to_its_field(cast, body, message) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.ask_question(cast.need, body, actor=cast.member)
    assert (refused.value.field, refused.value.message) == ("body", message)


def yesterday():
    return japan_today() - timedelta(days=1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"question_deadline": yesterday()}, "質問の受付は締め切られました（締切: "),
        ({"question_deadline": None, "deadline": yesterday()}, "質問の受付は締め切られました（締切: "),
        ({"call_closed_at": utcnow(), "call_closed_reason": "予算"}, "提案募集は締め切られたため"),
        ({"status": NeedStatus.CLOSED}, "現在、質問を受け付けていません"),
        ({"status": NeedStatus.PILOTING}, "現在、質問を受け付けていません"),
    ],
    ids=["question_deadline_passed", "proposal_deadline_passed", "call_closed_early", "closed", "piloting"],
)
def test_late_questions_are_refused_with_the_reason(cast, fields, message) -> None:
    for name, value in fields.items():
        setattr(cast.need, name, value)
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        services.ask_question(cast.need, QUESTION, actor=cast.member)
    assert message in refused.value.message
    db.session.rollback()
    assert questions() == []
    assert audit_actions() == []


def test_the_question_deadline_day_itself_still_takes_questions(cast) -> None:
    cast.need.question_deadline = japan_today()
    cast.need.deadline = japan_today() + timedelta(days=10)
    db.session.commit()
    assert takes_questions(cast.need)
    services.ask_question(cast.need, QUESTION, actor=cast.member)
    assert len(questions()) == 1


def test_a_working_group_leaves_questions_open_as_it_leaves_the_call(cast) -> None:
    cast.need.status = NeedStatus.WORKING_GROUP
    db.session.commit()
    assert takes_questions(cast.need)


def test_a_draft_need_cannot_be_asked_about(cast, make_need) -> None:
    draft = make_need(department=cast.department, status=NeedStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.ask_question(draft, QUESTION, actor=cast.member)


def test_the_page_refuses_a_late_question_keeping_what_was_typed(client, login, cast) -> None:
    login(cast.member)
    page = f"/questions/need/{cast.need.id}/ask"
    token = client.csrf_token(page)
    cast.need.question_deadline = yesterday()
    db.session.commit()
    response = client.post(page, data={"body": "<b>遅れた質問</b>", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "質問の受付は締め切られました" in html
    assert "&lt;b&gt;遅れた質問&lt;/b&gt;</textarea>" in html  # kept, and escaped
    assert questions() == []


def test_after_the_deadline_the_need_page_says_so_and_offers_no_form(client, login, cast) -> None:
    cast.need.question_deadline = yesterday()
    db.session.commit()
    login(cast.member)
    html = client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert "質問の受付は終了しています。" in html
    assert "質問を送る" not in html
    response = client.get(f"/questions/need/{cast.need.id}/ask")
    assert response.status_code == 302  # sent back to the need's page with the reason
    assert "質問の受付は締め切られました" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_asking_through_the_need_page(client, login, cast) -> None:
    staff = cast.staff
    login(cast.member)
    page = f"/needs/{cast.need.id}"
    response = client.submit(f"/questions/need/{cast.need.id}/ask", {"body": QUESTION})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/needs/{cast.need.id}#questions")
    html = client.get(page).get_data(as_text=True)
    assert QUESTION in html
    assert "回答待ち" in html
    assert notified("question.asked") == {staff.id}


def test_staff_write_the_question_deadline_on_the_need_form(cast) -> None:
    from hackplat.needs.services import create_need, fields_of, update_need

    base = fields_of(cast.need)
    later = base.deadline + timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        create_need(base.__class__(**{**base.__dict__, "question_deadline": later}), actor=cast.staff)
    assert (refused.value.field, refused.value.message) == (
        "question_deadline", "質問の締切日は提案の締切日以前の日付にしてください。"
    )  # fmt: skip
    db.session.rollback()
    with pytest.raises(InvalidInput) as refused:
        create_need(base.__class__(**{**base.__dict__, "question_deadline": yesterday()}), actor=cast.staff)
    assert refused.value.message == "質問の締切日には今日以降の日付を入力してください。"
    db.session.rollback()
    need = create_need(base.__class__(**{**base.__dict__, "question_deadline": japan_today()}), actor=cast.staff)
    assert need.question_deadline == japan_today()
    # A question deadline that has passed stays when the need is edited for something else.
    cast.need.question_deadline = yesterday()
    db.session.commit()
    edited = fields_of(cast.need)
    update_need(cast.need, edited.__class__(**{**edited.__dict__, "title": "新しい題"}),
                expected_version=cast.need.version, actor=cast.staff)  # fmt: skip
    assert cast.need.question_deadline == yesterday()


def test_a_signed_in_member_of_the_department_sees_no_form(client, login, cast) -> None:
    login(cast.staff)
    html = client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert 'id="questions"' in html
    assert "質問を送る" not in html
    assert cast.staff.role is Role.STAFF

"""Questions on the home pages (hackplat/home/questions.py): the department answers those
on its needs, a proposer those on its proposals, and an organisation sees its own that
still wait; nobody sees another department's or organisation's."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from flask import Flask

from hackplat.extensions import db
from hackplat.home import items
from hackplat.models import ProposalStatus, Role, utcnow
from hackplat.models.questions import Question


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_user, make_department, make_organisation, make_need, make_proposal) -> SimpleNamespace:
    a, b = make_department(name="こども青少年局"), make_department(name="道路局")
    x, y = make_organisation(name="株式会社エックス"), make_organisation(name="ワイ合同会社")
    need = make_need(a, title="保育の課題")
    proposal = make_proposal(need, x, ProposalStatus.SUBMITTED)
    return SimpleNamespace(
        need=need, proposal=proposal, x=x,
        staff_a=make_user(Role.STAFF, department=a), staff_b=make_user(Role.STAFF, department=b),
        member_x=make_user(Role.MEMBER, organisation=x), member_y=make_user(Role.MEMBER, organisation=y),
    )  # fmt: skip


def ask(world: SimpleNamespace, body: str, *, to_proposer: bool = False, answered: bool = False) -> Question:
    question = Question(need_id=world.need.id, organisation_id=world.x.id, body=body,
                        proposal_id=world.proposal.id if to_proposer else None)  # fmt: skip
    if answered:
        question.answer, question.answered_at = "回答", utcnow()
    db.session.add(question)
    db.session.commit()
    return question


def shown(user) -> dict[str, list[str]]:
    return {section.key: [entry.label for entry in section.entries] for section in items.sections(user)}


def test_the_department_sees_the_questions_on_its_needs_that_wait_for_an_answer(world) -> None:
    question = ask(world, "申請件数は年間何件ですか。")
    ask(world, "回答済みの質問", answered=True)
    ask(world, "提案者への質問", to_proposer=True)

    (section,) = [s for s in items.sections(world.staff_a) if s.key == "staff.questions"]

    assert [entry.label for entry in section.entries] == ["申請件数は年間何件ですか。"]
    assert section.entries[0].url == f"/questions/{question.id}/answer"
    assert "staff.questions" not in shown(world.staff_b)


def test_a_member_answers_the_departments_questions_and_sees_its_own_waiting(world) -> None:
    ask(world, "体制を教えてください。", to_proposer=True)
    ask(world, "既存システムは何ですか。")

    sections = shown(world.member_x)

    assert sections["member.questions_to_answer"] == ["体制を教えてください。"]
    assert sections["member.own_questions"] == ["既存システムは何ですか。"]
    assert items.todo_count(world.member_x) == 1  # its own question waits for the city, not for it
    assert "member.questions_to_answer" not in shown(world.member_y)
    assert "member.own_questions" not in shown(world.member_y)


def test_a_long_question_is_cut_in_the_list(world) -> None:
    ask(world, "あ" * 200)
    (label,) = shown(world.staff_a)["staff.questions"]
    assert len(label) == 60
    assert label.endswith("…")

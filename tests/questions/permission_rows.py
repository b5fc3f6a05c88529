"""Questions-and-answers routes × roles (see tests/permission_rows.py for the vocabulary).

``extend_world`` adds:
  {qa_question}  the member's organisation's unanswered question on {open_need}
"""

from __future__ import annotations

from typing import Any

from hackplat.models import Question
from tests.permission_rows import EVERYONE, FORBIDDEN, OK, REDIRECT, SIGNED_IN, Row, by_role

ROWS: dict[str, Row] = {
    "questions.index": ("GET", "/questions/", {}, SIGNED_IN),
    "questions.for_need": ("GET", "/questions/need/{open_need}", {}, EVERYONE),
    # Members ask about a need; the city answers.
    "questions.ask": ("GET", "/questions/need/{open_need}/ask", {}, by_role(REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    # The need's department and the office ask a proposer (a submitted proposal of another organisation).
    "questions.ask_proposer": (
        "GET", "/questions/proposal/{submitted_proposal}/ask", {}, by_role(REDIRECT, FORBIDDEN, OK, OK, OK),
    ),
    # The asking organisation edits its question; the department sees it but may not.
    "questions.edit": ("GET", "/questions/{qa_question}/edit", {}, by_role(REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    # The department and the office answer; the asker sees its question but does not answer it.
    "questions.answer": ("GET", "/questions/{qa_question}/answer", {}, by_role(REDIRECT, FORBIDDEN, OK, OK, OK)),
}  # fmt: skip


def extend_world(world: dict[str, Any], factories: Any) -> None:
    db, member = factories.db, world["users"]["member"]
    question = Question(need=world["open_need"], organisation_id=member.organisation_id, asked_by=member, body="質問")
    db.session.add(question)
    db.session.commit()
    world["ids"]["qa_question"] = question.id

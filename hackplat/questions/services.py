"""Questions and answers (質疑応答): the rules, one verb per change, each checking who may
and when, writing its audit record and flushing (the request commits once).

Decided here (issue 15 item 3):

- Members of approved organisations ask about a need they can see while it takes
  questions (rules.py: until the question deadline, else the proposals' deadline).
- The need's department (and the office) answer, once. By default the answer is
  published on the need's page for everyone, *without* the asker's name or organisation;
  the department may instead answer privately (a question about the organisation's own
  situation): then only that organisation reads it, and only it is told.
- The asker's side may edit the question until it is answered (and, on a need, until
  questions close); never after. Nothing is deleted: the audit trail keeps every text.
- The department asks a proposer about a submitted proposal; that stays between the
  organisation and the department (and the office), and the organisation answers.
"""

from __future__ import annotations

from flask_babel import gettext as _

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, NotFound
from hackplat.extensions import db
from hackplat.models import Need, Proposal, ProposalStatus, Question, User, utcnow
from hackplat.permissions import (
    can_answer_question,
    can_ask_proposer,
    can_ask_question,
    can_edit_question,
    can_view_question,
    require,
)
from hackplat.questions import notices
from hackplat.questions.rules import require_taking_questions
from hackplat.validation import checked_text

BODY_MAX = 2000
ANSWER_MAX = 4000


def visible_question(question_id: int | None, *, actor: User | None) -> Question:
    """The question ``actor`` may see, or ``NotFound`` (the same for one they may not)."""
    question = db.session.get(Question, question_id) if question_id else None
    if question is None or not can_view_question(actor, question):
        raise NotFound(_("お探しの質問は見つかりませんでした。"))
    return question


def _body(text: str | None) -> str:
    return checked_text(text, "body", BODY_MAX, needed=True, missing=_("質問の内容を入力してください。"))


def ask_question(need: Need, body: str | None, *, actor: User) -> Question:
    """An organisation's question on ``need``; the department's staff are told."""
    require(can_ask_question(actor, need))
    require_taking_questions(need)
    question = Question(need=need, organisation_id=actor.organisation_id, asked_by=actor, body=_body(body))
    db.session.add(question)
    flush_or_conflict()
    audit.record("question.asked", "question", question.id, actor=actor, detail={"need_id": need.id})
    notices.tell_asked(question)
    return question


def ask_proposer(proposal: Proposal, body: str | None, *, actor: User) -> Question:
    """The department's question to a proposer about its proposal; the organisation is told."""
    require(can_ask_proposer(actor, proposal))
    if proposal.status is ProposalStatus.WITHDRAWN:
        raise Conflict(_("取り下げられた提案には質問できません。"))
    question = Question(
        need_id=proposal.need_id, proposal=proposal, organisation_id=proposal.organisation_id,
        asked_by=actor, body=_body(body),
    )  # fmt: skip
    db.session.add(question)
    flush_or_conflict()
    detail = {"need_id": proposal.need_id, "proposal_id": proposal.id}
    audit.record("question.asked", "question", question.id, actor=actor, detail=detail)
    notices.tell_asked(question)
    return question


def _require_unanswered(question: Question) -> None:
    if question.is_answered:
        raise Conflict(_("この質問には既に回答があります。回答の後は質問も回答も変更できません。"))


def check_editable(question: Question) -> None:
    """Refuse (409) an edit after the answer, or of a question on a need that no longer
    takes questions."""
    _require_unanswered(question)
    if not question.to_proposer:
        require_taking_questions(question.need)


def edit_question(question: Question, body: str | None, *, expected_version: int | None, actor: User) -> Question:
    """The asker's side corrects its question before the answer (and, on a need, while
    questions are taken); the audit record keeps the earlier text."""
    require(can_edit_question(actor, question))
    check_editable(question)
    require_version(question, expected_version)
    text, before = _body(body), question.body
    if text != before:
        question.body, question.edited_at = text, utcnow()
        audit.record("question.edited", "question", question.id, actor=actor, detail={"before": before})
        flush_or_conflict()
    return question


def answer_question(
    question: Question, answer: str | None, *, publish: bool, expected_version: int | None, actor: User
) -> Question:
    """The answer, once: by the department to a question on a need (published unless
    ``publish`` is False), by the organisation to a question to it (never published).
    An answer to a text the asker changed since the page was loaded is refused (409)."""
    require(can_answer_question(actor, question))
    _require_unanswered(question)
    require_version(question, expected_version)
    question.answer = checked_text(answer, "answer", ANSWER_MAX, needed=True, missing=_("回答を入力してください。"))
    question.answered_by, question.answered_at = actor, utcnow()
    question.is_public = publish and not question.to_proposer
    detail = {"public": question.is_public}
    audit.record("question.answered", "question", question.id, actor=actor, detail=detail)
    flush_or_conflict()
    notices.tell_answered(question)
    return question

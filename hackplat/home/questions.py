"""Questions and answers on the home pages (hackplat/models/questions.py): staff answer the
questions on their department's needs; a member answers the department's questions on
the organisation's proposals, and sees which of its own questions still wait."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hackplat.home.items import Entry, QueryProvider, Rows, register
from hackplat.home.office import day
from hackplat.models import Need, User
from hackplat.models.questions import Question
from hackplat.permissions import is_member, is_staff
from hackplat.permissions.roles import equals_if_known, own_department_id, own_organisation_id

#: Longer questions are cut to this many characters in the list.
EXCERPT = 60


def _unanswered() -> Any:
    return Question.answered_at.is_(None)


def _excerpt(body: str) -> str:
    body = " ".join(body.split())
    return body if len(body) <= EXCERPT else body[: EXCERPT - 1] + "…"


def _unanswered_questions(*conditions: Any) -> Rows:
    """Unanswered questions with their need's title, the oldest first. The title is a
    subquery, not a join: the count and the choice of the first rows, which read the
    keys alone, then read no need (a department's 500 needs: half the count's reads)."""
    title = select(Need.title).where(Need.id == Question.need_id).correlate(Question).scalar_subquery()
    return (
        select(Question, title.label("need_title"))
        .where(_unanswered(), *conditions)
        .order_by(Question.asked_at, Question.id)
    )


def _department_questions(user: User) -> Rows:
    """Questions on the department's needs waiting for its answer (found from the
    department's needs, by need and state, not among every question on no proposal)."""
    needs = select(Need.id).where(equals_if_known(Need.department_id, own_department_id(user)))
    return _unanswered_questions(Question.need_id.in_(needs), Question.proposal_id.is_(None))


def _to_answer_entry(row: Any) -> Entry:
    question, need_title = row
    note = _("「%(need)s」・%(date)s", need=need_title, date=day(question.asked_at))
    return Entry(_excerpt(question.body), url_for("questions.answer", question_id=question.id), note)


def _questions_to_the_organisation(user: User) -> Rows:
    """The department's questions on the organisation's proposals."""
    own = equals_if_known(Question.organisation_id, own_organisation_id(user))
    return _unanswered_questions(own, Question.proposal_id.is_not(None))


def _own_questions(user: User) -> Rows:
    """The organisation's questions on needs still waiting for the department."""
    own = equals_if_known(Question.organisation_id, own_organisation_id(user))
    return _unanswered_questions(own, Question.proposal_id.is_(None))


def _asked_entry(row: Any) -> Entry:
    question, need_title = row
    note = _("「%(need)s」・%(date)s", need=need_title, date=day(question.asked_at))
    return Entry(_excerpt(question.body), url_for("questions.for_need", need_id=question.need_id), note)


def _waiting_list(user: User) -> str:
    return url_for("questions.index", state="waiting")


register(
    QueryProvider(
        "staff.questions", _l("回答を待っている質問"), is_staff,
        _department_questions, _to_answer_entry, _waiting_list,
    ),
    after="staff.new_proposals",
)  # fmt: skip
register(
    QueryProvider(
        "member.questions_to_answer", _l("市から自組織への質問"), is_member,
        _questions_to_the_organisation, _to_answer_entry, _waiting_list,
    ),
    after="member.invitations",
)  # fmt: skip
register(
    QueryProvider(
        "member.own_questions", _l("回答を待っている自組織の質問"), is_member,
        _own_questions, _asked_entry, _waiting_list, todo=False,
    ),
    after="member.under_review",
)  # fmt: skip

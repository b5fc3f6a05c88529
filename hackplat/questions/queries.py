"""The questions each page lists, and the small counts the home pages show
(``open_questions_for_department``, ``unanswered_asked_by``, ``awaiting_answer_from``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from hackplat.extensions import db
from hackplat.models import Actor, Need, Proposal, Question
from hackplat.permissions import can_ask_question, can_edit_need, is_member, visible_questions
from hackplat.permissions.questions import involved_questions
from hackplat.permissions.roles import own_organisation_id
from hackplat.questions.rules import last_question_day, takes_questions

#: Published answers shown on the need's page; the rest on the need's question list.
SECTION_SIZE = 5

ON_NEED = Question.proposal_id.is_(None)
UNANSWERED = Question.answered_at.is_(None)
PUBLISHED = Question.is_public.is_(True) & Question.answered_at.is_not(None)


def _newest_first(query: Select[Any]) -> Select[Any]:
    return query.order_by(Question.asked_at.desc(), Question.id.desc())


def _waiting_first(query: Select[Any]) -> Select[Any]:
    """Unanswered questions first, each part newest first."""
    return query.order_by(Question.answered_at.is_not(None), Question.asked_at.desc(), Question.id.desc())


def published_on_need(need: Need) -> Select[Any]:
    """The need's published answers, latest answer first."""
    query = select(Question).where(Question.need_id == need.id, ON_NEED, PUBLISHED)
    return query.order_by(Question.answered_at.desc(), Question.id.desc())


def need_questions(need: Need, viewer: Actor) -> Select[Any]:
    """Every question on ``need`` (not to proposers) that ``viewer`` may see, waiting first."""
    return _waiting_first(select(Question).where(Question.need_id == need.id, ON_NEED, visible_questions(viewer)))


def involving(viewer: Actor, *, waiting_only: bool = False) -> Select[Any]:
    """The questions ``viewer``'s side is party to (their inbox), waiting first."""
    query = select(Question).where(involved_questions(viewer))
    return _waiting_first(query.where(UNANSWERED) if waiting_only else query)


@dataclass(frozen=True)
class NeedSection:
    """What the need's page shows of its questions."""

    published: list[Question]
    published_total: int
    own: list[Question]  # the viewer's organisation's not (yet) published: waiting or answered privately
    waiting: int  # unanswered, for the department and the office
    taking: bool
    last_day: date | None
    may_ask: bool


def _section_counts(need: Need, published: list[Question], editor: bool) -> tuple[int, int]:
    """(published answers in all, unanswered questions, counted for an editor only): no
    statement when the section already shows every published answer and the viewer is
    not an editor, else one for both."""
    if len(published) < SECTION_SIZE and not editor:
        return len(published), 0
    totals = select(func.count(Question.id).filter(PUBLISHED), func.count(Question.id).filter(UNANSWERED)).where(
        Question.need_id == need.id, ON_NEED
    )
    published_total, waiting = db.session.execute(totals).one()
    return published_total, waiting if editor else 0


def need_section(need: Need, viewer: Actor) -> NeedSection:
    published = list(db.session.scalars(published_on_need(need).limit(SECTION_SIZE)))
    organisation_id = own_organisation_id(viewer)
    own: list[Question] = []
    if is_member(viewer):
        own = list(db.session.scalars(_newest_first(
            select(Question).where(Question.need_id == need.id, ON_NEED, Question.organisation_id == organisation_id)
            .where(~PUBLISHED)
        )))  # fmt: skip
    published_total, waiting = _section_counts(need, published, can_edit_need(viewer, need))
    taking = takes_questions(need)
    return NeedSection(
        published=published, published_total=published_total,
        own=own, waiting=waiting, taking=taking, last_day=last_question_day(need),
        may_ask=taking and can_ask_question(viewer, need),
    )  # fmt: skip


def on_proposal(proposal: Proposal) -> list[Question]:
    """The department's questions to the proposer, in the order asked (a handful each)."""
    query = select(Question).where(Question.proposal_id == proposal.id)
    return list(db.session.scalars(query.order_by(Question.asked_at, Question.id)))

"""Questions and answers (質疑応答). A question concerns one organisation (the one that
asked about a need, or the proposer the department asked) and one need's department:
those two and the programme office see it; a published answer is everyone's. Whoever
asked may edit it (the service allows that only before the answer); the other side
answers."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select, true

from hackplat.models import Actor, Need, Proposal, ProposalStatus, Question
from hackplat.permissions.needs import can_edit_need, can_see_proposals_of, can_view_need
from hackplat.permissions.roles import (
    equals_if_known,
    is_coordinator,
    is_member,
    is_member_of,
    own_department_id,
    own_organisation_id,
)


def can_ask_question(user: Actor, need: Need) -> bool:
    """Members (of approved organisations: a signed-in member's is) ask about a need they
    can see; whether the need takes questions now is the service's rule (its deadline)."""
    return is_member(user) and can_view_need(user, need)


def can_ask_proposer(user: Actor, proposal: Proposal) -> bool:
    """The need's department and the office ask about a proposal they can read (submitted)."""
    return proposal.status is not ProposalStatus.DRAFT and can_see_proposals_of(user, proposal.need)


def published_answer(question: Question) -> bool:
    return question.is_public and question.answered_at is not None


def can_view_question(user: Actor, question: Question) -> bool:
    """A published answer: everyone; otherwise the organisation concerned, the need's
    department and the office."""
    if published_answer(question) or is_member_of(user, question.organisation_id):
        return True
    return can_edit_need(user, question.need)


def visible_questions(user: Actor) -> ColumnElement[bool]:
    """The questions ``can_view_question`` lets ``user`` see, as a WHERE clause."""
    published = and_(Question.is_public.is_(True), Question.answered_at.is_not(None))
    return or_(published, involved_questions(user))


def involved_questions(user: Actor) -> ColumnElement[bool]:
    """The questions ``user``'s side is party to, published or not: the office all, staff
    those on their department's needs, members their organisation's."""
    if is_coordinator(user):
        return true()
    department_id = own_department_id(user)
    if department_id is not None:
        return Question.need_id.in_(select(Need.id).where(Need.department_id == department_id))
    return equals_if_known(Question.organisation_id, own_organisation_id(user))


def can_answer_question(user: Actor, question: Question) -> bool:
    """A question on a need: its department and the office; to a proposer: the proposer."""
    if question.to_proposer:
        return is_member_of(user, question.organisation_id)
    return can_edit_need(user, question.need)


def can_edit_question(user: Actor, question: Question) -> bool:
    """Whoever's side asked: the organisation (on a need) or the department and the office
    (to a proposer)."""
    if question.to_proposer:
        return can_edit_need(user, question.need)
    return is_member_of(user, question.organisation_id)

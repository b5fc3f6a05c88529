"""Who hears of a question and its answer. A question on a need: the department's staff;
its answer, once published, every organisation that asked about the need or proposed
to it (a draft counts, as for the call's notices), or only the asking organisation when
the department answered privately. A question to a proposer: the organisation; its
answer, the department's staff and the person who asked."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, select, union

from hackplat.extensions import db
from hackplat.models import Proposal, Question, User
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.proposals.notices import department_staff


def answer_path(question: Question) -> str:
    return f"/questions/{question.id}/answer"


def home_path(question: Question) -> str:
    """Where a question is read with its answer: its proposal's page, or its need's."""
    if question.proposal_id is not None:
        return f"/proposals/{question.proposal_id}#questions"
    return f"/needs/{question.need_id}#questions"


def members_of(organisation_ids: Iterable[int] | Select[tuple[int]]) -> list[User]:
    """The active members of the organisations (a select of ids, or a list of them)."""
    return list(db.session.scalars(select(User).where(User.organisation_id.in_(organisation_ids), User.active)))


def askers_and_proposers(question: Question) -> list[User]:
    asked = select(Question.organisation_id).where(Question.need_id == question.need_id)
    proposed = select(Proposal.organisation_id).where(Proposal.need_id == question.need_id)
    return members_of(union(asked, proposed).subquery().select())


def tell_asked(question: Question) -> None:
    title = question.need.title
    with force_locale(NOTIFICATION_LOCALE):
        if question.to_proposer:
            subject = _("提案について市から質問が届きました: %(title)s", title=shortened(title))
            body = _("「%(title)s」への提案について、担当部署から質問が届きました。回答してください。", title=title)
            notify(members_of([question.organisation_id]), "question.to_proposer", subject, body, answer_path(question))
            return
        subject = _("課題に質問が届きました: %(title)s", title=shortened(title))
        body = _("「%(title)s」に参加組織から質問が届きました。回答してください。", title=title)
    notify(department_staff(question.need), "question.asked", subject, body, answer_path(question))


def tell_answered(question: Question) -> None:
    title = question.need.title
    with force_locale(NOTIFICATION_LOCALE):
        if question.to_proposer:
            subject = _("市からの質問に提案者が回答しました: %(title)s", title=shortened(title))
            body = _("「%(title)s」への提案について、%(name)s が質問に回答しました。", title=title,
                     name=question.organisation.name)  # fmt: skip
            people = [*department_staff(question.need), *([question.asked_by] if question.asked_by else [])]
        elif question.is_public:
            subject = _("質問への回答が公開されました: %(title)s", title=shortened(title))
            body = _("「%(title)s」の質疑応答に回答が公開されました。", title=title)
            people = askers_and_proposers(question)
        else:
            subject = _("質問に回答がありました: %(title)s", title=shortened(title))
            body = _("「%(title)s」について自組織がした質問に、担当部署が回答しました（非公開）。", title=title)
            people = members_of([question.organisation_id])
    notify(people, "question.answered", subject, body, home_path(question))

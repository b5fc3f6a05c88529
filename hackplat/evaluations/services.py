"""Evaluating shortlisted proposals: the conflict-of-interest declaration, the scores, and
selecting a proposal on the strength of its evaluations.

The rules:

- Only the need's department staff and coordinators evaluate (``can_evaluate_proposal``),
  and only a proposal that is ``shortlisted``.
- Each evaluator first declares whether they have a conflict of interest; that creates
  their ``Evaluation`` row. A declared conflict stands: it can never be withdrawn, and an
  evaluator who declared "no conflict" and later finds one may still declare it (audited;
  any scores they gave then leave the figures). Declaring the same thing twice is refused.
- Scores are four integers 1–5 and a comment, given once.
- Selecting needs at least one submitted (not conflicted) evaluation; the move itself is
  ``proposals.services.change_proposal_status``, which writes its own audit record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, CursorResult, func, select, update

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.labels import PROPOSAL_STATUS_LABELS
from hackplat.models import Evaluation, Proposal, ProposalStatus, User, utcnow
from hackplat.models.evaluations import CRITERIA
from hackplat.permissions import can_evaluate_proposal, require
from hackplat.proposals.services import change_proposal_status
from hackplat.validation import checked_text

#: The values a criterion may take, as the radio buttons send them.
SCORE_VALUES = ("1", "2", "3", "4", "5")
MAX_COMMENT_LENGTH = 2000


@dataclass(frozen=True)
class Scores:
    """One evaluator's marks: each criterion 1–5 (see ``CRITERIA``) and a free comment."""

    fit: int
    feasibility: int
    cost_effectiveness: int
    scalability: int
    comment: str = ""


def checked_score(criterion: str, value: object) -> int:
    """``value`` as an integer 1–5; anything else (missing, 0, 6, 3.5, text) is refused
    next to the criterion's field."""
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    if text not in SCORE_VALUES:
        raise InvalidInput(_("1〜5の中から選んでください。"), field=criterion)
    return int(text)


def own_evaluation(proposal: Proposal, evaluator: User) -> Evaluation | None:
    query = select(Evaluation).where(Evaluation.proposal_id == proposal.id, Evaluation.evaluator_id == evaluator.id)
    return db.session.scalar(query)


def require_shortlisted(proposal: Proposal) -> None:
    if proposal.status is not ProposalStatus.SHORTLISTED:
        status = PROPOSAL_STATUS_LABELS[proposal.status]
        raise Conflict(_("評価できるのは選考対象の提案だけです（この提案の現在の状態: %(status)s）。", status=status))


def _already_declared(evaluation: Evaluation) -> Conflict:
    if evaluation.has_conflict:
        return Conflict(_("この提案については利益相反があると申告済みです。申告した利益相反は取り消せません。"))
    return Conflict(_("この提案については利益相反がないと申告済みです。"))


def declare_conflict(proposal: Proposal, has_conflict: bool, *, actor: User) -> Evaluation:
    """Step 1 of evaluating: "no conflict of interest" or "I have a conflict"."""
    require(can_evaluate_proposal(actor, proposal))
    require_shortlisted(proposal)
    evaluation = own_evaluation(proposal, actor)
    if evaluation is None:
        evaluation = Evaluation(proposal=proposal, evaluator_id=actor.id, has_conflict=has_conflict)
        db.session.add(evaluation)
    elif has_conflict and not evaluation.has_conflict:
        evaluation.has_conflict = True  # found later: it stands from now on, scores or not
    else:
        raise _already_declared(evaluation)
    evaluation.declared_at = utcnow()
    flush_or_conflict(on_duplicate=Conflict(_("この提案については既に申告済みです。")))
    detail = {"has_conflict": has_conflict, "had_submitted": evaluation.submitted_at is not None}
    audit.record("evaluation.declared", "evaluation", evaluation.id, actor=actor, detail=detail)
    return evaluation


def scoring_evaluation(proposal: Proposal, *, actor: User) -> Evaluation:
    """The actor's evaluation, if they may score now: permission and life cycle come
    before the input, so a second submission is 409 whatever it contains."""
    require(can_evaluate_proposal(actor, proposal))
    require_shortlisted(proposal)
    evaluation = own_evaluation(proposal, actor)
    if evaluation is None:
        raise Conflict(_("評価の前に、利益相反の有無を申告してください。"))
    if evaluation.has_conflict:
        raise Conflict(_("利益相反を申告したため、この提案を評価することはできません。"))
    if evaluation.submitted_at is not None:
        raise _already_submitted()
    return evaluation


def _already_submitted() -> Conflict:
    return Conflict(_("この提案の評価は既に提出済みです。評価は1回だけ提出できます。"))


def submit_scores(proposal: Proposal, scores: Scores, *, actor: User) -> Evaluation:
    """Step 2: the scores, once, after declaring no conflict of interest."""
    evaluation = scoring_evaluation(proposal, actor=actor)
    marks = {name: checked_score(name, getattr(scores, name)) for name in CRITERIA}
    comment = checked_text(scores.comment, "comment", MAX_COMMENT_LENGTH)
    # Written only if still unsubmitted: of two submissions racing (a double click), one wins.
    statement = (
        update(Evaluation)
        .where(Evaluation.id == evaluation.id, Evaluation.submitted_at.is_(None))
        .values(**marks, comment=comment, submitted_at=utcnow())
    )
    # An UPDATE's result is a CursorResult (it has the rowcount); Session.execute says Result.
    written = cast("CursorResult[Any]", db.session.execute(statement))
    if written.rowcount != 1:
        raise _already_submitted()
    audit.record("evaluation.submitted", "evaluation", evaluation.id, actor=actor, detail=marks)
    return evaluation


def counted() -> list[ColumnElement[bool]]:
    """The evaluations that count: submitted, by evaluators without a conflict of interest."""
    return [Evaluation.submitted_at.is_not(None), Evaluation.has_conflict.is_(False)]


def submitted_count(proposal: Proposal) -> int:
    query = select(func.count(Evaluation.id)).where(Evaluation.proposal_id == proposal.id, *counted())
    return db.session.scalar(query) or 0


def select_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """Select a shortlisted proposal that has been evaluated at least once."""
    require(can_evaluate_proposal(actor, proposal))
    require_shortlisted(proposal)
    if submitted_count(proposal) == 0:
        raise Conflict(_("まだ評価が1件も提出されていないため、この提案を採択できません。先に評価を提出してください。"))
    return change_proposal_status(proposal, ProposalStatus.SELECTED, actor=actor)

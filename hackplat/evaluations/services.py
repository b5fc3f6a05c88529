"""Evaluating shortlisted proposals: the conflict-of-interest declaration, the scores, and
selecting a proposal on the strength of its evaluations.

The rules:

- Only the need's department staff and coordinators evaluate (``can_evaluate_proposal``),
  and only a proposal that is ``shortlisted``.
- Each evaluator first declares whether they have a conflict of interest; that creates
  their ``Evaluation`` row. A declared conflict stands: it can never be withdrawn, and an
  evaluator who declared "no conflict" and later finds one may still declare it (audited;
  any scores they gave then leave the figures). Declaring the same thing twice is refused.
- Scores are four integers 1–5 and a comment; the evaluator may correct them (audited)
  until a proposal of the need is selected, from a page that is not stale (the
  evaluation's version, hackplat/concurrency.py).
- Selecting is ``proposals.services.change_proposal_status``, whose guard asks for the end
  of the call and ``need.min_evaluators`` evaluations of every shortlisted proposal; an
  evaluator with a declared conflict of interest neither scores nor decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, CursorResult, func, select, update

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.labels import PROPOSAL_STATUS_LABELS
from hackplat.models import Evaluation, Need, Proposal, ProposalStatus, User, utcnow
from hackplat.models.evaluations import CRITERIA
from hackplat.permissions import can_evaluate_for, can_evaluate_proposal, require
from hackplat.proposals.rules import require_no_conflict
from hackplat.proposals.services import LIFE_CYCLE, change_proposal_status
from hackplat.validation import checked_text

#: The values a criterion may take, as the radio buttons send them.
SCORE_VALUES = ("1", "2", "3", "4", "5")
MAX_COMMENT_LENGTH = 2000
#: How many evaluators a need may ask for before selection.
MIN_EVALUATORS_RANGE = range(1, 11)


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


def has_selection(need: Need) -> bool:
    """A proposal of the need has been selected: its evaluations are final."""
    query = select(Proposal.id).where(Proposal.need_id == need.id, Proposal.status == ProposalStatus.SELECTED)
    return db.session.scalar(query.limit(1)) is not None


def scoring_evaluation(proposal: Proposal, *, actor: User) -> Evaluation:
    """The actor's evaluation, if they may score (or correct their scores) now:
    permission and life cycle come before the input."""
    require(can_evaluate_proposal(actor, proposal))
    require_shortlisted(proposal)
    evaluation = own_evaluation(proposal, actor)
    if evaluation is None:
        raise Conflict(_("評価の前に、利益相反の有無を申告してください。"))
    if evaluation.has_conflict:
        raise Conflict(_("利益相反を申告したため、この提案を評価することはできません。"))
    if evaluation.submitted_at is not None and has_selection(proposal.need):
        raise Conflict(_("この課題では採択が決まったため、評価は修正できません。"))
    return evaluation


def submit_scores(
    proposal: Proposal, scores: Scores, *, actor: User, expected_version: int | None = None
) -> Evaluation:
    """Step 2: the scores, after declaring no conflict of interest; given again, they
    correct the earlier ones (the audit record keeps both). A correction names the
    ``expected_version`` its page showed: one typed over a stale page (another tab wrote
    since) is refused, never the last one silently winning."""
    evaluation = scoring_evaluation(proposal, actor=actor)
    before = evaluation.submitted_at
    if before is not None or expected_version is not None:
        require_version(evaluation, expected_version)
    marks = {name: checked_score(name, getattr(scores, name)) for name in CRITERIA}
    comment = checked_text(scores.comment, "comment", MAX_COMMENT_LENGTH)
    earlier = {name: getattr(evaluation, name) for name in (*CRITERIA, "comment")}
    # Written only if nobody wrote in between (a double click, two tabs): one wins.
    statement = (
        update(Evaluation)
        .where(Evaluation.id == evaluation.id, _unchanged(before), Evaluation.version == evaluation.version)
        .values(**marks, comment=comment, submitted_at=before or utcnow(), version=Evaluation.version + 1)
    )
    # An UPDATE's result is a CursorResult (it has the rowcount); Session.execute says Result.
    written = cast("CursorResult[Any]", db.session.execute(statement))
    if written.rowcount != 1:
        raise Conflict(_("この評価はほかの画面で更新されました。ページを再読み込みしてください。"))
    db.session.refresh(evaluation)
    if before is None:
        audit.record("evaluation.submitted", "evaluation", evaluation.id, actor=actor, detail=marks)
    else:
        detail = {"before": earlier, "after": {**marks, "comment": comment}}
        audit.record("evaluation.corrected", "evaluation", evaluation.id, actor=actor, detail=detail)
    return evaluation


def _unchanged(submitted_at: object) -> ColumnElement[bool]:
    return Evaluation.submitted_at.is_(None) if submitted_at is None else Evaluation.submitted_at.is_not(None)


def counted() -> list[ColumnElement[bool]]:
    """The evaluations that count: submitted, by evaluators without a conflict of interest."""
    return [Evaluation.submitted_at.is_not(None), Evaluation.has_conflict.is_(False)]


def submitted_count(proposal: Proposal) -> int:
    query = select(func.count(Evaluation.id)).where(Evaluation.proposal_id == proposal.id, *counted())
    return db.session.scalar(query) or 0


def check_selection(proposal: Proposal, *, actor: User) -> None:
    """Refuse, saying why, a selection ``actor`` may not make now: permission, their own
    conflict of interest, the status, then the life cycle's guard (the call has ended,
    every shortlisted proposal has enough evaluators). Writes nothing."""
    require(can_evaluate_proposal(actor, proposal))
    require_no_conflict(actor, proposal)
    require_shortlisted(proposal)
    LIFE_CYCLE.check(proposal, ProposalStatus.SELECTED, actor=actor)


def select_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """Select a shortlisted proposal (see ``check_selection``); the move writes its audit record."""
    check_selection(proposal, actor=actor)
    return change_proposal_status(proposal, ProposalStatus.SELECTED, actor=actor)


def set_min_evaluators(need: Need, count: int | None, *, actor: User) -> Need:
    """How many evaluators must have scored each shortlisted proposal before selection."""
    require(can_evaluate_for(actor, need))
    if count is None or count not in MIN_EVALUATORS_RANGE:
        raise InvalidInput(_("1〜10の数を入力してください。"), field="min_evaluators")
    if has_selection(need):
        raise Conflict(_("この課題では採択が決まったため、評価者の数は変えられません。"))
    before, need.min_evaluators = need.min_evaluators, count
    audit.record("need.min_evaluators", "need", need.id, actor=actor, detail={"from": before, "to": count})
    flush_or_conflict()
    return need

"""Reading evaluations: one proposal's evaluation page and a need's ranked table, each as
one viewer may see it.

Blindness: a viewer sees the other evaluators' scores, comments and the figures of a
proposal only after submitting their own scores for it. That holds for every role,
coordinators and admins included; an evaluator who declared a conflict of interest never
sees them. How many evaluations were submitted is not a score, and is shown to all who
may evaluate. The ranking is blind too: only the proposals whose figures the viewer may
see are ranked; the others follow, unranked, in a fixed order that reveals nothing.

The figures come from one aggregate query over the evaluations that count (submitted,
without a conflict): count, the average of each criterion and of the total (the sum of
the four, out of 20), the lowest and highest total, and the average of the squared total,
from which the spread — the population standard deviation of the totals, √(E[t²] − E[t]²)
— follows without a function SQLite lacks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload

from hackplat.evaluations.services import counted, has_selection, require_shortlisted
from hackplat.extensions import db
from hackplat.models import CRITERIA, Evaluation, Need, Proposal, ProposalStatus, User
from hackplat.needs.services import visible_need
from hackplat.permissions import can_evaluate_for, can_evaluate_proposal, require, visible_proposals
from hackplat.proposals.queries import visible_proposal

#: Proposals with an evaluation page: those being evaluated, and the selected ones (whose
#: figures record the decision).
EVALUATED_STATUSES = (ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED)


@dataclass(frozen=True)
class Figures:
    """The evaluations of one proposal that count, summed up."""

    count: int
    averages: dict[str, float]
    average_total: float
    spread: float
    lowest_total: int
    highest_total: int


@dataclass(frozen=True)
class TableRow:
    proposal: Proposal
    count: int
    figures: Figures | None  # None: hidden from this viewer, or nothing evaluated yet
    hidden: bool  # the viewer has not submitted their own scores for it
    conflicted: bool  # the viewer declared a conflict of interest: it stays hidden
    rank: int | None = None


@dataclass(frozen=True)
class EvaluationPage:
    proposal: Proposal
    own: Evaluation | None
    count: int
    figures: Figures | None
    others: list[Evaluation]
    final: bool = False  # a proposal of the need was selected: scores can no longer change

    @property
    def may_declare(self) -> bool:
        return self.proposal.status is ProposalStatus.SHORTLISTED and self.own is None

    @property
    def may_score(self) -> bool:
        own = self.own
        open_ = self.proposal.status is ProposalStatus.SHORTLISTED
        return open_ and own is not None and not own.has_conflict and own.submitted_at is None

    @property
    def may_correct(self) -> bool:
        """Own scores given, and no selection yet: they may still be corrected."""
        own = self.own
        open_ = self.proposal.status is ProposalStatus.SHORTLISTED and not self.final
        return open_ and own is not None and not own.has_conflict and own.submitted_at is not None

    @property
    def may_declare_conflict_later(self) -> bool:
        """An evaluator who declared "no conflict" may still declare one (never the reverse)."""
        own = self.own
        return self.proposal.status is ProposalStatus.SHORTLISTED and own is not None and not own.has_conflict


def sees_scores(own: Evaluation | None) -> bool:
    return own is not None and own.submitted_at is not None and not own.has_conflict


def _total() -> ColumnElement[int | None]:
    """The sum of the four scores (NULL until all four are given)."""
    return Evaluation.fit + Evaluation.feasibility + Evaluation.cost_effectiveness + Evaluation.scalability


def figures_of(proposal_ids: Iterable[int]) -> dict[int, Figures]:
    """The figures per proposal id, from one grouped query (ids without evaluations are absent)."""
    total = _total()
    averages = [func.avg(getattr(Evaluation, name)) for name in CRITERIA]
    query = (
        select(Evaluation.proposal_id, func.count(Evaluation.id), *averages, func.avg(total),
               func.avg(total * total), func.min(total), func.max(total))
        .where(Evaluation.proposal_id.in_(list(proposal_ids)), *counted())
        .group_by(Evaluation.proposal_id)
    )  # fmt: skip
    return {row[0]: _figures(row[1:]) for row in db.session.execute(query)}


def _figures(row: tuple) -> Figures:
    count, *criteria, mean, mean_square, lowest, highest = row
    variance = max(0.0, float(mean_square) - float(mean) ** 2)  # rounding must not go below 0
    return Figures(
        count=int(count),
        averages={name: float(value) for name, value in zip(CRITERIA, criteria, strict=True)},
        average_total=float(mean),
        spread=math.sqrt(variance),
        lowest_total=int(lowest),
        highest_total=int(highest),
    )


def evaluable_proposal(proposal_id: int, *, actor: User) -> Proposal:
    """A proposal whose evaluation page the actor may open (a draft is answered as missing)."""
    proposal = visible_proposal(proposal_id, actor=actor)
    require(can_evaluate_proposal(actor, proposal))
    if proposal.status not in EVALUATED_STATUSES:
        require_shortlisted(proposal)  # raises its Conflict, naming the current state
    return proposal


def evaluation_page(proposal: Proposal, *, viewer: User) -> EvaluationPage:
    evaluations = list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.proposal_id == proposal.id)
            .options(joinedload(Evaluation.evaluator))
            .order_by(Evaluation.submitted_at, Evaluation.id)
        )
    )
    own = next((e for e in evaluations if e.evaluator_id == viewer.id), None)
    figures = figures_of([proposal.id]).get(proposal.id)
    count = figures.count if figures else 0
    if not sees_scores(own):
        return EvaluationPage(proposal, own, count, None, [])
    others = [e for e in evaluations if e is not own and sees_scores(e)]
    return EvaluationPage(proposal, own, count, figures, others, final=has_selection(proposal.need))


def need_for_table(need_id: int, *, viewer: User) -> Need:
    need = visible_need(need_id, actor=viewer)
    require(can_evaluate_for(viewer, need))
    return need


def ranked_table(need: Need, *, viewer: User) -> list[TableRow]:
    """Every shortlisted (or selected) proposal of the need, ranked as the viewer may see."""
    proposals = list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.need_id == need.id, Proposal.status.in_(EVALUATED_STATUSES), visible_proposals(viewer))
            .options(joinedload(Proposal.organisation))
            .order_by(Proposal.id)
        )
    )
    ids = [proposal.id for proposal in proposals]
    figures = figures_of(ids)
    own_query = select(Evaluation).where(Evaluation.evaluator_id == viewer.id, Evaluation.proposal_id.in_(ids))
    own = {evaluation.proposal_id: evaluation for evaluation in db.session.scalars(own_query)}
    rows = [_row(proposal, figures.get(proposal.id), own.get(proposal.id)) for proposal in proposals]
    return _ranked(rows)


def _row(proposal: Proposal, figures: Figures | None, own: Evaluation | None) -> TableRow:
    count = figures.count if figures else 0
    hidden = not sees_scores(own)
    conflicted = own is not None and own.has_conflict
    return TableRow(proposal, count, None if hidden else figures, hidden, conflicted)


def _ranked(rows: list[TableRow]) -> list[TableRow]:
    """Rows with visible figures by average total (ties share a rank: 1, 2, 2, 4), then the rest."""
    shown = [(row, row.figures) for row in rows if row.figures is not None]
    shown.sort(key=lambda pair: (-pair[1].average_total, -pair[0].count, pair[0].proposal.id))
    ranked: list[TableRow] = []
    last_total: float | None = None
    for position, (row, figures) in enumerate(shown, start=1):
        rank = ranked[-1].rank if figures.average_total == last_total else position
        ranked.append(replace(row, rank=rank))
        last_total = figures.average_total
    return ranked + [r for r in rows if r.figures is None]

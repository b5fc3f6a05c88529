"""A need's incoming proposals as the department compares them: summary, estimated cost,
seed and the average evaluation score, newest first or by score.

The score follows the evaluations' blindness (hackplat/evaluations/queries.py): a viewer
sees a proposal's average only once they have submitted their own scores for it, so the
list never shows more than the evaluation pages do. Sorting by score therefore ranks the
proposals whose average the viewer may see, best first, and puts the others after them
(newest first), which reveals nothing about the hidden ones.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, case, exists, func, select
from sqlalchemy.orm import joinedload

from hackplat.evaluations.services import counted
from hackplat.extensions import db
from hackplat.models import Evaluation, Need, Proposal, ProposalStatus, User
from hackplat.proposals.queries import need_proposals

#: How long a summary the list shows (the proposal's page has the whole text).
SUMMARY_CHARS = 120


class Sort(enum.StrEnum):
    SUBMITTED = "submitted"  # newest submission first (the default)
    SCORE = "score"  # best visible average first


@dataclass(frozen=True)
class IncomingRow:
    proposal: Proposal
    count: int  # evaluations that count (submitted, no conflict): not a score, shown to all
    average: float | None  # average total out of 20; None: hidden from the viewer, or none yet
    hidden: bool  # the viewer has not submitted their own scores for it

    @property
    def summary(self) -> str:
        text = " ".join(self.proposal.summary.split())
        return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def _total() -> ColumnElement[int | None]:
    return Evaluation.fit + Evaluation.feasibility + Evaluation.cost_effectiveness + Evaluation.scalability


def _own_scores_given(viewer: User) -> ColumnElement[bool]:
    """The viewer submitted their own scores for the proposal (without a conflict)."""
    return exists().where(Evaluation.proposal_id == Proposal.id, Evaluation.evaluator_id == viewer.id, *counted())


def visible_average(viewer: User) -> ColumnElement[float | None]:
    """The proposal's average total, NULL unless the viewer may see it."""
    average = (
        select(func.avg(_total()))
        .where(Evaluation.proposal_id == Proposal.id, *counted())
        .correlate(Proposal)
        .scalar_subquery()
    )
    return case((_own_scores_given(viewer), average), else_=None)


def incoming_query(need: Need, status: ProposalStatus | None, sort: Sort, *, actor: User) -> Select[Proposal]:
    """The need's proposals the actor may see (``need_proposals`` checks who may), with
    their seeds, in the chosen order."""
    query = need_proposals(need, status, actor=actor).options(joinedload(Proposal.seed))
    if sort is Sort.SCORE:
        average = visible_average(actor)
        query = query.order_by(None).order_by(
            case((average.is_(None), 1), else_=0), average.desc(), Proposal.submitted_at.desc(), Proposal.id.desc()
        )
    return query


def incoming_rows(proposals: list[Proposal], *, viewer: User) -> list[IncomingRow]:
    """One row per proposal (of one page), with the counts and the averages the viewer may see."""
    ids = [proposal.id for proposal in proposals]
    if not ids:
        return []
    total = _total()
    query = (
        select(Evaluation.proposal_id, func.count(Evaluation.id), func.avg(total))
        .where(Evaluation.proposal_id.in_(ids), *counted())
        .group_by(Evaluation.proposal_id)
    )
    figures = {row[0]: (int(row[1]), float(row[2])) for row in db.session.execute(query)}
    own_query = select(Evaluation.proposal_id).where(
        Evaluation.evaluator_id == viewer.id, Evaluation.proposal_id.in_(ids), *counted()
    )
    scored = set(db.session.scalars(own_query))
    rows = []
    for proposal in proposals:
        count, average = figures.get(proposal.id, (0, None))
        hidden = proposal.id not in scored
        rows.append(IncomingRow(proposal, count, None if hidden else average, hidden))
    return rows


def chosen_sort(value: str | None) -> Sort:
    return next((sort for sort in Sort if sort.value == value), Sort.SUBMITTED)

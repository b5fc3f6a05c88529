"""Evaluation routes × roles (see tests/permission_rows.py for the vocabulary).

{eval_shortlisted} is a shortlisted proposal to {open_need} (of the staff user's
department) with no evaluation yet: declaring succeeds (302), scoring before declaring
and selecting without evaluations are refused by the life cycle (409)."""

from __future__ import annotations

from tests.permission_rows import CONFLICT, FORBIDDEN, OK, REDIRECT, Row, by_role

EVALUATORS = by_role(REDIRECT, FORBIDDEN, OK, OK, OK)
EVALUATOR_ACTION = by_role(REDIRECT, FORBIDDEN, REDIRECT, REDIRECT, REDIRECT)
EVALUATOR_REFUSED_BY_LIFE_CYCLE = by_role(REDIRECT, FORBIDDEN, CONFLICT, CONFLICT, CONFLICT)
SCORES = {"fit": "3", "feasibility": "3", "cost_effectiveness": "3", "scalability": "3", "comment": ""}

ROWS: dict[str, Row] = {
    "evaluations.for_need": ("GET", "/evaluations/need/{open_need}", {}, EVALUATORS),
    "evaluations.proposal": ("GET", "/evaluations/proposal/{eval_shortlisted}", {}, EVALUATORS),
    "evaluations.declare": (
        "POST", "/evaluations/proposal/{eval_shortlisted}/declare", {"conflict": "none"}, EVALUATOR_ACTION
    ),
    "evaluations.submit_scores": (
        "POST", "/evaluations/proposal/{eval_shortlisted}/scores", SCORES, EVALUATOR_REFUSED_BY_LIFE_CYCLE
    ),
    "evaluations.confirm_select": ("GET", "/evaluations/proposal/{eval_shortlisted}/select", {}, EVALUATORS),
    # {open_need} already has a selected proposal (the pilots' world): the number is final (409).
    "evaluations.min_evaluators": (
        "POST", "/evaluations/need/{open_need}/min-evaluators", {"min_evaluators": "3"},
        EVALUATOR_REFUSED_BY_LIFE_CYCLE,
    ),
    "evaluations.select": ("POST", "/evaluations/proposal/{eval_shortlisted}/select", {}, EVALUATOR_REFUSED_BY_LIFE_CYCLE),
}  # fmt: skip


def extend_world(world: dict, factories) -> None:
    from hackplat.models import ProposalStatus

    organisation = factories.make_organisation(name="評価される組織")
    proposal = factories.make_proposal(world["open_need"], organisation, ProposalStatus.SHORTLISTED)
    world["ids"]["eval_shortlisted"] = proposal.id

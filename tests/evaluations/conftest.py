"""An evaluation panel around one open need: the department's two staff, a coordinator and
an admin evaluate; a member of the proposing organisation and another department's staff
stay out."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

import pytest

from hackplat.evaluations import services
from hackplat.evaluations.services import Scores
from hackplat.extensions import db
from hackplat.models import Department, Evaluation, Need, Organisation, Proposal, ProposalStatus, Role, User
from tests.proposals.conftest import Cast


class Panel(Cast):
    """The proposals' cast (tests/proposals/conftest.py) with a shortlisted proposal of
    its organisation; ``colleague`` is here a second staff member of the department."""

    def __init__(
        self,
        make_user: Callable[..., User],
        make_organisation: Callable[..., Organisation],
        make_department: Callable[..., Department],
        make_need: Callable[..., Need],
        make_proposal: Callable[..., Proposal],
    ) -> None:
        super().__init__(make_user, make_organisation, make_department, make_need)
        self._make_proposal = make_proposal
        self.proposal = make_proposal(self.need, self.organisation, ProposalStatus.SHORTLISTED)

    def shortlisted(self, name: str, status: ProposalStatus = ProposalStatus.SHORTLISTED) -> Proposal:
        """A proposal of a new organisation ``name`` to the panel's need."""
        return self._make_proposal(self.need, self._make_organisation(name), status)

    @cached_property
    def colleague(self) -> User:
        return self._make_user(Role.STAFF, department=self.department)


@pytest.fixture
def panel(make_user, make_organisation, make_department, make_need, make_proposal) -> Panel:
    return Panel(make_user, make_organisation, make_department, make_need, make_proposal)


def evaluate(proposal: Proposal, evaluator: User, marks: tuple[int, int, int, int], comment: str = "") -> Evaluation:
    """Declare no conflict and submit ``marks`` (fit, feasibility, cost, scalability)."""
    services.declare_conflict(proposal, False, actor=evaluator)
    evaluation = services.submit_scores(proposal, Scores(*marks, comment=comment), actor=evaluator)
    db.session.commit()
    return evaluation


def declare_conflict(proposal: Proposal, evaluator: User) -> Evaluation:
    evaluation = services.declare_conflict(proposal, True, actor=evaluator)
    db.session.commit()
    return evaluation


def score_form(
    marks: tuple[object, object, object, object] = (4, 3, 5, 2), comment: str = "", version: str | None = None
) -> dict[str, str]:
    """The scoring form as sent; a correction also sends the version its page showed."""
    names = ("fit", "feasibility", "cost_effectiveness", "scalability")
    form = {**{name: str(mark) for name, mark in zip(names, marks, strict=True)}, "comment": comment}
    return form if version is None else {**form, "version": version}


def version_on(client: Any, url: str) -> str:
    """The evaluation's version in the scoring form of ``url``, as a browser would send it back."""
    match = re.search(r'name="version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True))
    assert match, f"no version in the scoring form of {url}"
    return match.group(1)

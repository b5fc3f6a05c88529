"""The questions' parts of the need's page and of a proposal's page: the view of each
page adds ``**need_questions(need)`` or ``**proposal_questions(proposal)`` to its
context, and its template includes templates/questions/_need_section.html or
_proposal_section.html."""

from __future__ import annotations

from flask_login import current_user

from hackplat.models import Need, Proposal
from hackplat.permissions import can_ask_proposer
from hackplat.questions import queries
from hackplat.questions.forms import QuestionForm


def need_questions(need: Need) -> dict[str, object]:
    return {
        "questions": queries.need_section(need, current_user),
        "question_form": QuestionForm(formdata=None),
    }


def proposal_questions(proposal: Proposal) -> dict[str, object]:
    return {
        "proposal_questions": queries.on_proposal(proposal),
        "question_form": QuestionForm(formdata=None),
        "may_ask_proposer": can_ask_proposer(current_user, proposal) and proposal.status.value != "withdrawn",
    }

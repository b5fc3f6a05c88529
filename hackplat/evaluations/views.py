"""Evaluation of shortlisted proposals: a need's ranked table, one proposal's evaluation
page (declare, score, then see the others), and selecting a proposal from the table."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import InvalidInput
from hackplat.evaluations import queries, services
from hackplat.evaluations.forms import DeclarationForm, LateConflictForm, ScoresForm
from hackplat.extensions import db
from hackplat.models import Proposal
from hackplat.views import render_refused, require_sign_in

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")

PAGE = "evaluations/proposal.html"


def _context(proposal: Proposal, declaration: DeclarationForm | None = None) -> dict:
    return {
        "page": queries.evaluation_page(proposal, viewer=current_user),
        "declaration": declaration or DeclarationForm(formdata=None),
        "late_conflict": LateConflictForm(formdata=None),
    }


def _to_page(proposal: Proposal) -> Response:
    return redirect(url_for("evaluations.proposal", proposal_id=proposal.id))


def _open_proposal(proposal_id: int) -> Proposal:
    """A proposal the signed-in user may evaluate now (403/404/409 otherwise)."""
    require_sign_in()
    proposal = queries.evaluable_proposal(proposal_id, actor=current_user)
    services.require_shortlisted(proposal)
    return proposal


@bp.get("/need/<int:need_id>")
def for_need(need_id: int) -> str:
    require_sign_in()
    need = queries.need_for_table(need_id, viewer=current_user)
    rows = queries.ranked_table(need, viewer=current_user)
    return render_template("evaluations/need.html", need=need, rows=rows)


@bp.get("/proposal/<int:proposal_id>")
def proposal(proposal_id: int) -> str:
    require_sign_in()
    proposal = queries.evaluable_proposal(proposal_id, actor=current_user)
    return render_template(PAGE, form=ScoresForm(formdata=None), **_context(proposal))


@bp.post("/proposal/<int:proposal_id>/declare")
def declare(proposal_id: int) -> Response | tuple[str, int]:
    proposal = _open_proposal(proposal_id)
    form = DeclarationForm()
    if not form.validate_on_submit():
        return render_template(PAGE, form=ScoresForm(formdata=None), **_context(proposal, form)), 400
    services.declare_conflict(proposal, form.has_conflict(), actor=current_user)
    db.session.commit()
    if form.has_conflict():
        flash(_("利益相反を申告しました。この提案の評価には加わりません。"), "success")
    else:
        flash(_("利益相反がないことを申告しました。評価を入力してください。"), "success")
    return _to_page(proposal)


@bp.post("/proposal/<int:proposal_id>/scores")
def submit_scores(proposal_id: int) -> Response | tuple[str, int]:
    proposal = _open_proposal(proposal_id)
    services.scoring_evaluation(proposal, actor=current_user)
    form = ScoresForm()
    if not form.validate_on_submit():
        return render_template(PAGE, form=form, **_context(proposal)), 400
    try:
        services.submit_scores(proposal, form.scores(), actor=current_user)
    except InvalidInput as refusal:
        return render_refused(PAGE, form, refusal, **_context(proposal))
    db.session.commit()
    flash(_("評価を提出しました。ほかの評価者の評価が表示されるようになりました。"), "success")
    return _to_page(proposal)


@bp.post("/proposal/<int:proposal_id>/select")
def select(proposal_id: int) -> Response:
    proposal = _open_proposal(proposal_id)
    services.select_proposal(proposal, actor=current_user)
    db.session.commit()
    flash(_("%(name)s の提案を採択しました。", name=proposal.organisation.name), "success")
    return redirect(url_for("evaluations.for_need", need_id=proposal.need_id))

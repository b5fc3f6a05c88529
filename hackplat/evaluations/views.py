"""Evaluation of shortlisted proposals: a need's ranked table, one proposal's evaluation
page (declare, score, then see the others), and selecting a proposal from the table."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, InvalidInput
from hackplat.evaluations import queries, services
from hackplat.evaluations.forms import DeclarationForm, LateConflictForm, MinEvaluatorsForm, ScoresForm
from hackplat.extensions import db
from hackplat.models import CRITERIA, Need, Proposal
from hackplat.views import refuse, render_refused, require_sign_in

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


def _table_page(need: Need, form: MinEvaluatorsForm | None = None) -> str:
    rows = queries.ranked_table(need, viewer=current_user)
    form = form or MinEvaluatorsForm(formdata=None, min_evaluators=need.min_evaluators)
    return render_template("evaluations/need.html", need=need, rows=rows, form=form)


@bp.get("/need/<int:need_id>")
def for_need(need_id: int) -> str:
    require_sign_in()
    return _table_page(queries.need_for_table(need_id, viewer=current_user))


@bp.post("/need/<int:need_id>/min-evaluators")
def min_evaluators(need_id: int) -> Response | tuple[str, int]:
    """The department or the office sets how many evaluators each proposal needs."""
    require_sign_in()
    need = queries.need_for_table(need_id, viewer=current_user)
    form = MinEvaluatorsForm()
    if not form.validate_on_submit():
        return _table_page(need, form), 400
    try:
        services.set_min_evaluators(need, form.min_evaluators.data, actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        refuse(form, refusal)
        return _table_page(need, form), refusal.status
    db.session.commit()
    flash(_("採択に必要な評価者の数を変更しました。"), "success")
    return redirect(url_for("evaluations.for_need", need_id=need.id))


@bp.get("/proposal/<int:proposal_id>")
def proposal(proposal_id: int) -> str:
    require_sign_in()
    proposal = queries.evaluable_proposal(proposal_id, actor=current_user)
    context = _context(proposal)
    own = context["page"].own
    marks = {name: str(getattr(own, name)) for name in CRITERIA} if context["page"].may_correct else {}
    version = own.version if own is not None else None
    form = ScoresForm(formdata=None, **marks, comment=own.comment if marks else "", version=version)
    return render_template(PAGE, form=form, **context)


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
    correcting = services.scoring_evaluation(proposal, actor=current_user).submitted_at is not None
    form = ScoresForm()
    if not form.validate_on_submit():
        return render_template(PAGE, form=form, **_context(proposal)), 400
    try:
        services.submit_scores(proposal, form.scores(), actor=current_user, expected_version=form.version_seen())
    except (InvalidInput, Conflict) as refusal:
        return render_refused(PAGE, form, refusal, **_context(proposal))
    db.session.commit()
    if correcting:
        flash(_("評価を修正しました。"), "success")
    else:
        flash(_("評価を提出しました。ほかの評価者の評価が表示されるようになりました。"), "success")
    return _to_page(proposal)


def _selection_refusal(proposal: Proposal) -> str | None:
    """Why the signed-in user may not select the proposal now, if they may not."""
    try:
        services.check_selection(proposal, actor=current_user)
    except Conflict as refusal:
        return refusal.message
    return None


@bp.get("/proposal/<int:proposal_id>/select")
def confirm_select(proposal_id: int) -> str:
    """The step before selecting: the proposal, its figures, and why not if it cannot be."""
    require_sign_in()
    proposal = queries.evaluable_proposal(proposal_id, actor=current_user)
    return _select_page(proposal, _selection_refusal(proposal))


def _select_page(proposal: Proposal, refusal: str | None) -> str:
    count = services.submitted_count(proposal)
    return render_template("evaluations/select.html", proposal=proposal, refusal=refusal, count=count)


@bp.post("/proposal/<int:proposal_id>/select")
def select(proposal_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    proposal = queries.evaluable_proposal(proposal_id, actor=current_user)
    try:
        services.select_proposal(proposal, actor=current_user)
    except Conflict as refusal:
        db.session.rollback()
        return _select_page(proposal, refusal.message), refusal.status
    db.session.commit()
    flash(_("%(name)s の提案を採択しました。", name=proposal.organisation.name), "success")
    return redirect(url_for("evaluations.for_need", need_id=proposal.need_id))

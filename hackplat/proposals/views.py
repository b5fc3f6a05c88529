"""Proposals: members draft, submit and withdraw them; the need's department and the
programme office read, shortlist, decline and select them."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hackplat.bounds import query_int
from hackplat.errors import InvalidInput
from hackplat.evaluations.services import select_proposal
from hackplat.extensions import db
from hackplat.forms import choices
from hackplat.models import Proposal, ProposalStatus, Seed
from hackplat.needs.services import visible_need
from hackplat.permissions import can_decide_proposal, can_edit_proposal, require
from hackplat.pilots.queries import pilot_of_proposal
from hackplat.proposals import queries, services
from hackplat.proposals.forms import DeclineForm, ProposalForm, SeedChoiceForm
from hackplat.views import (
    paginate,
    render_form,
    render_refused,
    require_sign_in,
)

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

DONE_MESSAGES = {
    ProposalStatus.SUBMITTED: _l("提案を提出しました。"),
    ProposalStatus.WITHDRAWN: _l("提案を取り下げました。"),
    ProposalStatus.SHORTLISTED: _l("提案を選考対象にしました。"),
    ProposalStatus.DECLINED: _l("提案を見送りました。提案者に理由が伝わります。"),
    ProposalStatus.SELECTED: _l("提案を採択しました。"),
}


def _to_detail(proposal: Proposal) -> Response:
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


def _seed_chooser(seeds: list[Seed]) -> tuple[SeedChoiceForm, Seed | None]:
    """The seed picker (a GET form, no JavaScript needed) and the seed it has picked."""
    chooser = SeedChoiceForm(request.args)
    chooser.seed.choices = choices([(0, _("（シーズを使わない）")), *((s.id, s.title) for s in seeds)])
    return chooser, next((s for s in seeds if s.id == chooser.seed.data), None)


def _refused(form: ProposalForm, refusal: InvalidInput, context: dict[str, Any]) -> tuple[str, int]:
    return render_refused("proposals/form.html", form, refusal, **context)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    require_sign_in()
    need = queries.need_to_propose_to(query_int("need"), actor=current_user)
    existing = services.existing_proposal(need, current_user.organisation_id)
    if existing is not None:
        flash(_("あなたの組織はこの課題に既に提案しています。その提案を表示します。"), "info")
        return _to_detail(existing)
    services.require_accepting(need)
    seeds = queries.own_seeds(current_user)
    chooser, seed = _seed_chooser(seeds)
    form = ProposalForm(seed_id=seed.id if seed else 0, summary=queries.seed_summary(seed) if seed else None)
    context = {"need": need, "seeds": seeds, "chooser": chooser, "proposal": None}
    if not form.validate_on_submit():
        return render_form("proposals/form.html", form, **context)
    try:
        proposal = services.create_proposal(need, form.content(), actor=current_user)
    except InvalidInput as refusal:
        return _refused(form, refusal, context)
    db.session.commit()
    flash(_("提案を下書きとして保存しました。内容を確認して提出してください。"), "success")
    return _to_detail(proposal)


@bp.get("/<int:proposal_id>")
def detail(proposal_id: int) -> str:
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    return _detail_page(proposal, DeclineForm())


def _detail_page(proposal: Proposal, decline_form: DeclineForm) -> str:
    moves = {move.value for move in services.allowed_moves(proposal, current_user)}
    return render_template(
        "proposals/detail.html", proposal=proposal, moves=moves, decline_form=decline_form,
        pilot=pilot_of_proposal(proposal),
    )  # fmt: skip


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    require(can_edit_proposal(current_user, proposal))
    services.require_editable(proposal)
    form = ProposalForm(obj=proposal)
    context = {"need": proposal.need, "seeds": queries.own_seeds(current_user), "chooser": None, "proposal": proposal}
    if not form.validate_on_submit():
        return render_form("proposals/form.html", form, **context)
    try:
        services.update_proposal(proposal, form.content(), version=form.version_seen(), actor=current_user)
    except InvalidInput as refusal:
        return _refused(form, refusal, context)
    db.session.commit()
    flash(_("下書きを保存しました。"), "success")
    return _to_detail(proposal)


def _move(proposal_id: int, to: ProposalStatus, reason: str | None = None) -> Response:
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    services.change_proposal_status(proposal, to, actor=current_user, reason=reason)
    db.session.commit()
    flash(str(DONE_MESSAGES[to]), "success")
    return _to_detail(proposal)


@bp.post("/<int:proposal_id>/submit")
def submit(proposal_id: int) -> Response:
    return _move(proposal_id, ProposalStatus.SUBMITTED)


@bp.post("/<int:proposal_id>/withdraw")
def withdraw(proposal_id: int) -> Response:
    return _move(proposal_id, ProposalStatus.WITHDRAWN)


@bp.post("/<int:proposal_id>/shortlist")
def shortlist(proposal_id: int) -> Response:
    return _move(proposal_id, ProposalStatus.SHORTLISTED)


@bp.post("/<int:proposal_id>/select")
def select(proposal_id: int) -> Response:
    """Selecting needs an evaluation first, here as from the evaluation's ranked table."""
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    select_proposal(proposal, actor=current_user)
    db.session.commit()
    flash(str(DONE_MESSAGES[ProposalStatus.SELECTED]), "success")
    return _to_detail(proposal)


@bp.post("/<int:proposal_id>/decline")
def decline(proposal_id: int) -> Response | tuple[str, int]:
    form = DeclineForm()
    if form.validate_on_submit():
        return _move(proposal_id, ProposalStatus.DECLINED, form.reason.data)
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    require(can_decide_proposal(current_user, proposal))
    return _detail_page(proposal, form), 400


@bp.get("/mine")
@login_required
def mine() -> str:
    query = queries.organisation_proposals(current_user)
    pagination = paginate(query)
    return render_template("proposals/mine.html", pagination=pagination)


@bp.get("/need/<int:need_id>")
@login_required
def for_need(need_id: int) -> str:
    need = visible_need(need_id, actor=current_user)  # a hidden draft: 404, not 403
    status = next((s for s in queries.SEEN_BY_CITY if s.value == request.args.get("status")), None)
    query = queries.need_proposals(need, status, actor=current_user)
    pagination = paginate(query)
    return render_template(
        "proposals/for_need.html", need=need, status=status, statuses=queries.SEEN_BY_CITY, pagination=pagination
    )

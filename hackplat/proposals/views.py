"""Proposals: members draft, submit and withdraw them; the need's department and the
programme office read, shortlist, decline and select them."""

from __future__ import annotations

from collections.abc import Callable

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
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.models import Need, Proposal, ProposalStatus, Seed
from hackplat.needs.services import visible_need
from hackplat.permissions import can_decide_proposal, can_edit_proposal, require
from hackplat.permissions.proposals import declared_conflict
from hackplat.pilots.queries import pilot_of_proposal
from hackplat.proposals import incoming, queries, services, versions
from hackplat.proposals.forms import LOAD_SEED, DeclineForm, ProposalForm
from hackplat.proposals.rules import require_accepting
from hackplat.questions.sections import proposal_questions
from hackplat.startups import services as startups
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
}


def _to_detail(proposal: Proposal) -> Response:
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


def _proposal_form(proposal: Proposal | None, seeds: list[Seed]) -> ProposalForm:
    """The form, with the seeds to choose from. A first view of a new proposal may start
    from ``?seed=`` (nothing typed yet); "load the seed" fills only empty fields."""
    form = ProposalForm(obj=proposal)
    form.offer(seeds, _("（シーズを使わない）"))
    chosen = form.seed_id.data if request.method == "POST" else query_int("seed")
    seed = next((s for s in seeds if s.id == chosen), None)
    if request.method == "GET" and proposal is None and seed is not None:
        form.seed_id.data = seed.id
    if request.method == "GET" and proposal is None or LOAD_SEED in request.form:
        form.load(seed)
    return form


def _form_page(form: ProposalForm, need: Need, proposal: Proposal | None, seeds: list[Seed],
               save: Callable[[], Proposal], done: str) -> Response | tuple[str, int]:  # fmt: skip
    """Show the form (also after loading a seed), or save it: the service's refusal is
    shown next to its field, keeping what was typed."""
    mentoring = startups.request_of(proposal)
    context = {"need": need, "seeds": seeds, "proposal": proposal, "mentoring": mentoring,
               "mentoring_offered": startups.offered(need, current_user)}  # fmt: skip
    if request.method == "GET":
        form.show_mentoring(mentoring)
    if LOAD_SEED in request.form:
        return render_template("proposals/form.html", form=form, **context), 200
    if not form.validate_on_submit():
        return render_form("proposals/form.html", form, **context)
    try:
        saved = startups.save_with_wish(need, form.mentoring_wish(), save, actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("proposals/form.html", form, refusal, **context)
    db.session.commit()
    flash(done, "success")
    return _to_detail(saved)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    require_sign_in()
    need = queries.need_to_propose_to(query_int("need"), actor=current_user)
    existing = services.existing_proposal(need, current_user.organisation_id)
    if existing is not None:
        flash(_("あなたの組織はこの課題に既に提案しています。その提案を表示します。"), "info")
        return _to_detail(existing)
    try:
        require_accepting(need, current_user.organisation_id)
    except Conflict as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("needs.detail", need_id=need.id))
    seeds = queries.own_seeds(current_user)
    form = _proposal_form(None, seeds)
    return _form_page(
        form, need, None, seeds, lambda: services.create_proposal(need, form.content(), actor=current_user),
        _("提案を下書きとして保存しました。内容を確認して提出してください。"),
    )  # fmt: skip


@bp.get("/<int:proposal_id>")
def detail(proposal_id: int) -> str:
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    return _detail_page(proposal, DeclineForm())


def _detail_page(proposal: Proposal, decline_form: DeclineForm, refusal: str | None = None) -> str:
    moves = {move.value for move in services.allowed_moves(proposal, current_user)}
    return render_template(
        "proposals/detail.html", proposal=proposal, moves=moves, decline_form=decline_form, refusal=refusal,
        pilot=pilot_of_proposal(proposal), editable=_editable(proposal),
        changed=versions.changed_since_submitted(proposal), earlier=versions.earlier_versions(proposal),
        conflicted=declared_conflict(current_user, proposal),
        mentoring=startups.request_of(proposal),
        **proposal_questions(proposal),
    )  # fmt: skip


def _editable(proposal: Proposal) -> bool:
    """Whether to offer "edit" (the service still checks)."""
    if not can_edit_proposal(current_user, proposal):
        return False
    try:
        services.require_editable(proposal)
    except Conflict:
        return False
    return True


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    require(can_edit_proposal(current_user, proposal))
    services.require_editable(proposal)
    seeds = queries.own_seeds(current_user)
    form = _proposal_form(proposal, seeds)
    return _form_page(
        form, proposal.need, proposal, seeds,
        lambda: services.update_proposal(proposal, form.content(), version=form.version_seen(), actor=current_user),
        _("提案を保存しました。") if proposal.status is ProposalStatus.SUBMITTED else _("下書きを保存しました。"),
    )  # fmt: skip


def _move(proposal_id: int, to: ProposalStatus, reason: str | None = None) -> Response | tuple[str, int]:
    """A move from the proposal's page; a refusal is shown on that page (409 or 400)."""
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    try:
        services.change_proposal_status(proposal, to, actor=current_user, reason=reason)
    except (Conflict, InvalidInput) as refusal:
        db.session.rollback()
        return _detail_page(proposal, DeclineForm(formdata=None), refusal.message), refusal.status
    db.session.commit()
    flash(str(DONE_MESSAGES[to]), "success")
    return _to_detail(proposal)


def _confirm_page(proposal_id: int, action: str) -> str:
    """The step before submitting, withdrawing or deleting: what will happen, and a button."""
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    require(can_edit_proposal(current_user, proposal))
    return render_template("proposals/confirm.html", proposal=proposal, action=action)


@bp.get("/<int:proposal_id>/submit")
def confirm_submit(proposal_id: int) -> str:
    """A preview of the proposal as the city will read it, with the button that submits."""
    return _confirm_page(proposal_id, "submit")


@bp.post("/<int:proposal_id>/submit")
def submit(proposal_id: int) -> Response | tuple[str, int]:
    return _move(proposal_id, ProposalStatus.SUBMITTED)


@bp.get("/<int:proposal_id>/withdraw")
def confirm_withdraw(proposal_id: int) -> str:
    return _confirm_page(proposal_id, "withdraw")


@bp.post("/<int:proposal_id>/withdraw")
def withdraw(proposal_id: int) -> Response | tuple[str, int]:
    return _move(proposal_id, ProposalStatus.WITHDRAWN)


@bp.get("/<int:proposal_id>/delete")
def confirm_delete(proposal_id: int) -> str:
    return _confirm_page(proposal_id, "delete")


@bp.post("/<int:proposal_id>/delete")
def delete(proposal_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    proposal = queries.visible_proposal(proposal_id, actor=current_user)
    try:
        services.delete_draft(proposal, actor=current_user)
    except Conflict as refusal:
        db.session.rollback()
        return _detail_page(proposal, DeclineForm(formdata=None), refusal.message), refusal.status
    db.session.commit()
    flash(_("下書きを削除しました。"), "success")
    return redirect(url_for("proposals.mine"))


@bp.post("/<int:proposal_id>/shortlist")
def shortlist(proposal_id: int) -> Response | tuple[str, int]:
    return _move(proposal_id, ProposalStatus.SHORTLISTED)


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
    sort = incoming.chosen_sort(request.args.get("sort"))
    pagination = paginate(incoming.incoming_query(need, status, sort, actor=current_user))
    rows = incoming.incoming_rows(list(pagination.items), viewer=current_user)
    return render_template(
        "proposals/for_need.html", need=need, status=status, statuses=queries.SEEN_BY_CITY, pagination=pagination,
        rows=rows, sort=sort, sorts=incoming.Sort,
    )  # fmt: skip

"""Needs: the public list and detail page, and the staff's pages to write and move them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, DomainError, InvalidInput
from hackplat.extensions import db
from hackplat.labs.services import all_labs, choosable_labs
from hackplat.matching.suggestions import invited_seed_ids, seeds_for_need
from hackplat.models import Need
from hackplat.needs import calls, details, services
from hackplat.needs.forms import CallCloseForm, CloseForm, ExtendForm, NeedFilterForm, NeedForm
from hackplat.permissions import (
    can_create_need,
    can_edit_need,
    can_give_match_feedback,
    can_see_suggestions,
    is_coordinator,
    is_member,
    require,
)
from hackplat.proposals.rules import accepts_proposals, may_propose_to
from hackplat.proposals.services import existing_proposal
from hackplat.questions.sections import need_questions
from hackplat.startups.ordering import is_startup_member
from hackplat.views import (
    paginate,
    refuse,
    render_form,
    render_refused,
    require_sign_in,
)
from hackplat.workgroups.queries import group_of_need

bp = Blueprint("needs", __name__, url_prefix="/needs")


@bp.get("/")
def index() -> str:
    form = NeedFilterForm(request.args)
    form.offer(services.themes(), services.departments())
    form.offer_labs(all_labs())
    filters = replace(form.need_filters(), startup_first=is_startup_member(current_user))
    pagination = paginate(services.public_needs_query(filters))
    elsewhere = {} if pagination.total else services.other_stage_counts(filters)  # "found in other stages"
    return render_template(
        "needs/index.html", form=form, pagination=pagination, link_args=form.link_args(), elsewhere=elsewhere
    )


@bp.get("/mine")
def mine() -> str:
    require_sign_in()
    pagination = paginate(services.managed_needs_query(current_user))
    return render_template("needs/mine.html", pagination=pagination)


def _detail_page(need: Need, close_form: CloseForm | None = None, refusal: str | None = None, **forms: object) -> str:
    """The need's page; ``forms`` replace the call's forms (shown again after a refusal),
    ``refusal`` is a refused move's message, shown at the top."""
    member = is_member(current_user)
    return render_template(
        "needs/detail.html",
        need=need,
        close_form=close_form or CloseForm(formdata=None),
        call_close_form=forms.get("call_close_form") or CallCloseForm(formdata=None),
        extend_form=forms.get("extend_form") or ExtendForm(formdata=None),
        refusal=refusal,
        moves=services.allowed_moves(need, current_user),
        editable=services.is_editable(need),
        accepting=accepts_proposals(need),
        may_propose=member and may_propose_to(need, current_user.organisation_id),
        own_proposal=existing_proposal(need, current_user.organisation_id) if member else None,
        working_group=group_of_need(need),
        **need_questions(need),
        need_details=details.details_view(need),
        **_suggestions(need),
    )


def _suggestions(need: Need) -> dict[str, object]:
    """The matcher's ranked seeds, for the department's staff and the programme office."""
    if not can_see_suggestions(current_user, need):
        return {"suggestions": None, "invited": set()}
    invited = invited_seed_ids(need) if can_give_match_feedback(current_user) else set()
    return {"suggestions": seeds_for_need(need, viewer=current_user), "invited": invited}


@bp.get("/<int:need_id>")
def detail(need_id: int) -> str:
    return _detail_page(services.visible_need(need_id, actor=current_user, for_page=True))


def _need_form(need: Need | None) -> NeedForm:
    form = NeedForm(obj=need) if request.method == "GET" else NeedForm()
    themes = services.themes()
    form.offer(themes, services.departments() if is_coordinator(current_user) else None)
    form.offer_details(themes, details.wards())
    form.offer_labs(choosable_labs(need.lab_id if need is not None else None))
    if request.method == "GET" and need is not None:
        form.other_theme_ids.data = list(details.other_theme_ids(need))
    return form


def _save(form: NeedForm, need: Need | None, write: Callable[[], Need]) -> Response | tuple[str, int]:
    """Run the service; show its refusal next to the field (400) or above the form (409),
    keeping what the user typed; on success commit once and go to the need."""
    try:
        saved = write()
    except (InvalidInput, Conflict) as refusal:
        return render_refused("needs/form.html", form, refusal, need=need)
    db.session.commit()
    flash(_("課題を保存しました。"), "success")
    return redirect(url_for("needs.detail", need_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    require_sign_in()
    require(can_create_need(current_user))
    form = _need_form(None)
    if not form.validate_on_submit():
        return render_form("needs/form.html", form, need=None)
    return _save(form, None, lambda: services.create_need(form.need_fields(), actor=current_user))


@bp.route("/<int:need_id>/edit", methods=["GET", "POST"])
def edit(need_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    need = services.visible_need(need_id, actor=current_user)  # a hidden draft: 404, as on its page
    services.check_editable(need, actor=current_user)
    form = _need_form(need)
    if not form.validate_on_submit():
        return render_form("needs/form.html", form, need=need)
    return _save(
        form,
        need,
        lambda: services.update_need(
            need, form.need_fields(), expected_version=form.version_seen(), actor=current_user
        ),
    )


def _move(need_id: int, move: Callable[[Need], object], done: str) -> Response | tuple[str, int]:
    """A button of the need's page: a refusal is shown on the page (409), not alone."""
    require_sign_in()
    need = services.visible_need(need_id, actor=current_user)  # a hidden draft: 404, as on its page
    try:
        move(need)
    except (Conflict, InvalidInput) as refusal:
        db.session.rollback()
        return _detail_page(need, refusal=refusal.message), refusal.status
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.post("/<int:need_id>/publish")
def publish(need_id: int) -> Response | tuple[str, int]:
    return _move(need_id, lambda need: services.publish_need(need, actor=current_user), _("課題を公開しました。"))


@bp.post("/<int:need_id>/close")
def close(need_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    need = services.visible_need(need_id, actor=current_user)  # a hidden draft: 404, as on its page
    form = CloseForm()
    if not form.validate_on_submit():
        require(can_edit_need(current_user, need))
        return _detail_page(need, form), 400
    return _move(
        need_id, lambda need: services.close_need(need, actor=current_user, reason=form.reason.data),
        _("課題の募集を終了しました。"),
    )  # fmt: skip


def _call_form(need_id: int, name: str, form: CallCloseForm | ExtendForm, save: Callable[[Need], object],
               done: str) -> Response | tuple[str, int]:  # fmt: skip
    """One of the call's forms: its input (400) or the service's refusal next to the
    field, on the need's page (a refusal of the move itself at the top of the page,
    since the form is no longer shown once the call has ended); nothing is written then."""
    require_sign_in()
    need = services.visible_need(need_id, actor=current_user)
    require(can_edit_need(current_user, need))
    if not form.validate_on_submit():
        return _detail_page(need, **{name: form}), 400
    try:
        save(need)
    except DomainError as refusal:
        if refusal.field is None:  # the call's state (closed, ended): its form may not be shown any more
            db.session.rollback()
            return _detail_page(need, refusal=refusal.message), refusal.status
        refuse(form, refusal)
        return _detail_page(need, **{name: form}), refusal.status
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.post("/<int:need_id>/close-call")
def close_call(need_id: int) -> Response | tuple[str, int]:
    """End the call for proposals before its deadline (the need itself stays)."""
    form = CallCloseForm()
    return _call_form(
        need_id, "call_close_form", form,
        lambda need: calls.close_call_early(need, form.reason.data, actor=current_user),
        _("提案の募集を締め切りました。提案した組織に知らせました。"),
    )  # fmt: skip


@bp.post("/<int:need_id>/extend")
def extend(need_id: int) -> Response | tuple[str, int]:
    form = ExtendForm()
    return _call_form(
        need_id, "extend_form", form,
        lambda need: calls.extend_call(need, form.deadline.data, actor=current_user),
        _("提案の締切日を延長しました。提案した組織に知らせました。"),
    )  # fmt: skip

"""Needs: the public list and detail page, and the staff's pages to write and move them."""

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
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.matching.suggestions import invited_seed_ids, seeds_for_need
from hackplat.models import Need
from hackplat.needs import services
from hackplat.needs.forms import CloseForm, NeedFilterForm, NeedForm
from hackplat.permissions import (
    can_create_need,
    can_edit_need,
    can_give_match_feedback,
    can_see_suggestions,
    is_coordinator,
    is_member,
    require,
)
from hackplat.proposals.services import accepts_proposals, existing_proposal
from hackplat.views import (
    paginate,
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
    pagination = paginate(services.public_needs_query(form.need_filters()))
    return render_template("needs/index.html", form=form, pagination=pagination, link_args=form.link_args())


@bp.get("/mine")
def mine() -> str:
    require_sign_in()
    pagination = paginate(services.managed_needs_query(current_user))
    return render_template("needs/mine.html", pagination=pagination)


def _detail_page(need: Need, close_form: CloseForm) -> str:
    return render_template(
        "needs/detail.html",
        need=need,
        close_form=close_form,
        moves=services.allowed_moves(need, current_user),
        editable=services.is_editable(need),
        accepting=accepts_proposals(need),
        own_proposal=existing_proposal(need, current_user.organisation_id) if is_member(current_user) else None,
        working_group=group_of_need(need),
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
    return _detail_page(services.visible_need(need_id, actor=current_user), CloseForm())


def _need_form(need: Need | None) -> NeedForm:
    form = NeedForm(obj=need) if request.method == "GET" else NeedForm()
    form.offer(services.themes(), services.departments() if is_coordinator(current_user) else None)
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


@bp.post("/<int:need_id>/publish")
def publish(need_id: int) -> Response:
    require_sign_in()
    need = services.visible_need(need_id, actor=current_user)  # a hidden draft: 404, as on its page
    services.publish_need(need, actor=current_user)
    db.session.commit()
    flash(_("課題を公開しました。"), "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.post("/<int:need_id>/close")
def close(need_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    need = services.visible_need(need_id, actor=current_user)  # a hidden draft: 404, as on its page
    form = CloseForm()
    if not form.validate_on_submit():
        require(can_edit_need(current_user, need))
        return _detail_page(need, form), 400
    services.close_need(need, actor=current_user, reason=form.reason.data)
    db.session.commit()
    flash(_("課題の募集を終了しました。"), "success")
    return redirect(url_for("needs.detail", need_id=need.id))

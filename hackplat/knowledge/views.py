"""Knowledge cases: the public library and case pages, and the coordinators' pages to
draft a case from a pilot, edit it, publish and withdraw it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.bounds import query_int
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.knowledge import services
from hackplat.knowledge.forms import CaseFilterForm, CaseForm
from hackplat.models import KnowledgeCase, Pilot
from hackplat.needs.services import departments, themes
from hackplat.permissions import can_edit_case, can_view_case, require
from hackplat.views import get_or_404, paginate, render_form, render_refused, require_sign_in

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")


def _case_to_edit(case_id: int) -> KnowledgeCase:
    """Permission first, so that a refused user learns nothing of which ids exist."""
    require_sign_in()
    require(can_edit_case(current_user))
    return get_or_404(KnowledgeCase, case_id)


@bp.get("/")
def index() -> str:
    form = CaseFilterForm(request.args)
    form.offer(themes(), departments())
    pagination = paginate(services.published_cases_query(form.case_filters()))
    return render_template("knowledge/index.html", form=form, pagination=pagination, link_args=form.link_args())


@bp.get("/drafts")
def drafts() -> str:
    require_sign_in()
    pagination = paginate(services.draft_cases_query(actor=current_user))
    return render_template("knowledge/drafts.html", pagination=pagination)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | str:
    """Without ``?pilot=``: the pilots ready to be written up; with it: what the draft
    will copy, and the button that drafts it."""
    require_sign_in()
    require(can_edit_case(current_user))
    pilot_id = query_int("pilot")
    if pilot_id is None:
        pagination = paginate(services.ready_pilots_query(actor=current_user))
        return render_template("knowledge/choose.html", pagination=pagination)
    pilot = get_or_404(Pilot, pilot_id)
    existing = services.case_of_pilot(pilot)
    if existing is not None:
        flash(_("この試行の事例は既にあります。その事例を表示します。"), "info")
        return redirect(url_for("knowledge.detail", case_id=existing.id))
    if request.method == "GET":
        services.check_pilot_ready(pilot)
        return render_template("knowledge/new.html", pilot=pilot, preview=services.prefilled(pilot))
    case = services.draft_case(pilot, actor=current_user)
    db.session.commit()
    flash(_("試行の内容から事例の下書きを作成しました。内容を確認して編集してください。"), "success")
    return redirect(url_for("knowledge.edit", case_id=case.id))


@bp.get("/<int:case_id>")
def detail(case_id: int) -> str:
    case = db.session.get(KnowledgeCase, case_id)
    if case is None or not can_view_case(current_user, case):
        abort(404)  # the same answer for a draft as for nothing: a draft's existence is private
    return render_template("knowledge/detail.html", case=case, roll_out=services.roll_out_needs(case))


def _case_form(case: KnowledgeCase, *, from_request: bool) -> CaseForm:
    form = CaseForm() if from_request else CaseForm(formdata=None, obj=case)
    form.offer(themes(), departments())
    return form


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int) -> Response | tuple[str, int]:
    case = _case_to_edit(case_id)
    form = _case_form(case, from_request=request.method == "POST")
    if not form.validate_on_submit():
        return render_form("knowledge/form.html", form, case=case)
    try:
        services.update_case(case, form.case_fields(), expected_version=form.version_seen(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("knowledge/form.html", form, refusal, case=case)
    db.session.commit()
    flash(_("事例を保存しました。"), "success")
    return redirect(url_for("knowledge.detail", case_id=case.id))


@bp.post("/<int:case_id>/publish")
def publish(case_id: int) -> Response | tuple[str, int]:
    """A case missing its solution or results comes back as its edit form, the message
    next to the field to fill in (400)."""
    case = _case_to_edit(case_id)
    try:
        services.publish_case(case, actor=current_user)
    except InvalidInput as refusal:
        return render_refused("knowledge/form.html", _case_form(case, from_request=False), refusal, case=case)
    db.session.commit()
    flash(_("事例を公開しました。"), "success")
    return redirect(url_for("knowledge.detail", case_id=case.id))


@bp.post("/<int:case_id>/unpublish")
def unpublish(case_id: int) -> Response:
    case = _case_to_edit(case_id)
    services.unpublish_case(case, actor=current_user)
    db.session.commit()
    flash(_("事例の公開を取りやめ、下書きに戻しました。"), "success")
    return redirect(url_for("knowledge.detail", case_id=case.id))

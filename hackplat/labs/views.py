"""Co-creation labs: the public list and lab pages, the office's lab form, and the
office's lab select on a working group's or a pilot's page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.labs import queries, services
from hackplat.labs.forms import LabAssignForm, LabForm
from hackplat.models import Pilot, WorkingGroup
from hackplat.permissions import can_edit_lab, require
from hackplat.views import get_or_404, render_form, render_refused, require_sign_in

bp = Blueprint("labs", __name__, url_prefix="/labs")


@bp.get("/")
def index() -> str:
    return render_template("labs/index.html", labs=services.all_labs())


@bp.get("/<int:lab_id>")
def detail(lab_id: int) -> str:
    lab = services.get_lab(lab_id)
    return render_template("labs/detail.html", lab=lab, page=queries.lab_page(lab, current_user))


def _office() -> None:
    require_sign_in()
    require(can_edit_lab(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    _office()
    form = LabForm()
    if not form.validate_on_submit():
        return render_form("labs/form.html", form, lab=None)
    try:
        lab = services.create_lab(form.lab_fields(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("labs/form.html", form, refusal, lab=None)
    db.session.commit()
    flash(_("ラボを登録しました。"), "success")
    return redirect(url_for("labs.detail", lab_id=lab.id))


@bp.route("/<int:lab_id>/edit", methods=["GET", "POST"])
def edit(lab_id: int) -> Response | tuple[str, int]:
    _office()
    lab = services.get_lab(lab_id)
    form = LabForm(obj=lab) if request.method == "GET" else LabForm()
    if not form.validate_on_submit():
        return render_form("labs/form.html", form, lab=lab)
    try:
        services.update_lab(lab, form.lab_fields(), expected_version=form.version_seen(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("labs/form.html", form, refusal, lab=lab)
    db.session.commit()
    flash(_("ラボを保存しました。"), "success")
    return redirect(url_for("labs.detail", lab_id=lab.id))


@bp.post("/assign/<any(group, pilot):kind>/<int:object_id>")
def assign(kind: str, object_id: int) -> Response | tuple[str, int]:
    """The select and button on a group's or a pilot's page; a refusal is shown on a
    page of its own, with the select as chosen and a way back."""
    _office()
    item: WorkingGroup | Pilot = get_or_404(WorkingGroup if kind == "group" else Pilot, object_id)
    back = (
        url_for("workgroups.detail", group_id=object_id)
        if kind == "group"
        else url_for("pilots.detail", pilot_id=object_id)
    )
    form = LabAssignForm()
    form.offer(services.choosable_labs(item.lab_id))
    if not form.validate_on_submit():
        return render_form("labs/assign.html", form, item=item, kind=kind, back=back)
    try:
        changed = services.assign_lab(item, form.lab_id.data or None, actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("labs/assign.html", form, refusal, item=item, kind=kind, back=back)
    db.session.commit()
    if changed:
        flash(_("ラボを変更しました。"), "success")
    return redirect(back)

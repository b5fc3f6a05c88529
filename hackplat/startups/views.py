"""A mentoring request's page: coordinators take it (「担当する」) and close it with a note."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.models import MentoringRequest
from hackplat.permissions import can_mentor_startups, require
from hackplat.startups import services
from hackplat.startups.forms import MentoringActionForm
from hackplat.views import get_or_404, render_form, render_refused, require_sign_in

bp = Blueprint("startups", __name__, url_prefix="/startups")

TEMPLATE = "startups/mentoring.html"


@bp.route("/mentoring/<int:request_id>", methods=["GET", "POST"])
def mentoring(request_id: int) -> Response | tuple[str, int]:
    """The request with its proposal; the buttons 「担当する」 and 「終了する」 post here."""
    require_sign_in()
    require(can_mentor_startups(current_user))
    wanted: MentoringRequest = get_or_404(MentoringRequest, request_id)
    form = MentoringActionForm(obj=wanted if request.method == "GET" else None)
    if request.method == "GET":
        form.note.data = ""
    if not form.validate_on_submit():
        return render_form(TEMPLATE, form, mentoring=wanted)
    try:
        if "close" in request.form:
            services.close_request(wanted, form.note.data or "", version=form.version_seen(), actor=current_user)
        else:
            services.take_request(wanted, version=form.version_seen(), actor=current_user)
    except DomainError as refusal:
        return render_refused(TEMPLATE, form, refusal, mentoring=db.session.get(MentoringRequest, request_id))
    db.session.commit()
    flash(
        _("メンタリングを終了しました。") if "close" in request.form else _("メンタリングを担当しました。"), "success"
    )
    return redirect(url_for("startups.mentoring", request_id=request_id))

"""The coordinators' list of organisations and their approve/reject decisions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.models import Organisation, OrganisationStatus
from hackplat.organisations import services
from hackplat.organisations.colleague_views import members_context
from hackplat.organisations.forms import ProfileForm, RejectForm
from hackplat.permissions import (
    can_edit_organisation_profile,
    can_review_organisations,
    can_view_organisation,
    require,
)
from hackplat.views import (
    get_or_404,
    paginate,
    render_form,
    render_refused,
    require_sign_in,
)

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.get("/")
def index() -> str:
    require_sign_in()
    require(can_review_organisations(current_user))
    status_value = request.args.get("status", "pending")
    status = next((s for s in OrganisationStatus if s.value == status_value), None)
    pagination = paginate(services.organisations_query(status))
    return render_template("organisations/index.html", pagination=pagination, status=status)


@bp.get("/<int:organisation_id>")
def detail(organisation_id: int) -> str:
    require_sign_in()
    organisation = get_or_404(Organisation, organisation_id)
    require(can_view_organisation(current_user, organisation))
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        reject_form=RejectForm(),
        **members_context(organisation),
    )


@bp.post("/<int:organisation_id>/approve")
def approve(organisation_id: int) -> Response:
    require_sign_in()
    organisation = get_or_404(Organisation, organisation_id)
    services.approve_organisation(organisation, actor=current_user)
    db.session.commit()
    flash(_("%(name)s を承認しました。", name=organisation.name), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/reject")
def reject(organisation_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    organisation = get_or_404(Organisation, organisation_id)
    form = RejectForm()
    if not form.validate_on_submit():
        require(can_review_organisations(current_user))
        template = render_template(
            "organisations/detail.html", organisation=organisation, reject_form=form, **members_context(organisation)
        )
        return template, 400
    services.reject_organisation(organisation, text(form.reason), actor=current_user)
    db.session.commit()
    flash(_("%(name)s の登録を却下しました。", name=organisation.name), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation.id))


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_profile(organisation_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    organisation = get_or_404(Organisation, organisation_id)
    require(can_edit_organisation_profile(current_user, organisation))
    form = ProfileForm(obj=organisation)
    if not form.validate_on_submit():
        return render_form("organisations/edit.html", form, organisation=organisation)
    data = services.ProfileData(
        form.profile.data or "", form.website.data, form.is_startup.data,
        profile_public=form.profile_public.data, founded_year=form.founded_year.data,
    )  # fmt: skip
    try:
        services.update_profile(organisation, data, version=form.version_seen(), actor=current_user)
    except InvalidInput as refusal:
        return render_refused("organisations/edit.html", form, refusal, organisation=organisation)
    db.session.commit()
    flash(_("組織のプロフィールを保存しました。"), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation.id))

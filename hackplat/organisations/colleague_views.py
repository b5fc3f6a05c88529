"""The colleagues' pages: the member section's actions on an organisation's page, the
invitation link, the join request and leaving."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from hackplat.accounts.verification import before_registering
from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.legal.services import current_documents
from hackplat.models import Organisation, OrganisationInvitation
from hackplat.organisations import colleagues
from hackplat.organisations.colleague_forms import AcceptInvitationForm, InviteForm, JoinRequestForm
from hackplat.organisations.forms import RejectForm
from hackplat.permissions import can_manage_colleagues, can_view_colleagues, require
from hackplat.views import get_or_404, refuse, render_form, render_refused, require_sign_in

bp = Blueprint("colleagues", __name__)


def members_context(organisation: Organisation, invite_form: InviteForm | None = None) -> dict[str, Any]:
    """What the organisation's page needs for its 「メンバー」 section."""
    if not can_view_colleagues(current_user, organisation):
        return {"colleagues": None, "invite_form": None}
    return {
        "colleagues": colleagues.overview(organisation, current_user),
        "invite_form": invite_form or InviteForm(),
        "last_member": colleagues.is_last_member(organisation, current_user)
        if can_manage_colleagues(current_user, organisation)
        else False,
    }


def _managed_organisation(organisation_id: int) -> Organisation:
    require_sign_in()
    organisation: Organisation = get_or_404(Organisation, organisation_id)
    require(can_manage_colleagues(current_user, organisation))
    return organisation


def _back(organisation: Organisation) -> Response:
    return redirect(url_for("organisations.detail", organisation_id=organisation.id, _anchor="members"))


def _refused(organisation: Organisation, refusal: DomainError) -> tuple[str, int]:
    """The organisation's page again with the refusal said on it (e.g. another member
    decided the request first), never a bare error page."""
    db.session.rollback()
    flash(str(refusal.message), "error")
    context = {"organisation": organisation, "reject_form": RejectForm(), **members_context(organisation)}
    return render_template("organisations/detail.html", **context), refusal.status


@bp.post("/organisations/<int:organisation_id>/invitations")
def invite(organisation_id: int) -> Response | tuple[str, int]:
    organisation = _managed_organisation(organisation_id)
    form = InviteForm()
    context = {"organisation": organisation, "reject_form": RejectForm()}
    if not form.validate_on_submit():
        return render_template("organisations/detail.html", **context, **members_context(organisation, form)), 400
    try:
        invitation = colleagues.invite(organisation, text(form.email), actor=current_user)
    except DomainError as refusal:
        refuse(form, refusal)
        return render_template("organisations/detail.html", **context, **members_context(organisation, form)), (
            refusal.status
        )
    db.session.commit()
    flash(_("%(email)s に招待メールを送りました。", email=invitation.email), "success")
    return _back(organisation)


@bp.post("/organisations/<int:organisation_id>/invitations/<int:invitation_id>/revoke")
def revoke(organisation_id: int, invitation_id: int) -> Response | tuple[str, int]:
    organisation = _managed_organisation(organisation_id)
    invitation: OrganisationInvitation = get_or_404(OrganisationInvitation, invitation_id)
    if invitation.organisation_id != organisation.id:
        abort(404)  # not this organisation's
    email = invitation.email
    try:
        colleagues.revoke_invitation(invitation, actor=current_user)
    except DomainError as refusal:
        return _refused(organisation, refusal)
    db.session.commit()
    flash(_("%(email)s への招待を取り消しました。", email=email), "success")
    return _back(organisation)


@bp.post("/organisations/<int:organisation_id>/join-requests/<int:user_id>/approve")
def approve_join(organisation_id: int, user_id: int) -> Response | tuple[str, int]:
    organisation = _managed_organisation(organisation_id)
    try:
        requester = colleagues.approve_join_request(organisation, user_id, actor=current_user)
    except DomainError as refusal:
        return _refused(organisation, refusal)
    db.session.commit()
    flash(_("%(name)s さんの参加を承認しました。", name=requester.name), "success")
    return _back(organisation)


@bp.post("/organisations/<int:organisation_id>/join-requests/<int:user_id>/decline")
def decline_join(organisation_id: int, user_id: int) -> Response | tuple[str, int]:
    organisation = _managed_organisation(organisation_id)
    try:
        name = colleagues.decline_join_request(organisation, user_id, actor=current_user)
    except DomainError as refusal:
        return _refused(organisation, refusal)
    db.session.commit()
    flash(_("%(name)s さんの参加申請を却下しました。", name=name), "success")
    return _back(organisation)


@bp.route("/organisations/<int:organisation_id>/leave", methods=["GET", "POST"])
def leave(organisation_id: int) -> Response | tuple[str, int]:
    organisation = _managed_organisation(organisation_id)
    last = colleagues.is_last_member(organisation, current_user)
    if request.method == "GET":
        return render_template("organisations/colleagues_leave.html", organisation=organisation, last=last), 200
    try:
        colleagues.leave(organisation, actor=current_user)
    except DomainError as refusal:
        db.session.rollback()
        last = colleagues.is_last_member(organisation, current_user)  # as it is now
        page = render_template(
            "organisations/colleagues_leave.html", organisation=organisation, last=last, refusal=refusal.message
        )
        return page, refusal.status
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("%(name)s から退会しました。アカウントは利用停止になりました。", name=organisation.name), "success")
    return redirect(url_for("home.index"))


# --- the invited colleague --------------------------------------------------------------


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Response | tuple[str, int]:
    try:
        invitation = colleagues.invitation_from_token(token)
    except DomainError as refusal:
        return render_template("accounts/join_invitation_unusable.html", message=refusal.message), refusal.status
    form = AcceptInvitationForm()
    documents = current_documents()  # to accept with the account (hackplat/legal)
    page = {"invitation": invitation, "legal_documents": documents}
    if not form.validate_on_submit():
        return render_form("accounts/join_invitation.html", form, **page)
    try:
        colleagues.require_acceptance(form.accept_legal.data, documents)
        colleagues.accept_invitation(invitation, text(form.name), text(form.password), documents)
    except DomainError as refusal:
        return render_refused("accounts/join_invitation.html", form, refusal, **page)
    email, name = invitation.email, invitation.organisation.name
    db.session.commit()
    flash(_("%(organisation)s のメンバーになりました。%(email)s とパスワードでサインインしてください。",
            organisation=name, email=email), "success")  # fmt: skip
    return redirect(url_for("accounts.login"))


# --- asking to join ---------------------------------------------------------------------


@bp.route("/register/join", methods=["GET", "POST"])
def join() -> Response | tuple[str, int]:
    documents = current_documents()
    if request.method == "GET":
        form = JoinRequestForm(formdata=None)
        return render_form("accounts/join.html", form, legal_documents=documents)
    form = JoinRequestForm()
    if request.form.get("from_registration"):  # the registration page's typed values, to check and send
        page = render_template("accounts/join.html", form=form, legal_documents=documents, handed_over=True)
        return page, 200
    if not form.validate_on_submit():
        return render_form("accounts/join.html", form, legal_documents=documents)
    data = colleagues.JoinRequest(
        corporate_number=text(form.corporate_number),
        name=text(form.contact_name),
        email=text(form.email),
        password=text(form.password),
    )
    try:  # terms accepted, and counted per address and client as a registration is
        before_registering(data.email, accepted=form.accept_legal.data, documents=documents)
        colleagues.request_to_join(data, documents)
    except DomainError as refusal:
        return render_refused("accounts/join.html", form, refusal, legal_documents=documents)
    db.session.commit()
    return redirect(url_for("colleagues.join_requested"))


@bp.get("/register/join/done")
def join_requested() -> str:
    return render_template("accounts/join_requested.html")

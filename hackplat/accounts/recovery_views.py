"""The password pages (change, forgotten, reset by the mailed link) and the e-mail
verification link; the rules are in recovery.py and verification.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from hackplat.accounts import recovery, verification
from hackplat.accounts.recovery_forms import EmailForm, PasswordChangeForm, PasswordResetForm, VerifyForm
from hackplat.accounts.tokens import user_for_reset, user_for_verification
from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.models import OrganisationStatus, Role, User
from hackplat.views import render_form, render_refused

bp = Blueprint("recovery", __name__)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | tuple[str, int]:
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return render_form("accounts/password_change.html", form)
    try:
        ended = recovery.change_password(current_user, text(form.current_password), text(form.new_password))
    except DomainError as refusal:
        return render_refused("accounts/password_change.html", form, refusal)
    db.session.commit()
    message = _("パスワードを変更しました。")
    if ended:
        message += " " + _("他の端末でのサインイン（%(n)d件）は終了しました。", n=ended)
    flash(message, "success")
    return redirect(url_for("accounts.me"))


def _count_or_refuse(form: EmailForm) -> DomainError | None:
    """Count a request that sends mail (kept even when refused: throttle.take commits)."""
    try:
        recovery.count_mail_request(text(form.email))
    except DomainError as refusal:
        return refusal
    return None


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> Response | tuple[str, int]:
    form = EmailForm()
    if not form.validate_on_submit():
        return render_form("accounts/password_forgot.html", form)
    refusal = _count_or_refuse(form)
    if refusal is not None:
        return render_refused("accounts/password_forgot.html", form, refusal)
    recovery.request_reset(text(form.email))
    db.session.commit()
    return redirect(url_for("recovery.forgot_sent"))


@bp.get("/password/forgot/sent")
def forgot_sent() -> str:
    return render_template("accounts/password_forgot_sent.html")


def _link_refused() -> tuple[str, int]:
    return render_template("accounts/password_link_invalid.html"), 400


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Response | tuple[str, int]:
    user = user_for_reset(token)
    if user is None:
        return _link_refused()
    form = PasswordResetForm()
    if not form.validate_on_submit():
        return render_form("accounts/password_reset.html", form)
    try:
        recovery.reset_password(user, text(form.password))
    except DomainError as refusal:
        return render_refused("accounts/password_reset.html", form, refusal)
    db.session.commit()
    if current_user.is_authenticated:  # every session ended, this one too
        logout_user()
        session.clear()
    flash(_("パスワードを再設定しました。新しいパスワードでサインインしてください。"), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token: str) -> tuple[str, int]:
    """The link verifies with the account's password only (verification.confirm)."""
    user = user_for_verification(token)
    if user is None:
        return render_template("accounts/verify_invalid.html", form=EmailForm()), 400
    if user.email_verified_at is not None:
        return _verified(user)
    form = VerifyForm()
    if not form.validate_on_submit():
        return render_form("accounts/verify.html", form, user=user)
    try:
        verification.confirm(user, text(form.password))
    except DomainError as refusal:
        db.session.commit()  # the wrong try's audit record (its count is committed already)
        return render_refused("accounts/verify.html", form, refusal, user=user)
    db.session.commit()
    return _verified(user)


def _verified(user: User) -> tuple[str, int]:
    organisation = user.organisation if user.role is Role.MEMBER else None
    waiting = organisation is not None and organisation.status is OrganisationStatus.PENDING
    # A join request to an approved organisation waits for one of its members instead.
    joining = organisation is not None and not waiting and user.joined_at is None
    return render_template("accounts/verified.html", waiting=waiting, joining=joining), 200


@bp.route("/verify/resend", methods=["GET", "POST"])
def resend() -> Response | tuple[str, int]:
    """A new verification link (from the sign-in page's refusal or an expired link)."""
    form = EmailForm()
    if not form.validate_on_submit():
        return render_form("accounts/verify_resend.html", form)
    refusal = _count_or_refuse(form)
    if refusal is not None:
        return render_refused("accounts/verify_resend.html", form, refusal)
    verification.resend(text(form.email))
    db.session.commit()
    flash(
        _("確認が済んでいないアカウントのアドレスであれば、確認用のリンクを送りました。メールをご確認ください。"),
        "info",
    )
    return redirect(url_for("accounts.login"))

"""The signed-in person's security pages: the second step of sign-in, TOTP enrolment and
turning it off, and the signed-in devices with their end-session buttons."""

from __future__ import annotations

import hmac
import time

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from hackplat import audit
from hackplat.accounts import devices, throttle, totp
from hackplat.accounts.account_forms import DisableForm, EnrolForm, SecondStepForm
from hackplat.accounts.passwords import verify_password
from hackplat.accounts.services import complete_sign_in
from hackplat.accounts.sessions import may_sign_in
from hackplat.accounts.tokens import password_fingerprint
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.models import User
from hackplat.views import render_form, safe_next_url

bp = Blueprint("account", __name__)

#: The Flask session's key: who passed the password (and when, the state of the password
#: then, and where to go next). The secret being enrolled is kept in the database.
SIGN_IN_KEY = "second_step"
#: How long the second step waits for the code after the password.
SECOND_STEP_SECONDS = 300


def begin_second_step(user: User, next_url: str | None) -> Response:
    """After a right password of a TOTP user: nothing signed in yet, the code page next."""
    session.clear()
    pending = {"user": user.id, "at": int(time.time()), "next": next_url, "password": password_fingerprint(user)}
    session[SIGN_IN_KEY] = pending
    return redirect(url_for("account.second_step"))


def _pending_user() -> User | None:
    pending = session.get(SIGN_IN_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None
    if time.time() - float(pending.get("at") or 0) > SECOND_STEP_SECONDS:
        return None
    user = db.session.get(User, pending["user"])
    if user is None or throttle.is_locked(user) or not may_sign_in(user) or not totp.enabled(user):
        return None  # deactivated, locked or changed since the password: start again
    if not hmac.compare_digest(str(pending.get("password", "")), password_fingerprint(user)):
        return None  # the password was changed or reset since: that step no longer counts
    return user


@bp.route("/login/code", methods=["GET", "POST"])
def second_step() -> Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("home.mine"))
    user = _pending_user()
    if user is None:
        session.pop(SIGN_IN_KEY, None)
        flash(_("もう一度メールアドレスとパスワードを入力してください。"), "info")
        return redirect(url_for("accounts.login"))
    form = SecondStepForm()
    if not form.validate_on_submit():
        return render_form("accounts/totp_second_step.html", form)
    verdict = totp.take_try(user)
    if not verdict.allowed:
        audit.record("auth.second_factor_throttled", "user", user.id, actor=user)
        db.session.commit()
        wait = throttle.wait_text(verdict.retry_after or totp.LIMIT.max_delay)
        message = _("確認コードの誤りが続いたため、%(wait)sほど待ってからもう一度お試しください。", wait=wait)
        return _refused(form, message, 429)
    proof = totp.check_second_factor(user, text(form.code))
    if proof is None:
        audit.record("auth.second_factor_failed", "user", user.id, actor=user)
        db.session.commit()
        return _refused(form, _("確認コードが正しくないか、既に使われています。"), 401)
    throttle.clear(totp.throttle_key(user))
    next_url = safe_next_url(session[SIGN_IN_KEY].get("next"))
    session.clear()
    complete_sign_in(user, second_factor=proof)
    db.session.commit()
    login_user(user)
    if proof == "recovery":
        left = totp.unused_recovery_codes(user)
        flash(_("リカバリーコードでサインインしました。残りは%(n)d個です。", n=left), "info")
    flash(_("サインインしました。"), "success")
    return redirect(next_url or url_for("home.mine"))


def _refused(form: SecondStepForm | EnrolForm | DisableForm, message: str, status: int) -> tuple[str, int]:
    form.form_errors.append(message)
    template = "accounts/totp_second_step.html" if isinstance(form, SecondStepForm) else "accounts/totp.html"
    return render_template(template, form=form, **_enrol_context(form)), status


def _enrol_context(form: object) -> dict[str, object]:
    if isinstance(form, SecondStepForm):
        return {}
    if totp.enabled(current_user):
        if totp.required_for(current_user):
            return {"required": True}
        return {"disable_form": form if isinstance(form, DisableForm) else DisableForm(formdata=None)}
    secret = totp.pending_secret(current_user)
    db.session.commit()  # the same secret on every view of the page until it is confirmed
    uri = totp.provisioning_uri(secret, current_user.email)
    return {
        "enrol_form": form if isinstance(form, EnrolForm) else EnrolForm(formdata=None),
        "secret": secret,
        "qr": totp.qr_svg(uri),
    }


@bp.get("/account/totp")
@login_required
def totp_page() -> str:
    return render_template("accounts/totp.html", **_enrol_context(None))


@bp.post("/account/totp")
@login_required
def totp_enrol() -> Response | tuple[str, int]:
    if totp.enabled(current_user):
        return redirect(url_for("account.totp_page"))
    form = EnrolForm()
    if not form.validate_on_submit() or current_user.totp_secret is None:
        return render_template("accounts/totp.html", **_enrol_context(form)), 400
    refusal = _take_try(form)
    if refusal:
        return refusal
    if not verify_password(current_user.password_hash, text(form.password)):  # re-authentication
        audit.record("auth.totp_enrol_refused", "user", current_user.id, actor=current_user)
        db.session.commit()
        form.password.errors = [_("現在のパスワードが正しくありません。")]
        return render_template("accounts/totp.html", **_enrol_context(form)), 401
    codes = totp.enrol(current_user, text(form.code))
    if codes is None:
        return _refused(
            form,
            _("コードが一致しません。認証アプリの時刻が正しいか確かめて、今表示されているコードを入力してください。"),
            400,
        )
    throttle.clear(totp.throttle_key(current_user))
    db.session.commit()
    return render_template("accounts/totp_codes.html", codes=codes), 200


def _take_try(form: EnrolForm | DisableForm) -> tuple[str, int] | None:
    """The 429 page when this account's tries of codes (and passwords here) are used up."""
    verdict = totp.take_try(current_user)
    if verdict.allowed:
        return None
    wait = throttle.wait_text(verdict.retry_after or totp.LIMIT.max_delay)
    return _refused(
        form, _("確認コードの誤りが続いたため、%(wait)sほど待ってからもう一度お試しください。", wait=wait), 429
    )


@bp.post("/account/totp/disable")
@login_required
def totp_disable() -> Response | tuple[str, int]:
    if not totp.enabled(current_user):
        return redirect(url_for("account.totp_page"))
    if totp.required_for(current_user):  # coordinators and admins keep it (an admin can reset it)
        audit.record("auth.totp_disable_refused", "user", current_user.id, actor=current_user)
        db.session.commit()
        return render_template("accounts/totp.html", required=True), 403
    form = DisableForm()
    if not form.validate_on_submit():
        return render_template("accounts/totp.html", **_enrol_context(form)), 400
    refusal = _take_try(form)
    if refusal:
        return refusal
    if not totp.disable(current_user, text(form.proof)):
        audit.record("auth.totp_disable_refused", "user", current_user.id, actor=current_user)
        db.session.commit()
        return _refused(form, _("確認コードが正しくないか、既に使われています。"), 401)
    throttle.clear(totp.throttle_key(current_user))
    db.session.commit()
    flash(_("二段階認証を無効にしました。"), "success")
    return redirect(url_for("account.totp_page"))


@bp.get("/account/sessions")
@login_required
def sessions() -> str:
    return render_template("accounts/sessions.html", devices=devices.live_sessions(current_user))


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int) -> Response:
    if not devices.end_session(current_user, session_id):
        abort(404)
    db.session.commit()
    flash(_("その端末のサインインを終了しました。"), "success")
    return redirect(url_for("account.sessions"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions() -> Response:
    ended = devices.end_other_sessions(current_user)
    db.session.commit()
    flash(_("ほかの端末のサインインを%(n)d件終了しました。", n=ended), "success")
    return redirect(url_for("account.sessions"))

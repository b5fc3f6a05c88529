"""What a signed-in person must do before anything else, checked on every request.

``CHECKS`` is an ordered list: the first check that has something to ask sends the
person to its page. Each check's own page (and signing out, the language switch, the
legal texts) is always reachable, so that two checks never send each other round.
To add a check (e.g. "coordinators and admins must set up TOTP"), write a function
``(user) -> Response | None`` and put it in CHECKS where it belongs, with its page in
ALWAYS_REACHABLE.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.accounts import totp
from hackplat.legal.services import has_pending
from hackplat.models import User

bp = Blueprint("guards", __name__)

#: Pages every check lets through: where the checks are answered, and the way out.
ALWAYS_REACHABLE = {
    "static",
    "accounts.logout",
    "accounts.language",
    "recovery.change_password",
    "legal.accept",
    "legal.terms",
    "legal.terms_version",
    "legal.privacy",
    "legal.privacy_version",
    "account.totp_page",
    "account.totp_enrol",
}


def _back_here() -> str | None:
    """Where to return afterwards: the page asked for, when it was a page (GET)."""
    return request.full_path.rstrip("?") if request.method == "GET" else None


def must_change_password(user: User) -> Response | None:
    """After an administrator's reset: the password change page first."""
    if user.must_change_password:
        return redirect(url_for("recovery.change_password"))
    return None


def must_accept_legal(user: User) -> Response | None:
    """A current version of the terms or the privacy policy not yet accepted."""
    if has_pending(user):
        return redirect(url_for("legal.accept", next=_back_here()))
    return None


def must_enrol_totp(user: User) -> Response | None:
    """Coordinators and admins approve organisations, see everything and change targets:
    nothing else until their second factor is set up (accounts/totp.py)."""
    if totp.required_for(user) and not totp.enabled(user):
        flash(_("コーディネーターと管理者は二段階認証の設定が必要です。設定するまでほかのページは使えません。"), "info")
        return redirect(url_for("account.totp_page"))
    return None


CHECKS: list[Callable[[User], Response | None]] = [must_change_password, must_accept_legal, must_enrol_totp]


@bp.before_app_request
def run_checks() -> Response | None:
    if request.endpoint in ALWAYS_REACHABLE or not current_user.is_authenticated:
        return None
    for check in CHECKS:
        response = check(current_user)
        if response is not None:
            return response
    return None

"""Permission rows of the account pages of #13 items 1, 2 and 4: passwords, verification
(hackplat/accounts/recovery_views.py), the administrator's reset, and the terms/privacy
pages (hackplat/legal/views.py). The world gets both texts, accepted by every role, so
that the guard (accounts/guards.py) asks nobody anything here."""

from __future__ import annotations

from typing import Any

from tests.permission_rows import ADMINS, ALL_REDIRECT, EVERYONE, FORBIDDEN, REDIRECT, SIGNED_IN, by_role

ADMIN_ACTION = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)
BAD_LINK = by_role(400, 400, 400, 400, 400)

ROWS = {
    "recovery.change_password": ("GET", "/account/password", {}, SIGNED_IN),
    "recovery.forgot": ("GET", "/password/forgot", {}, EVERYONE),
    "recovery.forgot_sent": ("GET", "/password/forgot/sent", {}, EVERYONE),
    "recovery.reset": ("GET", "/password/reset/not-a-token", {}, BAD_LINK),
    "recovery.verify": ("GET", "/verify/not-a-token", {}, BAD_LINK),
    "recovery.resend": ("GET", "/verify/resend", {}, EVERYONE),
    "admin.set_temporary_password": (
        "POST",
        "/admin/users/{staff}/password",
        {"password": "Temporary-Walrus-Dances-31"},
        ADMIN_ACTION,
    ),  # fmt: skip
    "admin.send_reset_mail": ("POST", "/admin/users/{staff}/reset-mail", {}, ADMIN_ACTION),
    "admin.unlock_user": ("POST", "/admin/users/{staff}/unlock", {}, ADMIN_ACTION),
    "admin.reset_totp": ("POST", "/admin/users/{staff}/totp-reset", {}, ADMIN_ACTION),
    "legal.terms": ("GET", "/terms", {}, EVERYONE),
    "legal.terms_version": ("GET", "/terms/{legal_terms_version}", {}, EVERYONE),
    "legal.privacy": ("GET", "/privacy", {}, EVERYONE),
    "legal.privacy_version": ("GET", "/privacy/{legal_privacy_version}", {}, EVERYONE),
    "legal.accept": ("GET", "/legal/accept", {}, ALL_REDIRECT),  # nothing pending: on to /me
    "legal.admin_index": ("GET", "/admin/legal", {}, ADMINS),
    "legal.admin_edit": ("GET", "/admin/legal/terms", {}, ADMINS),
    # Items 5-6 (hackplat/accounts/account_views.py). The second step without a password
    # first goes back to /login (signed in: to /me). Coordinators and admins have TOTP
    # (factories): enrolling again goes back to its page, turning it off is refused (403);
    # the others have none: a first try without the password is a 400, turning off goes back.
    "account.second_step": ("GET", "/login/code", {}, ALL_REDIRECT),
    "account.totp_page": ("GET", "/account/totp", {}, SIGNED_IN),
    "account.totp_enrol": (
        "POST",
        "/account/totp",
        {"code": "123456"},
        by_role(REDIRECT, 400, 400, REDIRECT, REDIRECT),
    ),
    "account.totp_disable": (
        "POST",
        "/account/totp/disable",
        {"proof": "x"},
        by_role(REDIRECT, REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN),  # required of both: never off
    ),
    "account.sessions": ("GET", "/account/sessions", {}, SIGNED_IN),
    # another person's session: nobody else's to end
    "account.end_session": (
        "POST",
        "/account/sessions/{account_foreign_session}/end",
        {},
        by_role(REDIRECT, 404, 404, 404, 404),
    ),
    "account.end_other_sessions": ("POST", "/account/sessions/end-others", {}, ALL_REDIRECT),
}


def extend_world(world: dict, factories: object) -> None:
    from hackplat.extensions import db
    from hackplat.legal.services import current_documents, publish_samples, record_acceptances

    publish_samples()
    documents = current_documents()
    for user in world["users"].values():
        record_acceptances(user, documents)
    db.session.commit()
    world["ids"]["legal_terms_version"] = documents[0].version
    world["ids"]["legal_privacy_version"] = documents[1].version
    _add_foreign_session(world, factories)


def _add_foreign_session(world: dict, factories: Any) -> None:
    from datetime import timedelta

    from hackplat.extensions import db
    from hackplat.models import LoginSession, Role, utcnow

    stranger = factories.make_user(Role.STAFF)
    row = LoginSession(user=stranger, token_hash="0" * 64, expires_at=utcnow() + timedelta(hours=1))
    db.session.add(row)
    db.session.commit()
    world["ids"]["account_foreign_session"] = row.id

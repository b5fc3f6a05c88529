"""Passwords people can manage: a change (the current password required), a reset by a
mailed link, an administrator's reset; and the throttle of every form that sends mail.

Every password change ends the person's other sessions (the one making the change stays
signed in); a reset by mail or by an administrator ends them all. The reset by mail also
proves the address (``email_verified_at``) and lifts an account lock.

``/password/forgot`` answers the same page, status and wording whether the address is
registered or not, and does the same work either way: one look-up, one audit record and
one mail queued. An unknown address gets a neutral mail (no account has this address; how
to register), so that the queue's work does not tell the two apart and the owner of an
address learns that someone asked.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from hackplat import audit
from hackplat.accounts.mail import queue_account_mail
from hackplat.accounts.passwords import hash_password, password_problem, verify_password
from hackplat.accounts.services import normalise_email
from hackplat.accounts.sessions import revoke_all_sessions
from hackplat.accounts.throttle import Limit, client_key, take, unlock_account
from hackplat.accounts.tokens import reset_token
from hackplat.errors import Conflict, InvalidInput, TooManyAttempts
from hackplat.extensions import db
from hackplat.models import User, utcnow
from hackplat.notifications.services import NOTIFICATION_LOCALE
from hackplat.permissions import can_change_role, require


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = False


def _check_new_password(user: User, password: str, field: str) -> None:
    problem = password_problem(password, user_inputs=[user.email, user.name])
    if problem:
        raise InvalidInput(problem, field=field)


# --- the person's own change ---------------------------------------------------------


#: Tries of the current password on the change page, per account: a session left open
#: (or stolen) must not become a way to guess the password.
CHANGE_TRIES = Limit(free=10, window=timedelta(hours=1))


def change_password(user: User, current: str, new: str) -> int:
    """Change the signed-in person's password; returns how many other sessions ended."""
    if not take(f"password-change:{user.id}", CHANGE_TRIES).allowed:
        raise too_many_tries()
    if not verify_password(user.password_hash, current):
        raise InvalidInput(_("現在のパスワードが正しくありません。"), field="current_password")
    _check_new_password(user, new, "new_password")
    if verify_password(user.password_hash, new):
        raise InvalidInput(_("現在のパスワードとは別のパスワードにしてください。"), field="new_password")
    _set_password(user, new)
    ended = revoke_all_sessions(user, keep_token=user.session_token)
    audit.record("auth.password_changed", "user", user.id, actor=user, detail={"sessions_ended": ended})
    return ended


# --- the throttle of the forms that send mail ------------------------------------------


def too_many_tries() -> TooManyAttempts:
    return TooManyAttempts(
        _("パスワードの変更が続いたため、一時的に受け付けを停止しています。1時間ほど待ってからもう一度お試しください。")
    )


def too_many_mails() -> TooManyAttempts:
    return TooManyAttempts(
        _("短時間に何度も送信されたため、一時的に受け付けを停止しています。1時間ほど待ってからもう一度お試しください。")
    )


def count_mail_request(email: str) -> None:
    """Take a try for a request that would send mail to ``email``, per typed address and
    per client (registration, reset and a new verification link share one budget);
    TooManyAttempts past either. The count is committed at once (throttle.take), so a
    refused request keeps it."""
    config = current_app.config
    window = config["ACCOUNT_MAIL_THROTTLE_WINDOW"]
    digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:40]
    client = take(f"mail-client:{client_key()}", Limit(config["ACCOUNT_MAIL_PER_CLIENT"], window))
    if not client.allowed:
        raise too_many_mails()
    if not take(f"mail-address:{digest}", Limit(config["ACCOUNT_MAIL_PER_ADDRESS"], window)).allowed:
        raise too_many_mails()


# --- reset by mail -------------------------------------------------------------------


def send_reset_mail(user: User) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("パスワードの再設定")
        hours = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 3600) or 1
        body = _(
            "%(name)s 様\n\nパスワードの再設定を受け付けました。次のリンクを開いて、新しいパスワードを設定してください。"
            "リンクの有効期限は%(hours)d時間で、一度だけ使えます。",
            name=user.name,
            hours=hours,
        )
    queue_account_mail(user.email, subject, body, link_path=url_for("recovery.reset", token=reset_token(user)))


def _send_no_account_mail(email: str) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("パスワードの再設定")
        body = _(
            "このメールアドレスでパスワードの再設定が依頼されましたが、このアドレスで登録されたアカウントはありません。"
            "別のアドレスで登録した可能性があります。組織として新たに参加する場合は、次のページから参加登録ができます。"
        )
    queue_account_mail(email, subject, body, link_path=url_for("accounts.register"))


def request_reset(email: str) -> None:
    """The forgotten-password form: a reset link to a registered address, a neutral
    mail to another; the caller answers the same either way."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    audit.record("auth.password_reset_requested", "login", email, actor=user)
    if user is None:
        _send_no_account_mail(email)
    else:
        send_reset_mail(user)


def reset_password(user: User, password: str) -> None:
    """Set a new password from a valid reset link (tokens.user_for_reset): every session
    ends, the address counts as proved, an account lock is lifted."""
    _check_new_password(user, password, "password")
    shown_hash = user.password_hash  # the state the link was checked against
    unlock_account(user)  # first: its counter is cleared in a transaction of its own
    _set_password_once(user, shown_hash, password)
    if user.email_verified_at is None:  # the link reached the address, and its owner chose the password
        from hackplat.accounts.verification import verify  # it imports this module

        verify(user)
    ended = revoke_all_sessions(user)
    audit.record("auth.password_reset", "user", user.id, actor=user, detail={"sessions_ended": ended})


def _set_password_once(user: User, expected_hash: str, password: str) -> None:
    """Set the password only if it is still ``expected_hash``: one conditional UPDATE, so
    that of two requests with the same link (parallel, each past the fingerprint check)
    one sets it and the other is refused (security review of #13, finding 13)."""
    changed = db.session.execute(
        update(User)
        .where(User.id == user.id, User.password_hash == expected_hash)
        .values(password_hash=hash_password(password), password_changed_at=utcnow(), must_change_password=False)
        .execution_options(synchronize_session="fetch")
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(
            _("このリンクは既に使われました。パスワードの再設定が必要な場合は、もう一度お申し込みください。")
        )


# --- an administrator's reset ---------------------------------------------------------


def set_temporary_password(target: User, password: str, *, actor: User) -> None:
    """An administrator sets a password the person must change at the next sign-in."""
    require(can_change_role(actor, target))
    _check_new_password(target, password, "password")
    unlock_account(target)  # first: its counter is cleared in a transaction of its own
    _set_password(target, password)
    target.must_change_password = True
    ended = revoke_all_sessions(target)
    audit.record("user.password_set_by_admin", "user", target.id, actor=actor, detail={"sessions_ended": ended})


def send_reset_by_admin(target: User, *, actor: User) -> None:
    """An administrator sends the reset mail; until the person sets a new password by it,
    a sign-in with the old one leads to the change page first."""
    require(can_change_role(actor, target))
    target.must_change_password = True
    send_reset_mail(target)
    audit.record("user.password_reset_mail_sent", "user", target.id, actor=actor)

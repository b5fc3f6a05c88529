"""The TOTP second factor (RFC 6238): enrolment, the sign-in's second step, recovery codes.

Required for coordinators and admins (they approve organisations, see everything and
change targets: accounts/guards.py sends them to enrolment until they have it), optional
for everyone else. A code is accepted within one 30-second step either side of now
(clocks drift) and only for a step later than the last one accepted, so a code seen over
someone's shoulder cannot be used again; the check and the write of that step are one
UPDATE, so two parallel uses of one code cannot both pass. Recovery codes (80 random bits
each) are shown once and kept as HMAC-SHA256 under a random salt of each code's own,
compared in constant time; each works once.

The secret being enrolled is kept on the server (``users.totp_secret`` while
``totp_enabled_at`` is still None), never in the client's cookie. Enrolling needs the
current password as well as a code; turning TOTP off needs a current code or a recovery
code (never the password alone) and is refused to the roles that must have it. The owner
is mailed whenever TOTP is turned on or off, and an admin can reset it (``reset_by_admin``)
for someone who lost the app and the codes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from datetime import timedelta

import pyotp
import segno
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from hackplat import audit
from hackplat.accounts import mail as account_mail
from hackplat.accounts import throttle
from hackplat.accounts.sessions import revoke_all_sessions
from hackplat.extensions import db
from hackplat.models import RecoveryCode, Role, User, utcnow
from hackplat.notifications.services import NOTIFICATION_LOCALE

ISSUER = "hackplat"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
#: Random bytes of a recovery code (80 bits, 20 hex digits shown in groups of 4).
RECOVERY_CODE_BYTES = 10
#: Tries of the second step (or of a code to turn TOTP off) per account, like the password's.
LIMIT = throttle.Limit(free=5, window=timedelta(days=1), growing=True)
REQUIRED_ROLES = (Role.COORDINATOR, Role.ADMIN)


def required_for(user: User) -> bool:
    return user.role in REQUIRED_ROLES


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and user.totp_secret is not None


def new_secret() -> str:
    return pyotp.random_base32()


def pending_secret(user: User) -> str:
    """The secret to enrol, kept server-side until a code confirms it (made on first use).
    Never for an enrolled account: that would replace the secret its authenticator holds."""
    if user.totp_enabled_at is not None:
        raise ValueError("the second factor is already set up; turn it off first")
    if user.totp_secret is None:
        user.totp_secret = new_secret()
        user.totp_last_step = None
        db.session.flush()
    return user.totp_secret


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The QR code of ``uri`` as inline SVG, drawn here (no image service sees the secret)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=False)
    return Markup(svg)  # noqa: S704  (segno's own markup; the URI is escaped into path data)


def _digits(code: str) -> str:
    return "".join(unicodedata.normalize("NFKC", code or "").split())


def matching_step(secret: str, code: str) -> int | None:
    """The time step (now ±1) whose code is ``code``, or None."""
    code = _digits(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = int(utcnow().timestamp()) // STEP_SECONDS
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _accept_step(user: User, step: int) -> bool:
    """Record ``step`` as used if it is later than the last one: one atomic UPDATE."""
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step),
        execution_options={"synchronize_session": False},
    )
    accepted = bool(result.rowcount)  # type: ignore[attr-defined]
    if accepted:
        user.totp_last_step = step
        db.session.flush()
    return accepted


def _hash_code(code: str, salt: str | None = None) -> str:
    """``salt$HMAC-SHA256(salt, code)`` with a fresh random salt unless one is given."""
    salt = salt or secrets.token_hex(8)
    return f"{salt}${hmac.new(bytes.fromhex(salt), code.encode(), hashlib.sha256).hexdigest()}"


def _matches(stored: str, code: str) -> bool:
    salt, _sep, _digest = stored.partition("$")
    try:
        candidate = _hash_code(code, salt)
    except ValueError:  # not a salt of ours
        return False
    return hmac.compare_digest(candidate, stored)


def _normalise_recovery(code: str) -> str:
    return unicodedata.normalize("NFKC", code or "").replace("-", "").replace(" ", "").strip().lower()


def use_recovery_code(user: User, code: str) -> bool:
    normalised = _normalise_recovery(code)
    if len(normalised) != 2 * RECOVERY_CODE_BYTES:
        return False
    unused = db.session.execute(
        select(RecoveryCode.id, RecoveryCode.code_hash).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    ).all()
    matching = [row.id for row in unused if _matches(row.code_hash, normalised)]  # every one compared
    if not matching:
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == matching[0], RecoveryCode.used_at.is_(None))  # once, also in parallel
        .values(used_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def check_second_factor(user: User, code: str) -> str | None:
    """ "totp" or "recovery" when ``code`` is a fresh TOTP code or an unused recovery code."""
    step = matching_step(user.totp_secret or "", code) if enabled(user) else None
    if step is not None and _accept_step(user, step):
        return "totp"
    if enabled(user) and use_recovery_code(user, code):
        return "recovery"
    return None


def throttle_key(user: User) -> str:
    return f"totp:{user.id}"


def take_try(user: User) -> throttle.Verdict:
    return throttle.take(throttle_key(user), LIMIT)


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(RECOVERY_CODE_BYTES)
        codes.append("-".join(raw[i : i + 4] for i in range(0, len(raw), 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    return codes


def enrol(user: User, code: str) -> list[str] | None:
    """Turn TOTP on once ``code`` proves the app has the pending secret (the caller checked
    the password); the recovery codes to show once, or None when the code does not match."""
    step = matching_step(user.totp_secret or "", code) if not enabled(user) else None
    if step is None:
        return None
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    audit.record("user.totp_enabled", "user", user.id, actor=user)
    db.session.flush()
    with force_locale(NOTIFICATION_LOCALE):
        _tell_owner(
            user,
            _("二段階認証が有効になりました"),
            _(
                "あなたのアカウントで二段階認証（認証アプリの確認コード）が有効になりました。"
                "心当たりがない場合は、すぐにパスワードを変更し、事務局にご連絡ください。"
            ),
        )
    return codes


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _tell_owner(user: User, subject: str, text: str) -> None:
    body = _("%(name)s 様", name=user.name) + "\n\n" + text
    account_mail.queue_account_mail(user.email, subject, body)


def disable(user: User, code: str) -> bool:
    """Turn TOTP off with a current code or a recovery code (the password alone is not
    enough: it is the other factor). The caller refuses the roles that must have TOTP."""
    proof = check_second_factor(user, code)
    if proof is None:
        return False
    _clear(user)
    audit.record("user.totp_disabled", "user", user.id, actor=user, detail={"proof": proof})
    with force_locale(NOTIFICATION_LOCALE):
        _tell_owner(
            user,
            _("二段階認証が無効になりました"),
            _(
                "あなたのアカウントで二段階認証が無効になりました。"
                "心当たりがない場合は、すぐにパスワードを変更し、事務局にご連絡ください。"
            ),
        )
    return True


def reset_by_admin(target: User, *, actor: User) -> int:
    """An admin clears the second factor of someone who lost the app and the codes: the
    secret and the codes go, every session ends; the person enrols again (coordinators
    and admins must, at the next sign-in). How many sessions ended."""
    _clear(target)
    ended = revoke_all_sessions(target)
    audit.record("user.totp_reset_by_admin", "user", target.id, actor=actor, detail={"sessions_ended": ended})
    with force_locale(NOTIFICATION_LOCALE):
        _tell_owner(
            target,
            _("二段階認証がリセットされました"),
            _(
                "管理者があなたのアカウントの二段階認証をリセットしました。これまでの認証アプリの登録とリカバリーコードは"
                "使えません。必要に応じて、サインイン後に設定し直してください。心当たりがない場合は事務局にご連絡ください。"
            ),
        )
    return ended


def unused_recovery_codes(user: User) -> int:
    query = select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    return db.session.scalar(query) or 0

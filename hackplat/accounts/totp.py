"""The TOTP second factor (RFC 6238): enrolment, the sign-in's second step, recovery codes.

Required for coordinators and admins (they approve organisations, see everything and
change targets: accounts/guards.py sends them to enrolment until they have it), optional
for everyone else. A code is accepted within one 30-second step either side of now
(clocks drift) and only for a step later than the last one accepted, so a code seen over
someone's shoulder cannot be used again; the check and the write of that step are one
UPDATE, so two parallel uses of one code cannot both pass. Recovery codes are shown once
and kept as hashes (80 random bits each, so a plain SHA-256 is enough); each works once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from datetime import timedelta

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import delete, or_, update

from hackplat import audit
from hackplat.accounts import throttle
from hackplat.accounts.passwords import verify_password
from hackplat.extensions import db
from hackplat.models import RecoveryCode, Role, User, utcnow

ISSUER = "hackplat"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
#: Tries of the second step (or of a code to turn TOTP off) per account, like the password's.
LIMIT = throttle.Limit(free=5, window=timedelta(days=1), growing=True)
REQUIRED_ROLES = (Role.COORDINATOR, Role.ADMIN)


def required_for(user: User) -> bool:
    return user.role in REQUIRED_ROLES


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and user.totp_secret is not None


def new_secret() -> str:
    return pyotp.random_base32()


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


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normalise_recovery(code: str) -> str:
    return unicodedata.normalize("NFKC", code or "").replace("-", "").replace(" ", "").strip().lower()


def use_recovery_code(user: User, code: str) -> bool:
    normalised = _normalise_recovery(code)
    if len(normalised) != 16:
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(normalised),
            RecoveryCode.used_at.is_(None),
        )
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
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(8)
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    return codes


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Turn TOTP on once ``code`` proves the app has ``secret``; the recovery codes to show
    once, or None when the code does not match."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    audit.record("user.totp_enabled", "user", user.id, actor=user)
    db.session.flush()
    return codes


def disable(user: User, code_or_password: str) -> bool:
    """Turn TOTP off with a current code, a recovery code or the password."""
    proof = check_second_factor(user, code_or_password)
    if proof is None and not verify_password(user.password_hash, code_or_password):
        return False
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record("user.totp_disabled", "user", user.id, actor=user, detail={"proof": proof or "password"})
    return True


def unused_recovery_codes(user: User) -> int:
    from sqlalchemy import func, select

    query = select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    return db.session.scalar(query) or 0

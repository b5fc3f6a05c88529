"""Signed links sent by mail: a password reset and an e-mail verification.

Each kind is signed with ``SECRET_KEY`` and a salt of its own (itsdangerous), so that a
token made for one purpose is worthless for another, and carries its time, so that it
expires (``PASSWORD_RESET_MAX_AGE``, ``EMAIL_VERIFICATION_MAX_AGE``). Nothing is stored:

- a reset token names the user and a fingerprint of their current password hash (and of
  ``password_changed_at``): once the password changes, by this link or otherwise, the
  fingerprint no longer matches, so the link works once;
- a verification token names the user, the address it was sent to and when the account
  was created; verifying twice changes nothing, and a changed address (or an account
  forgotten and another created with its id) would not match.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from hackplat.extensions import db
from hackplat.models import User

RESET_SALT = "hackplat.accounts.password-reset"
VERIFY_SALT = "hackplat.accounts.email-verification"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load(token: str, salt: str, max_age: timedelta) -> dict[str, Any] | None:
    try:
        payload = _serializer(salt).loads(token, max_age=int(max_age.total_seconds()))
    except (BadSignature, UnicodeError, ValueError):  # SignatureExpired is a BadSignature
        return None
    return payload if isinstance(payload, dict) else None


def _user(payload: dict[str, Any] | None) -> User | None:
    user_id = payload.get("u") if payload else None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id < 2**31:
        return None
    return db.session.get(User, user_id)


def password_fingerprint(user: User) -> str:
    """A keyed digest of the password's current state (not the hash itself)."""
    changed = user.password_changed_at.isoformat() if user.password_changed_at else ""
    material = f"{user.password_hash}|{changed}".encode()
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, material, hashlib.sha256).hexdigest()[:32]


def reset_token(user: User) -> str:
    return str(_serializer(RESET_SALT).dumps({"u": user.id, "p": password_fingerprint(user)}))


def user_for_reset(token: str) -> User | None:
    """The user a valid, unexpired, unused reset token was made for, else None."""
    payload = _load(token, RESET_SALT, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = _user(payload)
    if user is None or payload is None:
        return None
    if not hmac.compare_digest(str(payload.get("p", "")), password_fingerprint(user)):
        return None
    return user


def _created(user: User) -> int:
    """When the account was created, in microseconds: an id can be used again once an
    unverified account is forgotten (accounts/purge.py; SQLite reuses the highest id),
    and the old account's link must not name the new one."""
    return round(user.created_at.timestamp() * 1_000_000) if user.created_at else 0


def verification_token(user: User) -> str:
    return str(_serializer(VERIFY_SALT).dumps({"u": user.id, "e": user.email, "c": _created(user)}))


def user_for_verification(token: str) -> User | None:
    """The user a valid, unexpired verification token was made for (at their address)."""
    payload = _load(token, VERIFY_SALT, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    user = _user(payload)
    if user is None or payload is None or payload.get("e") != user.email or payload.get("c") != _created(user):
        return None
    return user

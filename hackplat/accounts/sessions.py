"""Sign-in sessions kept in the database.

Flask's session is a signed cookie: on its own, a copy taken before sign-out would
still work afterwards. The cookie therefore carries a random token whose hash is a
row here; signing out revokes the row, so a replayed cookie finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from hackplat.audit import client_ip
from hackplat.extensions import db
from hackplat.models import LoginSession, OrganisationStatus, Role, User, utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    token = secrets.token_urlsafe(32)
    lifetime: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    db.session.add(LoginSession(user=user, token_hash=_hash(token), expires_at=utcnow() + lifetime, ip=client_ip()))
    user.session_token = token
    return token


def may_sign_in(user: User) -> bool:
    """Active, and for members: their organisation is approved."""
    if not user.active:
        return False
    if user.role is Role.MEMBER:
        return user.organisation is not None and user.organisation.status is OrganisationStatus.APPROVED
    return True


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the user of a live session, or None."""
    row = db.session.scalar(
        select(LoginSession).where(
            LoginSession.token_hash == _hash(token),
            LoginSession.revoked_at.is_(None),
            LoginSession.expires_at > utcnow(),
        )
    )
    if row is None or not may_sign_in(row.user):
        return None
    row.user.session_token = token
    return row.user


def end_session(user: User) -> None:
    if not user.session_token:
        return
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == _hash(user.session_token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()

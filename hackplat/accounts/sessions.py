"""Sign-in sessions kept in the database.

Flask's session is a signed cookie: on its own, a copy taken before sign-out would
still work afterwards. The cookie therefore carries a random token whose hash is a
row here; signing out revokes the row, so a replayed cookie finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from hackplat.audit import client_ip
from hackplat.extensions import db
from hackplat.legal.services import pending_clause
from hackplat.models import LoginSession, OrganisationStatus, Role, User, utcnow

USER_AGENT_LENGTH = 200
#: ``last_seen_at`` is written when it is older than this (not at every page view).
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    token = secrets.token_urlsafe(32)
    lifetime: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    now = utcnow()
    agent = request.user_agent.string[:USER_AGENT_LENGTH] if has_request_context() else None
    row = LoginSession(
        user=user,
        token_hash=_hash(token),
        expires_at=now + lifetime,
        ip=client_ip(),
        user_agent=agent,
        last_seen_at=now,
    )
    db.session.add(row)
    user.session_token = token
    return token


def may_sign_in(user: User) -> bool:
    """Active, and for members: their organisation is approved and they have joined it
    (a join request waits for a colleague's approval with ``joined_at`` None)."""
    if not user.active or user.email_verified_at is None:  # verified: by the mailed link
        return False
    if user.role is Role.MEMBER:
        organisation = user.organisation
        approved = organisation is not None and organisation.status is OrganisationStatus.APPROVED
        return approved and user.joined_at is not None
    return True


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the user of a live session, or None. The session row,
    its user, the user's organisation (which ``may_sign_in`` and most pages read) and
    whether a legal text awaits acceptance (accounts/guards.py) come in one statement:
    this runs before every signed-in request."""
    found = db.session.execute(
        select(LoginSession, pending_clause(LoginSession.user_id))
        .options(joinedload(LoginSession.user).joinedload(User.organisation))
        .where(
            LoginSession.token_hash == _hash(token),
            LoginSession.revoked_at.is_(None),
            LoginSession.expires_at > utcnow(),
        )
    ).first()
    if found is None or not may_sign_in(found[0].user):
        return None
    row = found[0]
    row.user.legal_pending = bool(found[1])
    now = utcnow()
    last_seen = row.last_seen_at or row.created_at
    if last_seen <= now - current_app.config["SESSION_IDLE_TIMEOUT"]:
        row.revoked_at = now  # idle too long: the session is over
        _commit_alone(row)
        return None
    if last_seen <= now - TOUCH_EVERY:
        row.last_seen_at = now
        _commit_alone(row)
    row.user.session_token = token
    return row.user


def _commit_alone(row: LoginSession) -> None:
    """Commit the session row's change at once, unless the request already has changes of
    its own pending (then its commit, or its rollback, decides). The user loader runs
    before the view (accounts/guards.py asks for the user first), so it nearly always
    commits alone, and a page view is a write at most once a minute."""
    session = db.session
    if session.new or session.deleted or any(obj is not row for obj in session.dirty):
        return
    session.commit()


def revoke_all_sessions(user: User, *, keep_token: str | None = None) -> int:
    """End every live session of ``user`` (but the one of ``keep_token``, if given): on
    deactivation, and for all other devices. How many were ended."""
    query = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
    if keep_token:
        query = query.where(LoginSession.token_hash != _hash(keep_token))
    result = db.session.execute(query.values(revoked_at=utcnow()), execution_options={"synchronize_session": False})
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def token_hash(token: str) -> str:
    return _hash(token)


def end_session(user: User) -> None:
    if not user.session_token:
        return
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == _hash(user.session_token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()

"""The signed-in person's live sessions ("signed-in devices"), described for people."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.accounts.sessions import revoke_all_sessions, token_hash
from hackplat.extensions import db
from hackplat.models import LoginSession, User, utcnow

#: (pattern, name): the first that matches names the browser (Edge and Opera say Chrome too).
BROWSERS = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
)
SYSTEMS = (
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux", "Linux"),
)


def describe(user_agent: str | None) -> str:
    """「Chrome（Windows）」 from a user agent string; 「不明な端末」 when it tells nothing."""
    agent = user_agent or ""
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, agent)), None)
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, agent)), None)
    if browser and system:
        return _("%(browser)s（%(system)s）", browser=browser, system=system)
    return browser or system or _("不明な端末")


@dataclass(frozen=True)
class Device:
    id: int
    description: str
    ip: str | None
    signed_in_at: datetime
    last_seen_at: datetime
    current: bool


def live_sessions(user: User) -> list[Device]:
    """The user's sessions that still work: not revoked, not expired, not idle too long."""
    now = utcnow()
    idle_since = now - current_app.config["SESSION_IDLE_TIMEOUT"]
    rows = db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None), LoginSession.expires_at > now)
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())
    )
    current = token_hash(user.session_token) if user.session_token else None
    devices = []
    for row in rows:
        last_seen = row.last_seen_at or row.created_at
        if last_seen <= idle_since:
            continue
        is_current = row.token_hash == current
        devices.append(Device(row.id, describe(row.user_agent), row.ip, row.created_at, last_seen, is_current))
    return sorted(devices, key=lambda device: not device.current)  # this device first


def end_session(user: User, session_id: int) -> bool:
    """End one of the user's other sessions; False if there is none such (another person's,
    already ended, or this one: signing out is the way to end it)."""
    row = db.session.get(LoginSession, session_id)
    current = token_hash(user.session_token) if user.session_token else None
    if row is None or row.user_id != user.id or row.revoked_at is not None or row.token_hash == current:
        return False
    row.revoked_at = utcnow()
    audit.record("auth.session_ended", "login_session", row.id, actor=user)
    return True


def end_other_sessions(user: User) -> int:
    ended = revoke_all_sessions(user, keep_token=user.session_token)
    audit.record("auth.other_sessions_ended", "user", user.id, actor=user, detail={"count": ended})
    return ended

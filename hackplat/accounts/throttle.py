"""Throttling of failed sign-ins, per account and per address.

The count comes from the audit trail's ``auth.login_failed`` records in the database,
so it holds across gunicorn workers and hosts without another server (Flask-Limiter's
storages are process memory, Redis, Memcached or MongoDB; none of those is part of this
deployment). The composite indexes on (action, object_id, created_at) and
(action, ip, created_at) serve both counts.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from hackplat.extensions import db
from hackplat.models import AuditRecord, utcnow

FAILED = "auth.login_failed"


def _failures_since(column: InstrumentedAttribute[str | None], value: str, window: timedelta) -> int:
    query = select(func.count()).where(
        AuditRecord.action == FAILED,
        column == value,
        AuditRecord.created_at >= utcnow() - window,
    )
    return db.session.scalar(query) or 0


def is_throttled(email: str, ip: str | None) -> bool:
    config = current_app.config
    window: timedelta = config["LOGIN_THROTTLE_WINDOW"]
    if _failures_since(AuditRecord.object_id, email, window) >= config["LOGIN_THROTTLE_PER_ACCOUNT"]:
        return True
    return ip is not None and (_failures_since(AuditRecord.ip, ip, window) >= config["LOGIN_THROTTLE_PER_ADDRESS"])

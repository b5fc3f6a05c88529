"""Writing the audit trail. Every state change calls ``record`` in the same transaction."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from hackplat.extensions import db
from hackplat.models import AuditRecord, User


def client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    object_type: str,
    object_id: object | None,
    *,
    actor: User | None,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    """Add one audit record to the session; the caller's transaction commits it."""
    entry = AuditRecord(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        actor_id=actor.id if actor is not None and getattr(actor, "id", None) else None,
        ip=client_ip(),
        detail=detail or {},
    )
    db.session.add(entry)
    return entry

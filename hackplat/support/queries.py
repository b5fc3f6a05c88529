"""The lists of support requests: a department's own (and those it joined), the office's
whole list with its filters, and the open ones by path and age for the office's home."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hackplat.models import User
from hackplat.models.support import OPEN_STATUSES, SupportPath, SupportRequest, SupportRequestJoin, SupportStatus
from hackplat.permissions import is_coordinator
from hackplat.permissions.roles import equals_if_known, own_department_id

_PATHS = {p.value for p in SupportPath}
#: What each row of a list shows beside the request: its department and who joined.
_LISTED = (joinedload(SupportRequest.department), selectinload(SupportRequest.joins))
_STATUSES = {s.value for s in SupportStatus}


def for_department(user: User) -> Select[SupportRequest]:
    """The requests of ``user``'s department and those it joined, newest first."""
    department_id = own_department_id(user)
    joined = select(SupportRequestJoin.request_id).where(equals_if_known(SupportRequestJoin.department_id,
                                                                          department_id))  # fmt: skip
    mine = or_(equals_if_known(SupportRequest.department_id, department_id), SupportRequest.id.in_(joined))
    return (
        select(SupportRequest)
        .options(*_LISTED)
        .where(mine)
        .order_by(SupportRequest.created_at.desc(), SupportRequest.id.desc())
    )


def _untriaged_first() -> Any:
    return case((SupportRequest.status == SupportStatus.SUBMITTED, 0), else_=1)


def for_office(path: str | None, status: str | None) -> Select[SupportRequest]:
    """Every request, filtered; untriaged first, then by path, oldest first."""
    query = select(SupportRequest).options(*_LISTED)
    if path == "none":
        query = query.where(SupportRequest.path.is_(None))
    elif path in _PATHS:
        query = query.where(SupportRequest.path == SupportPath(path))
    if status == "open":
        query = query.where(SupportRequest.status.in_(OPEN_STATUSES))
    elif status in _STATUSES:
        query = query.where(SupportRequest.status == SupportStatus(status))
    return query.order_by(_untriaged_first(), SupportRequest.path, SupportRequest.created_at, SupportRequest.id)


def open_by_path_and_age() -> Select[SupportRequest]:
    """The office's home: open requests, untriaged first, then grouped by path, oldest first."""
    return for_office(None, "open")


def listed_for(user: User, path: str | None, status: str | None) -> Select[SupportRequest]:
    return for_office(path, status) if is_coordinator(user) else for_department(user)

"""Support requests (支援の依頼, #17 item 1): who may open, read, join, withdraw, triage.

A request is internal to the city: every city account reads every request (the point is
that a ward with the same problem finds it and joins instead of asking twice), members
and the public never. Staff open requests for their own department; staff of another
department join one. The department that opened it withdraws it (before triage); the
programme office triages, declines and runs the paths. A need is drafted from a request
by the office or by the requesting department's staff (the need will be theirs).
"""

from __future__ import annotations

from hackplat.models import Actor
from hackplat.models.support import SupportRequest
from hackplat.permissions.roles import is_coordinator, is_staff, is_staff_of, own_department_id


def can_open_support_request(user: Actor) -> bool:
    return is_staff(user) and own_department_id(user) is not None


def can_view_support_request(user: Actor, request: SupportRequest) -> bool:
    return is_staff(user) or is_coordinator(user)


def can_join_support_request(user: Actor, request: SupportRequest) -> bool:
    """Staff of another department than the one that opened it."""
    return is_staff(user) and own_department_id(user) not in (None, request.department_id)


def can_withdraw_support_request(user: Actor, request: SupportRequest) -> bool:
    return is_staff_of(user, request.department_id)


def can_triage_support_requests(user: Actor) -> bool:
    """Triage, decline, and run the analysis path: the programme office."""
    return is_coordinator(user)


def can_draft_need_from_request(user: Actor, request: SupportRequest) -> bool:
    return is_coordinator(user) or is_staff_of(user, request.department_id)

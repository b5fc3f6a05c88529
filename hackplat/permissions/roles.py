"""Who is asking: the role predicates every other permission module builds on, and
``require``, which services call first. Deny by default: a predicate says yes only for
the cases it names, and a filter selects only the rows its predicate would allow."""

from __future__ import annotations

from typing import TypeGuard

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, false
from sqlalchemy.orm import InstrumentedAttribute

from hackplat.errors import PermissionDenied
from hackplat.models import Actor, Role, User


def _role(user: Actor) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def is_signed_in(user: Actor) -> TypeGuard[User]:
    return _role(user) is not None


def is_member(user: Actor) -> TypeGuard[User]:
    return _role(user) is Role.MEMBER


def is_staff(user: Actor) -> TypeGuard[User]:
    return _role(user) is Role.STAFF


def is_coordinator(user: Actor) -> TypeGuard[User]:
    """Coordinators, and admins, who may do all that coordinators may."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def is_admin(user: Actor) -> TypeGuard[User]:
    return _role(user) is Role.ADMIN


def own_organisation_id(user: Actor) -> int | None:
    """The organisation a member acts for; None for everyone else."""
    return user.organisation_id if is_member(user) else None


def own_department_id(user: Actor) -> int | None:
    """The department a staff member works in; None for everyone else."""
    return user.department_id if is_staff(user) else None


def is_member_of(user: Actor, organisation_id: int | None) -> bool:
    return organisation_id is not None and own_organisation_id(user) == organisation_id


def is_staff_of(user: Actor, department_id: int | None) -> bool:
    return department_id is not None and own_department_id(user) == department_id


def equals_if_known(column: InstrumentedAttribute[int], value: int | None) -> ColumnElement[bool]:
    """``column = value``, or no row at all when ``value`` is None: the SQL side of
    ``is_member_of`` and ``is_staff_of``, where no organisation matches nothing (a plain
    ``== None`` would select the rows whose column is NULL)."""
    return column == value if value is not None else false()


def require(allowed: bool) -> None:
    """Raise ``PermissionDenied`` unless ``allowed``; services call this first."""
    if not allowed:
        raise PermissionDenied(_("この操作を行う権限がありません。"))

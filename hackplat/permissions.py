"""Who may do what: small predicates, used by services (which enforce them) and by
templates (which only hide what would be refused anyway). Deny by default: a predicate
says yes only for the cases it names."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from hackplat.errors import PermissionDenied
from hackplat.models import Organisation, Role, User


def _role(user: Any) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def is_signed_in(user: Any) -> bool:
    return _role(user) is not None


def is_member(user: Any) -> bool:
    return _role(user) is Role.MEMBER


def is_staff(user: Any) -> bool:
    return _role(user) is Role.STAFF


def is_coordinator(user: Any) -> bool:
    """Coordinators, and admins, who may do all that coordinators may."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def is_admin(user: Any) -> bool:
    return _role(user) is Role.ADMIN


def can_review_organisations(user: Any) -> bool:
    return is_coordinator(user)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    if is_coordinator(user):
        return True
    return is_member(user) and user.organisation_id == organisation.id


def can_manage_users(user: Any) -> bool:
    return is_admin(user)


def can_manage_departments(user: Any) -> bool:
    return is_admin(user)


def can_change_role(user: Any, target: User) -> bool:
    """Admins change others' roles; never their own, so the last admin cannot lock all out."""
    return is_admin(user) and user.id != target.id


def require(allowed: bool) -> None:
    """Raise ``PermissionDenied`` unless ``allowed``; services call this first."""
    if not allowed:
        raise PermissionDenied(_("この操作を行う権限がありません。"))


#: What templates may ask (``can.review_organisations(current_user)``).
TEMPLATE_PREDICATES = {
    name.removeprefix("can_"): fn
    for name, fn in list(globals().items())
    if name.startswith(("can_", "is_")) and callable(fn)
}

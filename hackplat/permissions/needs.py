"""Needs: the department's staff write them, coordinators support every department,
and a published need is public."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, true

from hackplat.models import Actor, Need, NeedStatus
from hackplat.permissions.roles import (
    equals_if_known,
    is_coordinator,
    is_signed_in,
    is_staff,
    is_staff_of,
    own_department_id,
)


def can_create_need(user: Actor) -> bool:
    return is_staff(user) or is_coordinator(user)


def can_view_need(user: Actor, need: Need) -> bool:
    """Drafts are seen only by those who may edit them, and so is a draft closed before it
    was ever published; every other need is public."""
    published = need.status is not NeedStatus.DRAFT and need.published_at is not None
    return published or can_edit_need(user, need)


def visible_needs(user: Actor) -> ColumnElement[bool]:
    """The needs ``can_view_need`` lets ``user`` see, as a WHERE clause (``visible_needs(None)``:
    the published needs, which anyone may see)."""
    published = and_(Need.status != NeedStatus.DRAFT, Need.published_at.is_not(None))
    return or_(published, editable_needs(user))


def can_edit_need(user: Actor, need: Need) -> bool:
    return is_staff_of(user, need.department_id) or is_coordinator(user)


def editable_needs(user: Actor) -> ColumnElement[bool]:
    """The needs ``can_edit_need`` lets ``user`` edit, as a WHERE clause."""
    if is_coordinator(user):
        return true()
    return equals_if_known(Need.department_id, own_department_id(user))


def can_see_proposals_of(user: Actor, need: Need) -> bool:
    return is_staff_of(user, need.department_id) or is_coordinator(user)


def can_see_need_contact(user: Actor, _need: Need) -> bool:
    """The contact person's phone and e-mail: for signed-in users (members of approved
    organisations, city staff, the office); the name and section are public."""
    return is_signed_in(user)

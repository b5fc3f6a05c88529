"""Departments and city accounts. ``actor`` is None only for the command line, which
runs with the server's own authority (whoever can run it can already edit the DB)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.accounts.passwords import hash_password, password_problem
from hackplat.accounts.services import email_taken, normalise_email
from hackplat.accounts.sessions import revoke_all_sessions
from hackplat.concurrency import flush_or_refuse
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.models import Department, DepartmentKind, Role, User, utcnow
from hackplat.organisations.colleagues import revoke_invitations_of
from hackplat.permissions import can_change_role, can_manage_departments, can_manage_users, require

CITY_ROLES = (Role.STAFF, Role.COORDINATOR, Role.ADMIN)


def _require_actor(allowed: bool, actor: User | None) -> None:
    if actor is not None:
        require(allowed)


def _name_taken() -> InvalidInput:
    return InvalidInput(_("同じ名前の部署が既にあります。"), field="name")


def create_department(
    name: str, kind: DepartmentKind, parent: Department | None, *, actor: User | None, name_en: str = ""
) -> Department:
    """``name_en``: the name shown in English (empty: the Japanese one is shown)."""
    _require_actor(can_manage_departments(actor), actor)
    name = name.strip()
    if db.session.scalar(select(Department.id).where(Department.name == name)) is not None:
        raise _name_taken()
    if kind is DepartmentKind.SECTION and parent is None:
        raise InvalidInput(_("課には所属する局または区を選んでください。"), field="parent_id")
    department = Department(name=name, kind=kind, parent=parent, name_en=name_en.strip() or None)
    db.session.add(department)
    flush_or_refuse({"name": _name_taken()})  # another admin created it meanwhile
    detail = {"name": name, "name_en": department.name_en}
    audit.record("department.created", "department", department.id, actor=actor, detail=detail)
    return department


@dataclass(frozen=True)
class CityAccount:
    email: str
    name: str
    role: Role
    password: str
    department: Department | None = None


def create_city_user(data: CityAccount, *, actor: User | None) -> User:
    """A staff, coordinator or admin account (members register with their organisation)."""
    _require_actor(can_manage_users(actor), actor)
    email = normalise_email(data.email)
    if data.role not in CITY_ROLES:
        raise InvalidInput(_("市の職員・コーディネーター・管理者のいずれかを選んでください。"), field="role")
    if data.role is Role.STAFF and data.department is None:
        raise InvalidInput(_("市職員には所属部署が必要です。"), field="department_id")
    problem = password_problem(data.password, user_inputs=[email, data.name])
    if problem:
        raise InvalidInput(problem, field="password")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise email_taken()
    user = User(
        email=email,
        name=data.name.strip(),
        role=data.role,
        department=data.department,
        password_hash=hash_password(data.password),
        # The admin enters a city address for a colleague: verified (accounts/verification.py);
        # the initial password the admin typed must be changed at the first sign-in.
        email_verified_at=utcnow(),
        must_change_password=actor is not None,
    )
    db.session.add(user)
    flush_or_refuse({"email": email_taken()})
    audit.record("user.created", "user", user.id, actor=actor, detail={"role": data.role.value})
    return user


def change_role(target: User, role: Role, department: Department | None, *, actor: User) -> User:
    """Change a city account's role and department; the audit keeps the old values."""
    require(can_change_role(actor, target))
    if target.role is Role.MEMBER or role not in CITY_ROLES:
        raise Conflict(_("参加組織のメンバーの役割は変更できません。"))
    if role is Role.STAFF and department is None:
        raise InvalidInput(_("市職員には所属部署が必要です。"), field="department_id")
    before = {"role": target.role.value, "department_id": target.department_id}
    target.role = role
    target.department = department
    db.session.flush()
    after = {"role": role.value, "department_id": target.department_id}
    audit.record("user.role_changed", "user", target.id, actor=actor, detail={"before": before, "after": after})
    return target


def set_active(target: User, active: bool, *, actor: User) -> User:
    require(can_change_role(actor, target))
    target.active = active
    detail = None
    if not active:  # for good: re-activation must not revive a cookie from before
        detail = {"sessions_ended": revoke_all_sessions(target)}
        detail["invitations_revoked"] = revoke_invitations_of(target, actor=actor, reason="deactivated")
    audit.record("user.activated" if active else "user.deactivated", "user", target.id, actor=actor, detail=detail)
    db.session.flush()
    return target

"""Admins create city accounts and departments and change roles; all of it is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.admin.services import CityAccount, change_role, create_city_user, set_active
from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, Department, Role, User
from tests.conftest import PASSWORD


def test_admin_creates_a_staff_account_in_the_ui(client, login, make_user, make_department) -> None:
    department = make_department("港北区")
    login(make_user(Role.ADMIN))
    data = {
        "name": "港北 次郎",
        "email": "jiro@example.jp",
        "role": "staff",
        "department_id": str(department.id),
        "password": PASSWORD,
    }
    assert client.submit("/admin/users/new", data).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "jiro@example.jp"))
    assert user.role is Role.STAFF
    assert user.department_id == department.id
    assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.object_id == str(user.id))) == "user.created"


def test_staff_without_a_department_is_refused_and_nothing_is_written(client, login, make_user) -> None:
    login(make_user(Role.ADMIN))
    data = {
        "name": "所属 なし",
        "email": "none@example.jp",
        "role": "staff",
        "department_id": "0",
        "password": PASSWORD,
    }
    response = client.submit("/admin/users/new", data)
    assert response.status_code == 400
    assert "所属部署が必要" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "none@example.jp")) == 0


def test_role_change_is_audited_with_before_and_after(client, login, make_user, make_department) -> None:
    target = make_user(Role.STAFF)
    login(make_user(Role.ADMIN))
    response = client.submit(f"/admin/users/{target.id}", {"role": "coordinator", "department_id": "0", "active": "y"})
    assert response.status_code == 302
    assert target.role is Role.COORDINATOR
    entry = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "user.role_changed"))
    assert entry.detail["before"]["role"] == "staff"
    assert entry.detail["after"]["role"] == "coordinator"


def test_an_admin_cannot_change_their_own_role(make_user) -> None:
    admin = make_user(Role.ADMIN)
    with pytest.raises(PermissionDenied):
        change_role(admin, Role.STAFF, None, actor=admin)


def test_member_roles_are_not_changed_by_admins(make_user) -> None:
    with pytest.raises(Conflict):
        change_role(make_user(Role.MEMBER), Role.COORDINATOR, None, actor=make_user(Role.ADMIN))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF, Role.COORDINATOR])
def test_only_admins_manage_accounts(make_user, role) -> None:
    actor = make_user(role)
    with pytest.raises(PermissionDenied):
        create_city_user(CityAccount("x@example.jp", "X", Role.COORDINATOR, PASSWORD), actor=actor)
    with pytest.raises(PermissionDenied):
        change_role(make_user(Role.STAFF), Role.COORDINATOR, None, actor=actor)
    with pytest.raises(PermissionDenied):
        set_active(make_user(Role.STAFF), False, actor=actor)


def test_a_weak_password_is_refused_for_city_accounts(make_user) -> None:
    with pytest.raises(InvalidInput):
        create_city_user(
            CityAccount("x@example.jp", "X", Role.COORDINATOR, "password1234"), actor=make_user(Role.ADMIN)
        )


def test_admin_adds_a_section_under_a_bureau(client, login, make_user, make_department) -> None:
    bureau = make_department("健康福祉局")
    login(make_user(Role.ADMIN))
    response = client.submit(
        "/admin/departments", {"name": "健康福祉局 高齢健康福祉課", "kind": "section", "parent_id": str(bureau.id)}
    )
    assert response.status_code == 302
    section = db.session.scalar(select(Department).where(Department.name == "健康福祉局 高齢健康福祉課"))
    assert section.parent_id == bureau.id
    refused = client.submit(
        "/admin/departments", {"name": "健康福祉局 高齢健康福祉課", "kind": "section", "parent_id": str(bureau.id)}
    )
    assert refused.status_code == 400
    assert "同じ名前の部署" in refused.get_data(as_text=True)


def test_cli_creates_an_admin(runner) -> None:
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "--email", "Root@Example.jp", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "root@example.jp"))
    assert user.role is Role.ADMIN
    assert db.session.scalar(select(AuditRecord.action)) == "user.created"


def test_cli_refuses_a_weak_password_with_a_message(runner) -> None:
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "--email", "a@example.jp", "--password", "password1234"]
    )
    assert result.exit_code != 0
    assert "推測されやすい" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_cli_staff_needs_an_existing_department(runner) -> None:
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "staff",
            "--email",
            "s@example.jp",
            "--department",
            "存在しない局",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code != 0
    assert "見つかりません" in result.output

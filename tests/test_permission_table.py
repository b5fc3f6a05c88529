"""Every route × every role, with the status each must get. A route missing from the
table fails ``test_every_route_is_in_the_table``: a new page must state who may see it.
Feature rows live in tests/<feature>/permission_rows.py (see tests/permission_rows.py)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from hackplat.models import NeedStatus, OrganisationStatus, ProposalStatus, Role
from tests.conftest import FormClient
from tests.helpers.database import TableSnapshot
from tests.helpers.factories import PASSWORD, all_factories
from tests.helpers.totp import pass_second_step
from tests.permission_rows import (
    ADMINS,
    ALL_REDIRECT,
    COORDINATOR_ACTION,
    COORDINATORS,
    EVERYONE,
    FORBIDDEN,
    OK,
    REDIRECT,
    ROLES,
    SIGNED_IN,
    Row,
    by_role,
)

CORE: dict[str, Row] = {
    "static": ("GET", "/static/css/app.css", {}, EVERYONE),
    "home.index": ("GET", "/", {}, EVERYONE),
    "accounts.login": ("GET", "/login", {}, by_role(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "accounts.register": ("GET", "/register", {}, EVERYONE),
    "accounts.registered": ("GET", "/register/done", {}, EVERYONE),
    "accounts.me": ("GET", "/me", {}, SIGNED_IN),
    "accounts.logout": ("POST", "/logout", {}, ALL_REDIRECT),
    "accounts.language": ("GET", "/language/en", {}, ALL_REDIRECT),
    "organisations.index": ("GET", "/organisations/", {}, COORDINATORS),
    "organisations.detail": ("GET", "/organisations/{own_org}", {}, by_role(REDIRECT, OK, FORBIDDEN, OK, OK)),
    "organisations.approve": ("POST", "/organisations/{pending_org}/approve", {}, COORDINATOR_ACTION),
    "organisations.reject": ("POST", "/organisations/{pending_org}/reject", {"reason": "不備"}, COORDINATOR_ACTION),
    "admin.users": ("GET", "/admin/users", {}, ADMINS),
    "admin.new_user": ("GET", "/admin/users/new", {}, ADMINS),
    "admin.edit_user": ("GET", "/admin/users/{staff}", {}, ADMINS),
    "admin.departments": ("GET", "/admin/departments", {}, ADMINS),
    "notifications.index": ("GET", "/notifications/", {}, SIGNED_IN),
    "notifications.mark_read": ("POST", "/notifications/read", {}, ALL_REDIRECT),
}


def _feature_modules() -> list:
    paths = sorted(Path(__file__).parent.glob("*/permission_rows.py"))
    return [importlib.import_module(f"tests.{path.parent.name}.permission_rows") for path in paths]


FEATURES = _feature_modules()
TABLE: dict[str, Row] = {**CORE, **{endpoint: row for module in FEATURES for endpoint, row in module.ROWS.items()}}


def test_every_route_is_in_the_table(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(TABLE) == set(), "add the new routes to a permission_rows.py"
    assert set(TABLE) - endpoints == set(), "the table names routes that no longer exist"


def build_world(factories: Any) -> dict:
    """The standard world of tests/permission_rows.py; a feature's ``extend_world(world,
    factories)`` adds the objects its own placeholders name."""
    make_user, make_organisation, make_need = factories.make_user, factories.make_organisation, factories.make_need
    make_seed, make_proposal, make_department = factories.make_seed, factories.make_proposal, factories.make_department
    member = make_user(Role.MEMBER)
    staff = make_user(Role.STAFF)
    users = {
        "member": member,
        "staff": staff,
        "coordinator": make_user(Role.COORDINATOR),
        "admin": make_user(Role.ADMIN),
    }
    other_org = make_organisation(name="他の組織")
    open_need = make_need(department=staff.department, status=NeedStatus.OPEN)
    ids = {
        "own_org": member.organisation_id,
        "pending_org": make_organisation(name="審査待ち", status=OrganisationStatus.PENDING).id,
        "staff": staff.id,
        "open_need": open_need.id,
        "draft_need": make_need(department=staff.department, status=NeedStatus.DRAFT).id,
        "other_draft_need": make_need(department=make_department("他の局"), status=NeedStatus.DRAFT).id,
        "public_seed": make_seed(organisation=member.organisation, is_public=True).id,
        "private_seed": make_seed(organisation=member.organisation, is_public=False).id,
        "other_private_seed": make_seed(organisation=other_org, is_public=False).id,
        "draft_proposal": make_proposal(open_need, member.organisation, ProposalStatus.DRAFT).id,
        "submitted_proposal": make_proposal(open_need, other_org, ProposalStatus.SUBMITTED).id,
    }
    world = {"users": users, "ids": ids, "other_org": other_org, "open_need": open_need}
    for module in FEATURES:
        if hasattr(module, "extend_world"):
            module.extend_world(world, factories)
    return world


def signed_in_session(app: Flask, email: str) -> str:
    """The session cookie of ``email`` after signing in with the form."""
    client = FormClient(app, app.response_class, use_cookies=True)
    response = pass_second_step(client, client.submit("/login", {"email": email, "password": PASSWORD}), email)
    assert response.status_code == 302, response.get_data(as_text=True)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


@pytest.fixture(scope="module")
def module_world(app: Flask) -> Iterator[tuple[dict, TableSnapshot]]:
    """The world, built once for the module's 400-odd cases: its ids, and each role's
    session, signed in once (the sign-in sessions are rows of the world); with a snapshot
    of its rows that puts it back after each case that wrote."""
    with app.app_context():
        world = build_world(all_factories())
        emails = {role: user.email for role, user in world["users"].items()}
        built = {
            "ids": dict(world["ids"]),
            "sessions": {role: signed_in_session(app, email) for role, email in emails.items()},
        }
        snapshot = TableSnapshot()
    yield built, snapshot
    with app.app_context():
        snapshot.close()


@pytest.fixture
def world(module_world: tuple[dict, TableSnapshot]) -> Iterator[dict]:
    """The module's world as it was built, whatever the previous case did to it (signed
    out a session, approved an organisation ...)."""
    built, snapshot = module_world
    yield built
    snapshot.restore_if_written()


@pytest.mark.module_world
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_route_answers_each_role_as_the_table_says(app, client, world, endpoint, role) -> None:
    method, path, data, expected = TABLE[endpoint]
    url = path.format(**world["ids"])
    if role != "public":
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], world["sessions"][role])
    response = client.get(url) if method == "GET" else client.submit(url, data)
    assert response.status_code == expected[role], f"{method} {url} as {role}"
    if role == "public" and response.status_code == REDIRECT and endpoint != "accounts.language":
        assert "/login" in response.headers["Location"], "anonymous visitors are sent to sign in"

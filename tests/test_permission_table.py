"""Every route × every role, with the status each must get. A route that is missing
from the table fails ``test_every_route_is_in_the_table``: a new page must state who
may see it."""
from __future__ import annotations

import pytest

from hackplat.models import OrganisationStatus, Role

ROLES = ("public", "member", "staff", "coordinator", "admin")
OK, REDIRECT, FORBIDDEN = 200, 302, 403


def by_role(public: int, member: int, staff: int, coordinator: int, admin: int) -> dict[str, int]:
    return dict(zip(ROLES, (public, member, staff, coordinator, admin), strict=True))


EVERYONE = by_role(OK, OK, OK, OK, OK)
SIGNED_IN = by_role(REDIRECT, OK, OK, OK, OK)
COORDINATORS = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK)
COORDINATOR_ACTION = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT)
ADMINS = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)

#: endpoint → (method, path with {placeholders}, form data, expected status per role)
TABLE: dict[str, tuple[str, str, dict[str, str], dict[str, int]]] = {
    "static": ("GET", "/static/css/app.css", {}, EVERYONE),
    "home.index": ("GET", "/", {}, EVERYONE),
    "accounts.login": ("GET", "/login", {}, by_role(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "accounts.register": ("GET", "/register", {}, EVERYONE),
    "accounts.registered": ("GET", "/register/done", {}, EVERYONE),
    "accounts.me": ("GET", "/me", {}, SIGNED_IN),
    "accounts.logout": ("POST", "/logout", {}, dict.fromkeys(ROLES, REDIRECT)),
    "accounts.language": ("GET", "/language/en", {}, dict.fromkeys(ROLES, REDIRECT)),
    "organisations.index": ("GET", "/organisations/", {}, COORDINATORS),
    "organisations.detail": ("GET", "/organisations/{own_org}", {}, by_role(REDIRECT, OK, FORBIDDEN, OK, OK)),
    "organisations.approve": ("POST", "/organisations/{pending_org}/approve", {}, COORDINATOR_ACTION),
    "organisations.reject": ("POST", "/organisations/{pending_org}/reject", {"reason": "不備"}, COORDINATOR_ACTION),
    "admin.users": ("GET", "/admin/users", {}, ADMINS),
    "admin.new_user": ("GET", "/admin/users/new", {}, ADMINS),
    "admin.edit_user": ("GET", "/admin/users/{staff}", {}, ADMINS),
    "admin.departments": ("GET", "/admin/departments", {}, ADMINS),
    "notifications.index": ("GET", "/notifications/", {}, SIGNED_IN),
    "notifications.mark_read": ("POST", "/notifications/read", {}, dict.fromkeys(ROLES, REDIRECT)),
}


def test_every_route_is_in_the_table(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(TABLE) == set(), "add the new routes to TABLE"
    assert set(TABLE) - endpoints == set(), "TABLE names routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_route_answers_each_role_as_the_table_says(client, login, make_user, make_organisation, endpoint, role) -> None:
    method, path, data, expected = TABLE[endpoint]
    member = make_user(Role.MEMBER)
    users = {"member": member, "staff": make_user(Role.STAFF),
             "coordinator": make_user(Role.COORDINATOR), "admin": make_user(Role.ADMIN)}
    pending = make_organisation(name="審査待ち", status=OrganisationStatus.PENDING)
    url = path.format(own_org=member.organisation_id, pending_org=pending.id, staff=users["staff"].id)
    if role != "public":
        login(users[role])
    response = client.get(url) if method == "GET" else client.submit(url, data, page="/register")
    assert response.status_code == expected[role], f"{method} {url} as {role}"
    if response.status_code == REDIRECT and role == "public" and expected is not EVERYONE:
        assert "/login" in response.headers["Location"] or endpoint in {"accounts.language"}

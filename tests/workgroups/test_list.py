"""The list at /workgroups/: all groups for the programme office (by status), the
department's for its staff, its organisation's for a member."""

from __future__ import annotations

import re

import pytest

from hackplat.models import MembershipStatus, WorkingGroupStatus

M, S = MembershipStatus, WorkingGroupStatus


def listed_groups(html: str) -> set[int]:
    table = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    return {int(n) for n in re.findall(r'href="/workgroups/(\d+)"', table.group(1))} if table else set()


@pytest.fixture
def groups(cast, make_group, make_need, make_department, make_organisation):
    """Four groups: the cast's department's (the organisation invited), an active one of
    another department (the organisation accepted), a concluded one it declined, one without it."""
    other_department = make_department("道路局")
    own = make_group(S.FORMING, {cast.organisation: M.INVITED})
    accepted = make_group(S.ACTIVE, {cast.organisation: M.ACCEPTED}, need=make_need(department=other_department))
    declined = make_group(S.CONCLUDED, {cast.organisation: M.DECLINED}, need=make_need(department=other_department))
    without = make_group(
        S.ACTIVE, {make_organisation("別の会社"): M.ACCEPTED}, need=make_need(department=other_department)
    )
    return {"own": own.id, "accepted": accepted.id, "declined": declined.id, "without": without.id}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("coordinator", {"own", "accepted", "declined", "without"}), ("admin", {"own", "accepted", "declined", "without"}),
     ("staff", {"own"}), ("other_staff", set()), ("member", {"own", "accepted"}), ("other_member", set())],
)  # fmt: skip
def test_each_role_lists_its_groups(client, login, cast, groups, kind, expected) -> None:
    login(cast.actor(kind))
    response = client.get("/workgroups/")
    assert response.status_code == 200
    assert listed_groups(response.get_data(as_text=True)) == {groups[name] for name in expected}


@pytest.mark.parametrize(("status", "expected"), [("forming", {"own"}), ("active", {"accepted", "without"}),
                                                  ("concluded", {"declined"}), ("nonsense", {"own", "accepted", "declined", "without"})])  # fmt: skip
def test_coordinators_filter_by_status(client, login, cast, groups, status, expected) -> None:
    login(cast.coordinator)
    html = client.get(f"/workgroups/?status={status}").get_data(as_text=True)
    assert listed_groups(html) == {groups[name] for name in expected}


def test_the_list_is_paginated_and_keeps_the_filter(client, login, cast, make_group, make_need) -> None:
    for _ in range(21):
        make_group(S.ACTIVE, need=make_need(department=cast.department))
    login(cast.coordinator)
    first = client.get("/workgroups/?status=active").get_data(as_text=True)
    assert len(listed_groups(first)) == 20
    assert 'href="/workgroups/?page=2&amp;status=active"' in first
    assert len(listed_groups(client.get("/workgroups/?status=active&page=2").get_data(as_text=True))) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/workgroups/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]

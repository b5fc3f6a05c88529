"""Coordinators approve or reject organisations; members then may (or may not) sign in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, OrganisationStatus, Role
from hackplat.organisations.services import approve_organisation, reject_organisation
from tests.conftest import PASSWORD

PENDING = OrganisationStatus.PENDING


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_and_admins_approve(make_user, make_organisation, role) -> None:
    organisation = make_organisation(status=PENDING)
    approve_organisation(organisation, actor=make_user(role))
    assert organisation.status is OrganisationStatus.APPROVED
    assert organisation.approved_at is not None
    assert db.session.scalar(select(AuditRecord.action)) == "organisation.approved"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF])
def test_members_and_staff_may_not_decide(make_user, make_organisation, role) -> None:
    organisation = make_organisation(status=PENDING)
    actor = make_user(role)
    with pytest.raises(PermissionDenied):
        approve_organisation(organisation, actor=actor)
    with pytest.raises(PermissionDenied):
        reject_organisation(organisation, "理由", actor=actor)
    assert organisation.status is PENDING


@pytest.mark.parametrize("status", [OrganisationStatus.APPROVED, OrganisationStatus.REJECTED])
def test_a_decided_organisation_cannot_be_decided_again(make_user, make_organisation, status) -> None:
    organisation = make_organisation(status=status)
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(Conflict):
        approve_organisation(organisation, actor=coordinator)
    with pytest.raises(Conflict):
        reject_organisation(organisation, "理由", actor=coordinator)


def test_rejection_needs_a_reason(make_user, make_organisation) -> None:
    with pytest.raises(InvalidInput):
        reject_organisation(make_organisation(status=PENDING), "  ", actor=make_user(Role.COORDINATOR))


def test_approval_through_the_ui_lets_the_member_sign_in(client, login, make_user, make_organisation) -> None:
    organisation = make_organisation(status=PENDING)
    member = make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "承認する" in page
    response = client.submit(f"/organisations/{organisation.id}/approve")
    assert response.status_code == 302
    assert organisation.status is OrganisationStatus.APPROVED
    client.submit("/logout")
    assert client.submit("/login", {"email": member.email, "password": PASSWORD}).status_code == 302


def test_rejection_through_the_ui_shows_the_reason(client, login, make_user, make_organisation) -> None:
    organisation = make_organisation(status=PENDING)
    login(make_user(Role.COORDINATOR))
    url = f"/organisations/{organisation.id}"
    assert client.submit(f"{url}/reject", {"reason": ""}).status_code == 400
    assert organisation.status is PENDING
    response = client.submit(f"{url}/reject", {"reason": "事業内容を確認できません"})
    assert response.status_code == 302
    assert "事業内容を確認できません" in client.get(url).get_data(as_text=True)


def test_deciding_twice_in_the_ui_is_a_409(client, login, make_user, make_organisation) -> None:
    organisation = make_organisation(status=OrganisationStatus.APPROVED)
    login(make_user(Role.COORDINATOR))
    response = client.submit(f"/organisations/{organisation.id}/approve")
    assert response.status_code == 409
    assert "既に終わっています" in response.get_data(as_text=True)


def test_pending_list_shows_pending_organisations_only(client, login, make_user, make_organisation) -> None:
    make_organisation(name="審査待ちの会社", status=PENDING)
    make_organisation(name="承認済みの会社")
    login(make_user(Role.COORDINATOR))
    page = client.get("/organisations/").get_data(as_text=True)
    assert "審査待ちの会社" in page
    assert "承認済みの会社" not in page
    assert "承認済みの会社" in client.get("/organisations/?status=approved").get_data(as_text=True)


def test_organisation_list_is_paginated(client, login, make_user, make_organisation) -> None:
    for n in range(25):
        make_organisation(name=f"会社{n:02d}", status=PENDING)
    login(make_user(Role.COORDINATOR))
    first = client.get("/organisations/").get_data(as_text=True)
    second = client.get("/organisations/?page=2&status=pending").get_data(as_text=True)
    assert "会社24" in first
    assert "会社00" not in first
    assert "会社00" in second
    assert 'aria-current="page">2<' in second


def test_a_member_sees_their_own_organisation_but_not_another(client, login, make_user, make_organisation) -> None:
    member = make_user(Role.MEMBER)
    other = make_organisation(name="他社")
    login(member)
    assert client.get(f"/organisations/{member.organisation_id}").status_code == 200
    assert client.get(f"/organisations/{other.id}").status_code == 403
    assert client.get("/organisations/99999").status_code == 404

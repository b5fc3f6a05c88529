"""Sign-in, sign-out and session replay (the throttle: test_throttle.py; the second factor: test_totp.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, OrganisationStatus, Role
from tests.conftest import PASSWORD, FormClient
from tests.helpers.totp import pass_second_step


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def sign_in(client: FormClient, email: str, password: str = PASSWORD, next_url: str = ""):
    return client.submit(f"/login{next_url}", {"email": email, "password": password})


def test_sign_in_leads_to_the_home_page_and_is_audited(client, make_user) -> None:
    user = make_user(Role.STAFF)
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"
    assert user.name in client.get("/me").get_data(as_text=True)
    assert actions() == ["auth.login"]
    assert user.last_login_at is not None


@pytest.mark.parametrize("email", ["staff-known", "nobody@example.jp"])
def test_wrong_password_or_unknown_email_get_the_same_answer(client, make_user, email) -> None:
    user = make_user(Role.STAFF)
    response = sign_in(client, user.email if email == "staff-known" else email, "Wrong-Password-123")
    assert response.status_code == 401
    assert "メールアドレスまたはパスワードが正しくありません" in response.get_data(as_text=True)
    assert actions() == ["auth.login_failed"]


def test_sign_out_ends_the_session_and_a_replayed_cookie_no_longer_works(client, make_user) -> None:
    sign_in(client, make_user(Role.STAFF).email)
    assert client.get("/me").status_code == 200
    stolen = client.get_cookie("session").value
    assert client.submit("/logout").status_code == 302
    assert client.get("/me").status_code == 302
    client.set_cookie("session", stolen)
    replay = client.get("/me")
    assert replay.status_code == 302
    assert "/login" in replay.headers["Location"]
    assert actions() == ["auth.login", "auth.logout"]


@pytest.mark.parametrize("status", [OrganisationStatus.PENDING, OrganisationStatus.REJECTED])
def test_members_of_undecided_or_rejected_organisations_cannot_sign_in(
    client, make_user, make_organisation, status
) -> None:
    user = make_user(Role.MEMBER, organisation=make_organisation(status=status))
    response = sign_in(client, user.email)
    assert response.status_code == 403
    assert actions() == ["auth.login_refused"]


def test_a_deactivated_account_cannot_sign_in(client, make_user) -> None:
    user = make_user(Role.STAFF)
    user.active = False
    db.session.commit()
    response = sign_in(client, user.email)
    assert response.status_code == 403
    assert "利用停止中" in response.get_data(as_text=True)


def test_deactivating_an_account_ends_its_open_sessions(client, make_user) -> None:
    user = make_user(Role.STAFF)
    sign_in(client, user.email)
    user.active = False
    db.session.commit()
    assert client.get("/me").status_code == 302


def test_an_outside_next_address_is_not_followed(client, make_user) -> None:
    user = make_user(Role.STAFF)
    response = sign_in(client, user.email, next_url="?next=//evil.example.com/x")
    assert response.headers["Location"] == "/home"


def test_a_local_next_address_is_followed_through_the_second_step(client, make_user) -> None:
    user = make_user(Role.COORDINATOR)
    response = sign_in(client, user.email, next_url="?next=/organisations/")
    assert response.headers["Location"] == "/login/code"
    response = pass_second_step(client, response, user.email)
    assert response.headers["Location"] == "/organisations/"

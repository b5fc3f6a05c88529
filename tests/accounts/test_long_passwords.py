"""A password manager's long password (73 to 128 characters) is accepted on every form
that sets one; zxcvbn, which scores at most 72, gave a 500 (review of #13, finding 1)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.accounts.passwords import MAX_LENGTH, password_problem, verify_password
from hackplat.accounts.tokens import reset_token
from hackplat.extensions import db
from hackplat.models import Role, User
from hackplat.organisations import colleagues
from tests.accounts.test_verification import FORM
from tests.conftest import PASSWORD

#: 128 characters, random-looking (a password manager's), and a weak one as long.
LONG = ("Vq8#mZ2!rT6$wK4&pL9@" * 7)[:MAX_LENGTH]
WEAK_LONG = "a" * MAX_LENGTH


def pair(password: str = LONG) -> dict[str, str]:
    return {"password": password, "password_confirm": password}


@pytest.mark.parametrize("length", [72, 73, 100, MAX_LENGTH])
def test_long_passwords_are_scored_not_refused_with_an_error(length: int) -> None:
    assert password_problem(LONG[:length]) is None
    assert password_problem(WEAK_LONG[:length]) is not None  # still scored: a long run of one letter is weak


def test_registration(client, smtp_sink) -> None:
    assert client.submit("/register", {**FORM, **pair()}).status_code == 302
    assert verify_password(db.session.scalar(select(User)).password_hash, LONG)


def test_join_request(client, make_user, smtp_sink) -> None:
    member = make_user(Role.MEMBER)
    member.organisation.corporate_number = "9234567890123"
    db.session.commit()
    data = {"corporate_number": "9234567890123", "contact_name": "参加 次郎", "email": "jiro@example.jp", **pair()}
    assert client.submit("/register/join", data).status_code == 302
    requester = db.session.scalar(select(User).where(User.email == "jiro@example.jp"))
    assert verify_password(requester.password_hash, LONG)


def test_invitation_acceptance(client, make_user, smtp_sink) -> None:
    member = make_user(Role.MEMBER)
    invitation = colleagues.invite(member.organisation, "hanako@example.jp", actor=member)
    db.session.commit()
    path = colleagues.invitation_path(invitation)
    assert client.submit(path, {"name": "招待 花子", **pair()}).status_code == 302
    invited = db.session.scalar(select(User).where(User.email == "hanako@example.jp"))
    assert verify_password(invited.password_hash, LONG)


def test_password_change(client, make_user, login) -> None:
    user = make_user(Role.MEMBER)
    login(user)
    data = {"current_password": PASSWORD, "new_password": LONG, "new_password_confirm": LONG}
    assert client.submit("/account/password", data).status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, LONG)


def test_reset_by_mail(client, make_user) -> None:
    user = make_user(Role.MEMBER)
    path = f"/password/reset/{reset_token(user)}"
    assert client.submit(path, pair()).status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, LONG)


def test_admin_temporary_password_and_new_user(client, make_user, login) -> None:
    target = make_user(Role.STAFF)
    login(make_user(Role.ADMIN))
    page = f"/admin/users/{target.id}"
    assert client.submit(f"{page}/password", {"password": LONG}).status_code == 302
    db.session.refresh(target)
    assert verify_password(target.password_hash, LONG)

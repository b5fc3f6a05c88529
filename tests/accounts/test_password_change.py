"""A signed-in person changes their password: the current one is required, the policy
applies, and every other session ends (the current one stays)."""

from __future__ import annotations

from sqlalchemy import func, select

from hackplat.accounts.passwords import verify_password
from hackplat.extensions import db
from hackplat.models import AuditRecord, LoginSession, Role
from tests.conftest import PASSWORD, FormClient

NEW = "Purple-Elephant-Sings-Quietly-7"


def change(client: FormClient, current: str = PASSWORD, new: str = NEW, confirm: str | None = None):
    data = {"current_password": current, "new_password": new, "new_password_confirm": confirm or new}
    return client.submit("/account/password", data)


def live_sessions(user_id: int) -> int:
    query = select(func.count()).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    return db.session.scalar(query)


def test_change_keeps_this_session_and_ends_the_others(app, client, make_user) -> None:
    user = make_user(Role.MEMBER)
    other_device = app.test_client()  # a FormClient too (the client fixture set the class)
    assert other_device.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert live_sessions(user.id) == 2

    response = change(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/me"
    assert client.get("/me").status_code == 200  # still signed in here
    assert other_device.get("/me").status_code == 302  # the other device was signed out
    assert live_sessions(user.id) == 1
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert user.password_changed_at is not None
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "auth.password_changed"))
    assert record.detail == {"sessions_ended": 1}


def test_a_wrong_current_password_is_refused_and_nothing_changes(client, make_user, login) -> None:
    user = make_user(Role.MEMBER)
    login(user)
    before = user.password_hash
    response = change(client, current="Not-The-Password-99")
    assert response.status_code == 400
    assert "現在のパスワードが正しくありません" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before


def test_the_policy_applies_and_the_same_password_is_refused(client, make_user, login) -> None:
    login(make_user(Role.STAFF))
    weak = change(client, new="password1234")
    assert weak.status_code == 400
    assert "推測されやすい" in weak.get_data(as_text=True)
    same = change(client, new=PASSWORD)
    assert same.status_code == 400
    assert "別のパスワード" in same.get_data(as_text=True)
    mismatch = change(client, confirm="Something-Else-Entirely-42")
    assert mismatch.status_code == 400
    assert "一致しません" in mismatch.get_data(as_text=True)


def test_signing_in_with_the_new_password_works_and_the_old_one_not(client, make_user, login) -> None:
    user = make_user(Role.MEMBER)
    login(user)
    assert change(client).status_code == 302
    client.submit("/logout", {})
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 401
    assert client.submit("/login", {"email": user.email, "password": NEW}).status_code == 302


def test_the_change_page_needs_a_sign_in(client) -> None:
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_guessing_the_current_password_is_throttled(client, make_user, login) -> None:
    user = make_user(Role.MEMBER)
    login(user)
    for _ in range(10):
        assert change(client, current="Not-The-Password-99").status_code == 400
    refused = change(client)  # even the right one, until the hour is over
    assert refused.status_code == 429
    assert "一時的に受け付けを停止" in refused.get_data(as_text=True)
    db.session.refresh(user)
    assert not verify_password(user.password_hash, NEW)

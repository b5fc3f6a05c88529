"""Reset by mail: the same answer for any address, a signed link that expires and works
once, every session ended, the account lock lifted; and an administrator's reset."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select

from hackplat.accounts.passwords import verify_password
from hackplat.accounts.tokens import reset_token
from hackplat.extensions import db
from hackplat.models import AuditRecord, LoginSession, Role, User, utcnow
from tests.accounts.mail_links import link_path, mails_to
from tests.conftest import PASSWORD

NEW = "Purple-Elephant-Sings-Quietly-7"


def new_password(client, path: str, password: str = NEW):
    return client.submit(path, {"password": password, "password_confirm": password})


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_known_and_unknown_addresses_get_the_same_answer(client, make_user, smtp_sink) -> None:
    user = make_user(Role.MEMBER)
    known = client.submit("/password/forgot", {"email": user.email})
    unknown = client.submit("/password/forgot", {"email": "nobody@example.jp"})
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert known.status_code == 302
    assert client.get(known.headers["Location"]).get_data(as_text=True) == client.get(
        unknown.headers["Location"]
    ).get_data(as_text=True)
    # one mail each: the link to the account's owner, a neutral one to the unknown address
    assert "/password/reset/" in link_path(mails_to(smtp_sink, user.email)[0])
    neutral = mails_to(smtp_sink, "nobody@example.jp")
    assert len(neutral) == 1
    assert link_path(neutral[0]) == "/register"
    assert "アカウントはありません" in neutral[0].get_content()


def test_the_link_sets_a_new_password_ends_every_session_and_works_once(app, client, make_user, smtp_sink) -> None:
    user = make_user(Role.MEMBER)
    signed_in = app.test_client()
    assert signed_in.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    client.submit("/password/forgot", {"email": user.email.upper()})
    path = link_path(mails_to(smtp_sink, user.email)[0])

    assert client.get(path).status_code == 200
    response = new_password(client, path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert signed_in.get("/me").status_code == 302  # signed out everywhere
    live = select(func.count()).where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
    assert db.session.scalar(live) == 0
    assert "auth.password_reset" in actions()

    again = client.get(path)  # used: the password it was made for is gone
    assert again.status_code == 400
    assert "既に使われています" in again.get_data(as_text=True)
    assert new_password(client, path, "Another-Fine-Password-88").status_code == 400
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)


def token_made_ago(user: User, ago: timedelta) -> str:
    """A reset token as if made ``ago`` (itsdangerous stamps it with time.time())."""
    with pytest.MonkeyPatch.context() as patch:
        stamp = int(time.time() - ago.total_seconds())
        patch.setattr(TimestampSigner, "get_timestamp", lambda _self: stamp)
        return reset_token(user)


def test_the_link_expires_after_the_setting(app, client, make_user) -> None:
    user = make_user(Role.MEMBER)
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    assert client.get(f"/password/reset/{token_made_ago(user, max_age + timedelta(minutes=1))}").status_code == 400
    assert client.get(f"/password/reset/{token_made_ago(user, max_age - timedelta(minutes=1))}").status_code == 200


@pytest.mark.parametrize("token", ["x", "abc.def.ghi", "%00", "a" * 300])
def test_a_forged_or_broken_token_is_refused(client, make_user, token) -> None:
    make_user(Role.MEMBER)
    assert client.get(f"/password/reset/{token}").status_code in {400, 404}


def test_a_verification_token_is_no_reset_token(client, make_user) -> None:
    from hackplat.accounts.tokens import verification_token

    user = make_user(Role.MEMBER)
    assert client.get(f"/password/reset/{verification_token(user)}").status_code == 400


def test_a_weak_new_password_is_refused_and_the_link_still_works(client, make_user) -> None:
    user = make_user(Role.MEMBER)
    path = f"/password/reset/{reset_token(user)}"
    response = new_password(client, path, "password1234")
    assert response.status_code == 400
    assert "推測されやすい" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_the_reset_lifts_the_lock_and_proves_the_address(client, make_user) -> None:
    user = make_user(Role.MEMBER)
    user.locked_at = utcnow()
    user.email_verified_at = None
    db.session.commit()
    assert new_password(client, f"/password/reset/{reset_token(user)}").status_code == 302
    db.session.refresh(user)
    assert user.locked_at is None
    assert user.email_verified_at is not None
    assert "user.unlocked" in actions()
    assert client.submit("/login", {"email": user.email, "password": NEW}).status_code == 302


def test_requests_for_one_address_are_throttled(app, client, make_user, smtp_sink) -> None:
    user = make_user(Role.MEMBER)
    limit = app.config["ACCOUNT_MAIL_PER_ADDRESS"]
    for _ in range(limit):
        assert client.submit("/password/forgot", {"email": user.email}).status_code == 302
    refused = client.submit("/password/forgot", {"email": user.email})
    assert refused.status_code == 429
    assert "一時的に受け付けを停止" in refused.get_data(as_text=True)
    assert user.email in refused.get_data(as_text=True)  # the typed address kept
    assert len(mails_to(smtp_sink, user.email)) == limit
    # the same for an address nobody has: the limit does not tell them apart
    for _ in range(limit):
        client.submit("/password/forgot", {"email": "nobody@example.jp"})
    assert client.submit("/password/forgot", {"email": "nobody@example.jp"}).status_code == 429


def test_requests_from_one_client_are_throttled(app, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_PER_CLIENT", 3)
    for n in range(3):
        assert client.submit("/password/forgot", {"email": f"someone{n}@example.jp"}).status_code == 302
    assert client.submit("/password/forgot", {"email": "another@example.jp"}).status_code == 429


# --- the administrator's reset ---------------------------------------------------------


def test_admin_sets_a_temporary_password_that_must_be_changed_first(app, client, make_user, login) -> None:
    target = make_user(Role.STAFF)
    device = app.test_client()
    assert device.submit("/login", {"email": target.email, "password": PASSWORD}).status_code == 302
    login(make_user(Role.ADMIN))
    temporary = "Temporary-Walrus-Dances-31"
    response = client.submit(f"/admin/users/{target.id}/password", {"password": temporary})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.must_change_password
    assert device.get("/me").status_code == 302  # the target's sessions ended
    assert "user.password_set_by_admin" in actions()

    person = app.test_client()
    assert person.submit("/login", {"email": target.email, "password": temporary}).status_code == 302
    page = person.get("/needs/")  # any page leads to the change first
    assert page.status_code == 302
    assert page.headers["Location"] == "/account/password"
    changed = person.submit(
        "/account/password",
        {"current_password": temporary, "new_password": NEW, "new_password_confirm": NEW},
    )
    assert changed.status_code == 302
    assert person.get("/needs/").status_code == 200
    db.session.refresh(target)
    assert not target.must_change_password


def test_admin_temporary_password_follows_the_policy(client, make_user, login) -> None:
    target = make_user(Role.STAFF)
    login(make_user(Role.ADMIN))
    response = client.submit(f"/admin/users/{target.id}/password", {"password": "short"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "12文字以上" in body
    assert re.search(r'<input[^>]*checked[^>]*name="active"', body), "the role form shows the stored values"
    db.session.refresh(target)
    assert not target.must_change_password


def test_admin_sends_the_reset_mail(client, make_user, login, smtp_sink) -> None:
    target = make_user(Role.MEMBER)
    login(make_user(Role.ADMIN))
    response = client.submit(f"/admin/users/{target.id}/reset-mail", {})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.must_change_password
    path = link_path(mails_to(smtp_sink, target.email)[0])
    client.submit("/logout", {})
    assert new_password(client, path).status_code == 302
    db.session.refresh(target)
    assert not target.must_change_password
    assert "user.password_reset_mail_sent" in actions()


def test_an_admin_cannot_reset_their_own_password_there(client, make_user, login) -> None:
    admin = make_user(Role.ADMIN)
    login(admin)
    response = client.submit(f"/admin/users/{admin.id}/password", {"password": NEW})
    assert response.status_code == 403
    db.session.refresh(admin)
    assert not admin.must_change_password
    assert db.session.scalar(select(User.must_change_password).where(User.id == admin.id)) is False


def test_two_uses_of_one_link_at_once_set_the_password_once(make_user) -> None:
    """Review of #13, finding 13: both requests pass the link's check; the second to
    write is refused (a conditional UPDATE on the hash the link was checked against)."""
    from sqlalchemy import update

    from hackplat.accounts.passwords import hash_password
    from hackplat.accounts.recovery import reset_password
    from hackplat.errors import Conflict

    user = make_user(Role.MEMBER)
    first = hash_password("First-Request-Wins-Phrase-12")
    with db.engine.begin() as connection:  # the other request sets its password first
        connection.execute(update(User).where(User.id == user.id).values(password_hash=first))
    with pytest.raises(Conflict):
        reset_password(user, NEW)  # this request still holds the user as its check saw it
    db.session.rollback()
    assert db.session.scalar(select(User.password_hash).where(User.id == user.id)) == first

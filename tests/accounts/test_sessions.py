"""Sessions (#13 item 5): the idle timeout, the signed-in devices page, ending sessions,
and deactivation revoking every session for good."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from hackplat.admin.services import set_active
from hackplat.extensions import db
from hackplat.models import AuditRecord, LoginSession, Role, utcnow
from tests.conftest import PASSWORD, FormClient

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def device(app, user, agent: str = CHROME_WINDOWS, ip: str = "198.51.100.1"):
    """A browser of its own, signed in as ``user``."""
    other = FormClient(app, app.response_class, use_cookies=True)
    other.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": ip})
    response = other.submit("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return other


def sessions_of(user) -> list[LoginSession]:
    return list(
        db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.id))
    )


def test_sign_in_records_the_device_and_when_it_was_last_seen(app, make_user) -> None:
    user = make_user(Role.STAFF)
    device(app, user, agent="X" * 500, ip="203.0.113.4")
    (row,) = sessions_of(user)
    assert row.user_agent == "X" * 200
    assert row.ip == "203.0.113.4"
    assert row.last_seen_at is not None


def test_an_idle_session_ends(app, make_user) -> None:
    user = make_user(Role.STAFF)
    browser = device(app, user)
    assert browser.get("/me").status_code == 200
    db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    db.session.commit()
    response = browser.get("/me")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert sessions_of(user)[0].revoked_at is not None


def test_the_idle_timeout_is_a_setting(app, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", timedelta(minutes=5))
    user = make_user(Role.STAFF)
    browser = device(app, user)
    db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=6)))
    db.session.commit()
    assert browser.get("/me").status_code == 302


def test_last_seen_is_written_at_most_about_once_a_minute(app, make_user) -> None:
    user = make_user(Role.STAFF)
    browser = device(app, user)
    first = sessions_of(user)[0].last_seen_at
    browser.get("/me")
    assert sessions_of(user)[0].last_seen_at == first  # a page view right after: no write
    two_minutes_ago = utcnow() - timedelta(minutes=2)
    db.session.execute(update(LoginSession).values(last_seen_at=two_minutes_ago))
    db.session.commit()
    browser.get("/me")
    assert sessions_of(user)[0].last_seen_at > two_minutes_ago + timedelta(minutes=1)


def test_the_devices_page_lists_the_live_sessions(app, make_user) -> None:
    user = make_user(Role.STAFF)
    phone = device(app, user, agent=SAFARI_IPHONE, ip="203.0.113.9")
    laptop = device(app, user)
    gone = device(app, user)
    gone.submit("/logout")
    page = laptop.get("/account/sessions").get_data(as_text=True)
    assert "Safari（iOS）" in page
    assert "203.0.113.9" in page
    assert page.count("Chrome（Windows）") == 1  # the signed-out one is not listed
    assert page.count("この端末") == 1
    assert "このサインインを終了" in page
    assert 'Chrome（Windows） <strong class="badge">この端末' in page
    assert phone.get("/me").status_code == 200


def test_ending_another_session_signs_that_device_out(app, make_user) -> None:
    user = make_user(Role.STAFF)
    phone = device(app, user, agent=SAFARI_IPHONE)
    laptop = device(app, user)
    phone_row = sessions_of(user)[0]
    response = laptop.submit(f"/account/sessions/{phone_row.id}/end")
    assert response.status_code == 302
    assert phone.get("/me").status_code == 302
    assert laptop.get("/me").status_code == 200
    assert actions()[-1] == "auth.session_ended"


def test_ones_own_session_or_someone_elses_cannot_be_ended_there(app, make_user) -> None:
    user, other = make_user(Role.STAFF), make_user(Role.STAFF)
    laptop = device(app, user)
    stranger = device(app, other)
    own, theirs = sessions_of(user)[0], sessions_of(other)[0]
    assert laptop.submit(f"/account/sessions/{theirs.id}/end").status_code == 404
    assert laptop.submit(f"/account/sessions/{own.id}/end").status_code == 404
    assert stranger.get("/me").status_code == 200
    assert laptop.get("/me").status_code == 200


def test_ending_all_other_sessions_keeps_this_one(app, make_user) -> None:
    user = make_user(Role.STAFF)
    others = [device(app, user) for _ in range(2)]
    laptop = device(app, user)
    response = laptop.submit("/account/sessions/end-others")
    assert response.status_code == 302
    assert [browser.get("/me").status_code for browser in others] == [302, 302]
    assert laptop.get("/me").status_code == 200
    record = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert record.action == "auth.other_sessions_ended"
    assert record.detail == {"count": 2}


def test_ending_sessions_needs_the_csrf_token(app, make_user) -> None:
    user = make_user(Role.STAFF)
    phone = device(app, user)
    laptop = device(app, user)
    row = sessions_of(user)[0]
    assert laptop.post(f"/account/sessions/{row.id}/end").status_code == 400
    assert laptop.post("/account/sessions/end-others").status_code == 400
    assert phone.get("/me").status_code == 200


def test_deactivation_revokes_every_session_for_good(app, make_user) -> None:
    """A cookie from before the deactivation stays worthless after re-activation."""
    admin, user = make_user(Role.ADMIN), make_user(Role.STAFF)
    browser = device(app, user)
    old_cookie = browser.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    set_active(user, False, actor=admin)
    db.session.commit()
    assert all(row.revoked_at is not None for row in sessions_of(user))
    set_active(user, True, actor=admin)
    db.session.commit()
    replay = FormClient(app, app.response_class, use_cookies=True)
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    response = replay.get("/me")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert device(app, user).get("/me").status_code == 200  # signing in again works

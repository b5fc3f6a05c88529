"""The TOTP second factor (#13 item 6): enrolment, the sign-in's second step, replay,
recovery codes, the throttle, turning it off, and coordinators and admins required to
have it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import select

from hackplat.accounts import recovery, totp
from hackplat.accounts.totp import STEP_SECONDS
from hackplat.extensions import db
from hackplat.models import AuditRecord, RecoveryCode, Role, utcnow
from tests.accounts.mail_links import mails_to
from tests.conftest import PASSWORD
from tests.helpers.totp import fresh_code, pass_second_step

SECRET_ON_PAGE = re.compile(r'id="totp-secret">([A-Z2-7]+)<')
RECOVERY_ON_PAGE = re.compile(r"<li><code>([0-9a-f]{4}(?:-[0-9a-f]{4}){4})</code></li>")  # 80 bits


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def code_at(secret: str, steps_from_now: int = 0) -> str:
    return pyotp.TOTP(secret).at(utcnow().timestamp() + steps_from_now * STEP_SECONDS)


def password_step(client, user, password: str = PASSWORD):
    return client.submit("/login", {"email": user.email, "password": password})


def enrol(client) -> tuple[str, list[str]]:
    """Read the secret on the enrolment page, confirm a code; the secret and the codes shown."""
    secret = SECRET_ON_PAGE.search(client.get("/account/totp").get_data(as_text=True)).group(1)
    response = client.submit("/account/totp", {"password": PASSWORD, "code": code_at(secret)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return secret, RECOVERY_ON_PAGE.findall(response.get_data(as_text=True))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_and_admins_without_totp_can_do_nothing_but_enrol(client, make_user, role) -> None:
    user = make_user(role, totp=False)
    response = password_step(client, user)
    assert response.status_code == 302
    for path in ("/me", "/organisations/", "/account/sessions"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/totp"
    page = client.get("/account/totp").get_data(as_text=True)
    assert "<svg" in page
    assert SECRET_ON_PAGE.search(page)
    secret, codes = enrol(client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert client.get("/me").status_code == 200
    db.session.refresh(user)
    assert user.totp_secret == secret
    assert user.totp_enabled_at is not None
    stored = list(db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)))
    assert len(stored) == 10
    assert not {code.replace("-", "") for code in codes} & set(stored)  # only hashes are kept
    assert "user.totp_enabled" in actions()


def test_the_secret_stays_the_same_until_confirmed_and_a_wrong_code_is_said_on_the_page(client, make_user) -> None:
    user = make_user(Role.COORDINATOR, totp=False)
    password_step(client, user)
    first = SECRET_ON_PAGE.search(client.get("/account/totp").get_data(as_text=True)).group(1)
    wrong = "000000" if code_at(first) != "000000" else "111111"
    response = client.submit("/account/totp", {"password": PASSWORD, "code": wrong})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "コードが一致しません" in page
    assert SECRET_ON_PAGE.search(page).group(1) == first
    db.session.refresh(user)
    assert user.totp_enabled_at is None


def test_recovery_codes_are_shown_once(client, make_user) -> None:
    password_step(client, make_user(Role.MEMBER))
    _secret, codes = enrol(client)
    page = client.get("/account/totp").get_data(as_text=True)
    assert "二段階認証は有効です" in page
    assert not any(code in page for code in codes)


def test_members_may_use_totp_but_are_not_forced_to(client, make_user) -> None:
    member = make_user(Role.MEMBER)
    password_step(client, member)
    assert client.get("/me").status_code == 200
    enrol(client)
    client.submit("/logout")
    assert password_step(client, member).headers["Location"] == "/login/code"


def test_the_password_alone_does_not_sign_a_totp_user_in(client, make_user) -> None:
    user = make_user(Role.COORDINATOR)
    response = password_step(client, user)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/me").status_code == 302
    assert "auth.login" not in actions()
    response = client.submit("/login/code", {"code": fresh_code(user.email)})
    assert response.headers["Location"] == "/home"
    assert client.get("/me").status_code == 200
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "auth.login")).one()
    assert record.detail == {"second_factor": "totp"}


def test_a_wrong_password_never_reaches_the_second_step(client, make_user) -> None:
    user = make_user(Role.COORDINATOR)
    assert password_step(client, user, "Wrong-Password-123").status_code == 401
    assert client.get("/login/code").headers["Location"] == "/login"


@pytest.mark.parametrize(("steps", "status"), [(-2, 401), (-1, 302), (1, 302), (2, 401)])
def test_one_step_either_side_is_accepted_but_not_two(client, make_user, monkeypatch, steps, status) -> None:
    user = make_user(Role.COORDINATOR)
    password_step(client, user)
    middle_of_a_step = datetime.fromtimestamp((utcnow().timestamp() // STEP_SECONDS) * STEP_SECONDS + 15, UTC)
    monkeypatch.setattr(totp, "utcnow", lambda: middle_of_a_step)  # the server's clock, held still
    code = pyotp.TOTP(user.totp_secret).at(middle_of_a_step.timestamp() + steps * STEP_SECONDS)
    assert client.submit("/login/code", {"code": code}).status_code == status


def test_a_code_works_once(app, client, make_user) -> None:
    user = make_user(Role.COORDINATOR)
    code = code_at(user.totp_secret, 1)
    password_step(client, user)
    assert client.submit("/login/code", {"code": code}).status_code == 302
    client.submit("/logout")
    password_step(client, user)
    response = client.submit("/login/code", {"code": code})
    assert response.status_code == 401
    assert "既に使われています" in response.get_data(as_text=True)
    earlier = code_at(user.totp_secret, 0)  # an older step than the one used: refused too
    assert client.submit("/login/code", {"code": earlier}).status_code == 401


def test_a_recovery_code_works_once_instead_of_a_code(client, make_user) -> None:
    user = make_user(Role.MEMBER)
    password_step(client, user)
    _secret, codes = enrol(client)
    client.submit("/logout")
    password_step(client, user)
    response = client.submit("/login/code", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert "残りは9個" in client.get("/me").get_data(as_text=True)
    client.submit("/logout")
    password_step(client, user)
    assert client.submit("/login/code", {"code": codes[3]}).status_code == 401


def test_wrong_codes_are_throttled_like_the_password(client, make_user) -> None:
    user = make_user(Role.COORDINATOR)
    password_step(client, user)
    for n in range(5):
        assert client.submit("/login/code", {"code": f"99999{n}"}).status_code == 401
    response = client.submit("/login/code", {"code": fresh_code(user.email)})
    assert response.status_code == 429
    assert "秒ほど待ってから" in response.get_data(as_text=True)
    assert client.get("/me").status_code == 302


def test_the_second_step_waits_five_minutes_at_most(client, make_user, monkeypatch) -> None:
    user = make_user(Role.COORDINATOR)
    password_step(client, user)
    import hackplat.accounts.account_views as views

    monkeypatch.setattr(views, "SECOND_STEP_SECONDS", -1)
    response = client.submit("/login/code", {"code": fresh_code(user.email)})
    assert response.headers["Location"] == "/login"
    assert client.get("/me").status_code == 302


def test_turning_totp_off_needs_a_code_never_the_password_and_the_owner_is_mailed(client, make_user, smtp_sink) -> None:
    user = make_user(Role.MEMBER)
    password_step(client, user)
    secret, _codes = enrol(client)
    assert [m["Subject"] for m in mails_to(smtp_sink, user.email)] == ["二段階認証が有効になりました"]
    response = client.submit("/account/totp/disable", {"proof": PASSWORD})  # the first factor alone
    assert response.status_code == 401
    assert "確認コードが正しくないか" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.totp_enabled_at is not None
    assert client.submit("/account/totp/disable", {"proof": code_at(secret, 1)}).status_code == 302
    db.session.refresh(user)
    assert user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode.id)) is None
    assert "user.totp_disabled" in actions()
    assert mails_to(smtp_sink, user.email)[-1]["Subject"] == "二段階認証が無効になりました"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_and_admins_cannot_turn_it_off(client, make_user, role) -> None:
    user = make_user(role)
    password_step(client, user)
    client.submit("/login/code", {"code": fresh_code(user.email)})
    assert "無効にはできません" in client.get("/account/totp").get_data(as_text=True)
    response = client.submit("/account/totp/disable", {"proof": fresh_code(user.email)})
    assert response.status_code == 403
    assert "管理者に二段階認証のリセットを依頼" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert totp.enabled(user)
    assert "auth.totp_disable_refused" in actions()


def test_enrolling_needs_the_current_password(client, make_user) -> None:
    """A session left open (or stolen) cannot put someone else's authenticator on the account."""
    user = make_user(Role.MEMBER)
    password_step(client, user)
    secret = SECRET_ON_PAGE.search(client.get("/account/totp").get_data(as_text=True)).group(1)
    assert client.submit("/account/totp", {"code": code_at(secret)}).status_code == 400
    response = client.submit("/account/totp", {"password": "Wrong-Password-123", "code": code_at(secret)})
    assert response.status_code == 401
    assert "現在のパスワードが正しくありません" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.totp_enabled_at is None
    assert "auth.totp_enrol_refused" in actions()


def test_the_secret_under_enrolment_is_kept_on_the_server_not_in_the_cookie(app, client, make_user) -> None:
    user = make_user(Role.MEMBER)
    password_step(client, user)
    secret = SECRET_ON_PAGE.search(client.get("/account/totp").get_data(as_text=True)).group(1)
    db.session.refresh(user)
    assert user.totp_secret == secret
    assert user.totp_enabled_at is None  # not on until a code confirms it
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    with app.test_request_context():
        stored = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert secret not in repr(stored)
    assert not totp.check_second_factor(user, code_at(secret))  # a pending secret signs nobody in


def test_recovery_codes_have_80_bits_and_are_stored_salted(client, make_user) -> None:
    user = make_user(Role.MEMBER)
    password_step(client, user)
    _secret, codes = enrol(client)
    assert all(len(code.replace("-", "")) == 20 for code in codes)
    stored = list(db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)))
    salts = {value.split("$")[0] for value in stored}
    assert len(salts) == len(stored)  # a random salt of each code's own
    assert all(len(value.split("$")[1]) == 64 for value in stored)
    assert totp.use_recovery_code(user, codes[0])
    assert not totp.use_recovery_code(user, codes[0])


def test_an_admin_resets_the_second_factor(app, client, make_user, smtp_sink) -> None:
    coordinator = make_user(Role.COORDINATOR)
    password_step(client, coordinator)
    client.submit("/login/code", {"code": fresh_code(coordinator.email)})
    assert client.get("/me").status_code == 200
    admin, admin_client = make_user(Role.ADMIN), app.test_client()
    pass_second_step(admin_client, password_step(admin_client, admin), admin.email)
    page = f"/admin/users/{coordinator.id}"
    assert "二要素認証をリセット" in admin_client.get(page).get_data(as_text=True)
    assert admin_client.submit(f"{page}/totp-reset").status_code == 302
    db.session.refresh(coordinator)
    assert coordinator.totp_secret is None
    assert coordinator.totp_enabled_at is None
    assert db.session.scalar(select(RecoveryCode.id).where(RecoveryCode.user_id == coordinator.id)) is None
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "user.totp_reset_by_admin")).one()
    assert record.actor_id == admin.id
    assert record.detail["sessions_ended"] == 1
    assert mails_to(smtp_sink, coordinator.email)[-1]["Subject"] == "二段階認証がリセットされました"
    assert client.get("/me").status_code == 302  # the session ended
    assert password_step(client, coordinator).headers["Location"] == "/home"  # no code asked any more
    assert client.get("/me").headers["Location"] == "/account/totp"  # enrols again before anything else


def test_an_account_deactivated_after_the_password_does_not_get_in_with_the_code(client, make_user) -> None:
    user = make_user(Role.COORDINATOR)
    password_step(client, user)
    user.active = False
    db.session.commit()
    response = client.submit("/login/code", {"code": fresh_code(user.email)})
    assert response.headers["Location"] == "/login"
    assert "auth.login" not in actions()


def test_the_second_step_ends_when_the_password_changes_meanwhile(client, make_user) -> None:
    """Finding 11: the owner resets a leaked password while someone waits at /login/code."""
    user = make_user(Role.COORDINATOR)
    password_step(client, user)
    recovery.reset_password(user, "A-brand-new-Walrus-Password-7")
    db.session.commit()
    response = client.submit("/login/code", {"code": fresh_code(user.email)})
    assert response.headers["Location"] == "/login"
    assert client.get("/me").status_code == 302
    assert "auth.login" not in actions()


def test_an_enrolled_accounts_secret_is_never_replaced_by_a_new_enrolment(make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)  # enrolled by the factory
    secret = coordinator.totp_secret
    with pytest.raises(ValueError, match="already set up"):
        totp.pending_secret(coordinator)
    assert coordinator.totp_secret == secret

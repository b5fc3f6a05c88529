"""The sign-in throttle (#13 item 7): atomic counters per key, growing delays per account
and client pair, a per-client ceiling, an account lock lifted by the reset mail."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hackplat import create_app
from hackplat.accounts import services, throttle
from hackplat.accounts.services import sign_in as sign_in_service
from hackplat.extensions import db
from hackplat.models import AuditRecord, Role, ThrottleCounter, User, utcnow
from tests.accounts.mail_links import link_path, mails_to
from tests.conftest import PASSWORD, FormClient

WRONG = "Wrong-Password-123"
GROWING = throttle.Limit(free=5, window=timedelta(days=1), growing=True)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def sign_in(client: FormClient, email: str, password: str = PASSWORD, ip: str = "198.51.100.1"):
    client.environ_base["REMOTE_ADDR"] = ip
    return client.submit("/login", {"email": email, "password": password})


def unblock(key: str) -> None:
    """As if the wait were over."""
    db.session.execute(
        update(ThrottleCounter).where(ThrottleCounter.key == key).values(blocked_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def test_five_free_tries_then_waits_that_double() -> None:
    verdicts = [throttle.take("k", GROWING) for _ in range(6)]
    assert [v.allowed for v in verdicts] == [True] * 5 + [False]
    assert [v.count for v in verdicts[:5]] == [1, 2, 3, 4, 5]
    assert timedelta(0) < verdicts[5].retry_after <= timedelta(seconds=2)
    unblock("k")
    assert throttle.take("k", GROWING).allowed  # the 6th try, after its wait
    refused = throttle.take("k", GROWING)
    assert not refused.allowed
    assert timedelta(seconds=2) < refused.retry_after <= timedelta(seconds=4)


def test_the_wait_never_exceeds_fifteen_minutes() -> None:
    for _ in range(30):
        throttle.take("k", GROWING)
        unblock("k")
    throttle.take("k", GROWING)
    assert throttle.take("k", GROWING).retry_after <= timedelta(minutes=15)


def test_a_ceiling_refuses_until_its_window_ends() -> None:
    ceiling = throttle.Limit(free=3, window=timedelta(hours=1))
    assert [throttle.take("c", ceiling).allowed for _ in range(4)] == [True, True, True, False]
    refused = throttle.take("c", ceiling)
    assert timedelta(minutes=59) < refused.retry_after <= timedelta(hours=1)
    db.session.execute(update(ThrottleCounter).values(window_started_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    assert throttle.take("c", ceiling) == throttle.Verdict(True, 1)


def test_parallel_tries_are_counted_one_by_one(app) -> None:
    """16 threads, each with its own connection, against 5 free tries: exactly 5 pass."""
    barrier = threading.Barrier(16)
    allowed: list[bool] = []

    def one_try() -> None:
        with app.app_context():
            barrier.wait()
            allowed.append(throttle.take("race", GROWING).allowed)
            db.session.remove()

    threads = [threading.Thread(target=one_try) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False] * 11 + [True] * 5


def test_sixteen_parallel_sign_ins_evaluate_at_most_five_passwords(app, make_user, monkeypatch) -> None:
    email = make_user(Role.STAFF).email  # read here: the threads must not load from the test's session
    evaluated = []
    real_verify = services.verify_password

    def counting_verify(known: str, password: str) -> bool:
        evaluated.append(password)
        return real_verify(known, password)

    monkeypatch.setattr(services, "verify_password", counting_verify)
    barrier = threading.Barrier(16)
    statuses: list[int] = []

    def one_try() -> None:
        with app.test_request_context("/login", method="POST", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
            barrier.wait()
            statuses.append(sign_in_service(email, WRONG).status)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=one_try) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(evaluated) == 5
    assert sorted(statuses) == [401] * 5 + [429] * 11


def test_after_five_failures_even_the_right_password_waits_and_is_told_how_long(client, make_user) -> None:
    user = make_user(Role.STAFF)
    for _ in range(5):
        assert sign_in(client, user.email, WRONG).status_code == 401
    response = sign_in(client, user.email)
    assert response.status_code == 429
    assert "2秒ほど待ってから" in response.get_data(as_text=True)
    assert actions()[-1] == "auth.login_throttled"


def test_an_attacker_cannot_lock_the_owner_out(client, app, make_user) -> None:
    """The attacker's failures hold back the attacker's own client, not the owner's."""
    victim = make_user(Role.STAFF)
    for _ in range(6):
        sign_in(client, victim.email, WRONG, ip="203.0.113.66")
    assert sign_in(client, victim.email, ip="203.0.113.66").status_code == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.20"
    assert owner.submit("/login", {"email": victim.email, "password": PASSWORD}).status_code == 302


def test_a_success_starts_the_pair_again(client, make_user) -> None:
    user = make_user(Role.STAFF)
    for _ in range(4):
        sign_in(client, user.email, WRONG)
    assert sign_in(client, user.email).status_code == 302
    client.submit("/logout")
    for _ in range(5):
        assert sign_in(client, user.email, WRONG).status_code == 401


def test_one_client_has_a_ceiling_over_all_accounts(app, client, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LOGIN_CLIENT_CEILING", 3)
    victim = make_user(Role.STAFF)
    for n in range(3):
        assert sign_in(client, f"guess{n}@example.jp", WRONG, ip="203.0.113.5").status_code == 401
    response = sign_in(client, victim.email, ip="203.0.113.5")
    assert response.status_code == 429
    assert "この接続元からのサインインの失敗が多いため" in response.get_data(as_text=True)
    assert sign_in(client, victim.email, ip="198.51.100.3").status_code == 302


def test_successes_behind_one_address_do_not_use_up_its_ceiling(app, client, make_user, monkeypatch) -> None:
    """A city office's NAT: many people signing in rightly from one address."""
    monkeypatch.setitem(app.config, "LOGIN_CLIENT_CEILING", 3)
    for _ in range(5):
        person = make_user(Role.STAFF)
        assert sign_in(client, person.email, ip="203.0.113.80").status_code == 302
        client.submit("/logout")


def test_many_failures_from_many_clients_lock_the_account_until_the_owner_unlocks_it(
    app, client, make_user, monkeypatch, smtp_sink
) -> None:
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LOCK_AFTER", 3)
    user = make_user(Role.STAFF)
    for n in range(4):
        assert sign_in(client, user.email, WRONG, ip=f"203.0.113.{n + 10}").status_code == 401
    db.session.refresh(user)
    assert user.locked_at is not None
    assert actions().count("auth.account_locked") == 1
    mails = mails_to(smtp_sink, user.email)  # once, with the reset link, although the answers were 401
    assert [mail["Subject"] for mail in mails] == ["アカウントがロックされました"]
    assert link_path(mails[0]).startswith("/password/reset/")
    response = sign_in(client, user.email, ip="198.51.100.99")  # right password, fresh client
    assert response.status_code == 403
    assert "パスワード再設定のメールでロックを解除できます" in response.get_data(as_text=True)
    throttle.unlock_account(user)  # what the reset link does
    db.session.commit()
    assert user.locked_at is None
    assert sign_in(client, user.email, ip="198.51.100.99").status_code == 302


def test_a_lock_tells_nothing_before_the_right_password(app, client, make_user, monkeypatch) -> None:
    """Finding 2: a locked known address and an unknown one answer alike to a wrong password."""
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LOCK_AFTER", 3)
    known = make_user(Role.ADMIN)
    answers = {}
    for email in (known.email, "nobody@example.jp"):
        for n in range(5):
            response = sign_in(client, email, WRONG, ip=f"203.0.113.{n + 40}")
        answers[email] = (response.status_code, response.get_data(as_text=True).count("ロック"))
    db.session.refresh(known)
    assert known.locked_at is not None
    assert answers[known.email] == answers["nobody@example.jp"] == (401, 0)


def test_a_lock_ends_with_its_window(app, client, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LOCK_AFTER", 2)
    user = make_user(Role.STAFF)
    for n in range(2):
        sign_in(client, user.email, WRONG, ip=f"203.0.113.{n + 60}")
    assert sign_in(client, user.email, ip="198.51.100.61").status_code == 403
    db.session.execute(update(User).where(User.id == user.id).values(locked_at=utcnow() - timedelta(minutes=61)))
    db.session.commit()
    assert sign_in(client, user.email, ip="198.51.100.61").status_code == 302


def test_ipv6_clients_are_counted_per_64(app, client, make_user, monkeypatch) -> None:
    """Every address of one /64 is the same client: no fresh budget per /128."""
    monkeypatch.setitem(app.config, "LOGIN_CLIENT_CEILING", 3)
    victim = make_user(Role.STAFF)
    for n in range(3):
        assert sign_in(client, f"guess{n}@example.jp", WRONG, ip=f"2001:db8::{n + 1:x}").status_code == 401
    assert sign_in(client, victim.email, ip="2001:db8::ffff:1").status_code == 429
    assert sign_in(client, victim.email, ip="2001:db8:0:1::1").status_code == 302  # another /64
    assert throttle.client_key("2001:db8::1") == throttle.client_key("2001:db8::abcd:1") == "2001:db8::/64"
    assert throttle.client_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert throttle.client_key("203.0.113.9") == "203.0.113.9"


def test_the_mail_request_counter_counts_ipv6_per_64(app, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_PER_CLIENT", 2)
    for n in range(3):
        client.environ_base["REMOTE_ADDR"] = f"2001:db8::{n + 1:x}"
        response = client.submit("/password/forgot", {"email": f"someone{n}@example.jp"})
    assert response.status_code == 429


def test_an_admin_unlocks_an_account_without_setting_a_password(app, client, login, make_user, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LOCK_AFTER", 2)
    user = make_user(Role.STAFF)
    for n in range(2):
        sign_in(client, user.email, WRONG, ip=f"203.0.113.{n + 80}")
    admin = make_user(Role.ADMIN)
    client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    login(admin)
    page = f"/admin/users/{user.id}"
    assert "ロックを解除する" in client.get(page).get_data(as_text=True)
    assert client.submit(f"{page}/unlock").status_code == 302
    db.session.refresh(user)
    assert user.locked_at is None
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "user.unlocked")).one()
    assert record.actor_id == admin.id
    assert "ロックを解除する" not in client.get(page).get_data(as_text=True)


def test_the_throttle_holds_across_workers(app, client, make_user, database_url) -> None:
    """Another process (a second app on the same database) sees the same counters. The
    second app is built first: building it takes seconds on a busy machine, longer than
    the first delay after the fifth failure (2 s), which would then be over."""
    other_worker = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    other_worker.test_client_class = FormClient
    user = make_user(Role.STAFF)
    for _ in range(5):
        sign_in(client, user.email, WRONG, ip="127.0.0.1")
    with other_worker.app_context():
        response = other_worker.test_client().submit("/login", {"email": user.email, "password": PASSWORD})
        db.engine.dispose()
    assert response.status_code == 429


def test_old_counts_start_again_and_old_rows_are_removed(client, make_user) -> None:
    user = make_user(Role.STAFF)
    for _ in range(6):
        sign_in(client, user.email, WRONG)
    db.session.execute(update(ThrottleCounter).values(window_started_at=utcnow() - timedelta(days=1, minutes=1)))
    db.session.commit()
    assert sign_in(client, user.email).status_code == 302
    db.session.execute(update(ThrottleCounter).values(updated_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    assert throttle.purge_expired() > 0
    assert db.session.scalar(select(ThrottleCounter.key)) is None


@pytest.mark.parametrize(("seconds", "text"), [(1.2, "2秒"), (59, "59秒"), (61, "2分"), (900, "15分")])
def test_the_wait_is_said_in_seconds_or_minutes(seconds, text) -> None:
    assert throttle.wait_text(timedelta(seconds=seconds)) == text


def test_unknown_addresses_lock_nothing(app, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LOCK_AFTER", 2)
    for n in range(3):
        sign_in(client, "nobody@example.jp", WRONG, ip=f"203.0.113.{n + 30}")
    assert db.session.scalar(select(User.id)) is None
    assert "auth.account_locked" not in actions()

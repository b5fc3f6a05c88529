"""Throttling of failed attempts (sign-in, second factor, registration), in the database.

Each key (an account and client pair, a client, an account ...) is one row of
``throttle_counters``. A try is *taken* before the secret is evaluated, by one atomic
statement that both checks and counts: ``INSERT … ON CONFLICT (key) DO UPDATE … WHERE
<not blocked> RETURNING failures`` (SQLite ≥ 3.35 and PostgreSQL). A refused try gets no
row back. So 16 parallel tries against 5 free ones evaluate at most 5: each one's count is
decided by the database, not by a read that others may pass before a write (the old
audit-count throttle's race). A success then clears the key (or gives its try back).

``take`` runs in a short transaction of its own, committed at once: what was taken stays
taken whatever the request does next, and no row lock is held while a password hash is
computed. Call it before the request writes anything (on SQLite the request's own open
write would make it wait). ``clear`` and ``give_back`` run in the request's transaction.

The counters live in the database so that they hold across gunicorn workers and hosts
without another server. Old rows are removed by an hourly job (``purge_expired``).
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Table, case, delete, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from hackplat import audit
from hackplat.accounts import mail as account_mail  # the module: it imports this one's jobs
from hackplat.accounts.tokens import reset_token
from hackplat.audit import client_ip
from hackplat.extensions import db
from hackplat.models import ThrottleCounter, User, utcnow
from hackplat.notifications.services import NOTIFICATION_LOCALE

TABLE: Table = ThrottleCounter.__table__  # type: ignore[assignment]
#: Rows untouched this long are removed (longer than every window below).
KEEP_FOR = timedelta(days=2)


@dataclass(frozen=True)
class Limit:
    """How many tries a key gets.

    ``free`` tries at once; then, if ``growing``, each further try only after a delay that
    doubles (2 s, 4 s, 8 s … up to ``max_delay``); if not ``growing``, none until the
    window ends. The count starts again ``window`` after the key's first try.
    """

    free: int
    window: timedelta
    growing: bool = False
    max_delay: timedelta = timedelta(minutes=15)

    def delay_after(self, count: int) -> timedelta | None:
        """The wait after the ``count``-th try (growing limits only)."""
        if not self.growing or count < self.free:
            return None
        return min(timedelta(seconds=2 ** (count - self.free + 1)), self.max_delay)

    def steps_to_max(self) -> int:
        return math.ceil(math.log2(max(self.max_delay.total_seconds(), 2)))


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int = 0
    retry_after: timedelta | None = None


def _insert(dialect: str) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_update`` (PostgreSQL, SQLite)."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(TABLE)


def _at(value: datetime | None) -> ColumnElement[datetime | None]:
    return literal(value, type_=TABLE.c.blocked_until.type)


def _blocked_until(limit: Limit, count: ColumnElement[int], now: datetime) -> ColumnElement[datetime | None]:
    """``blocked_until`` after the try that makes ``count``: one CASE branch per doubling."""
    if not limit.growing:
        return _at(None)
    whens = [(count < limit.free, _at(None))]
    for step in range(limit.steps_to_max()):
        delay = limit.delay_after(limit.free + step)
        assert delay is not None
        whens.append((count == limit.free + step, _at(now + delay)))
    return case(*whens, else_=_at(now + limit.max_delay))


def take(key: str, limit: Limit) -> Verdict:
    """Count one try of ``key`` if it is allowed now; refused tries are not counted."""
    now = utcnow()
    columns = TABLE.c
    stale = columns.window_started_at <= now - limit.window
    count = columns.failures + 1
    first_delay = limit.delay_after(1)
    first_until = now + first_delay if first_delay else None
    open_now = or_(columns.blocked_until.is_(None), columns.blocked_until <= now)
    if not limit.growing:
        open_now = open_now & (columns.failures < limit.free)
    with db.engine.begin() as connection:
        statement = _insert(connection.dialect.name).values(
            key=key, failures=1, window_started_at=now, updated_at=now, blocked_until=first_until
        )
        statement = statement.on_conflict_do_update(
            index_elements=[columns.key],
            set_={
                "failures": case((stale, 1), else_=count),
                "window_started_at": case((stale, now), else_=columns.window_started_at),
                "blocked_until": case((stale, _at(first_until)), else_=_blocked_until(limit, count, now)),
                "updated_at": now,
            },
            where=or_(stale, open_now),
        ).returning(columns.failures)
        taken = connection.execute(statement).scalar()
        if taken is not None:
            return Verdict(True, taken)
        row = connection.execute(
            select(columns.failures, columns.window_started_at, columns.blocked_until).where(columns.key == key)
        ).one()
    return Verdict(False, row.failures, _wait(limit, row.window_started_at, row.blocked_until, now))


def _wait(limit: Limit, started: datetime, blocked_until: datetime | None, now: datetime) -> timedelta:
    until = blocked_until if limit.growing and blocked_until else started + limit.window
    return max(until - now, timedelta(seconds=1))


def clear(key: str) -> None:
    """Forget ``key``'s tries (a success on an account and client pair); in the request's
    transaction, which commits it with the success."""
    db.session.execute(delete(TABLE).where(TABLE.c.key == key))


def give_back(key: str) -> None:
    """Un-count one try of ``key`` (a success that must not count against a shared key);
    in the request's transaction."""
    db.session.execute(
        TABLE.update().where(TABLE.c.key == key, TABLE.c.failures > 0).values(failures=TABLE.c.failures - 1)
    )


def purge_expired() -> int:
    """Remove the rows nobody touched for a while; how many."""
    with db.engine.begin() as connection:
        return connection.execute(delete(TABLE).where(TABLE.c.updated_at < utcnow() - KEEP_FOR)).rowcount


def wait_text(wait: timedelta) -> str:
    """「N秒」/「N分」 for a 429 message."""
    seconds = math.ceil(wait.total_seconds())
    if seconds < 60:
        return _("%(n)d秒", n=seconds)
    return _("%(n)d分", n=math.ceil(seconds / 60))


# -- Sign-in -------------------------------------------------------------------------


def client_key(address: str | None = None) -> str:
    """The client a count belongs to: its IPv4 address, or its IPv6 /64 (one subscriber
    usually has a whole /64, so each of its addresses must not get a budget of its own)."""
    address = address if address is not None else client_ip()
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _client() -> str:
    return client_key()


def _pair_key(email: str) -> str:
    return f"login:{email}|{_client()}"


def _limits() -> tuple[Limit, Limit, Limit]:
    """The account and client pair's growing delays, the client's ceiling and the account's lock."""
    config = current_app.config
    pair = Limit(free=config["LOGIN_FREE_TRIES"], window=timedelta(days=1), growing=True)
    client = Limit(free=config["LOGIN_CLIENT_CEILING"], window=timedelta(hours=1))
    account = Limit(free=config["LOGIN_ACCOUNT_LOCK_AFTER"], window=timedelta(hours=1))
    return pair, client, account


def sign_in_refusal(email: str) -> str | None:
    """Take a try for this client and for this account from this client; the 429 message
    if either is used up. One client's failures never hold back the owner on another."""
    pair, client, _account = _limits()
    client_key = f"login-client:{_client()}"
    verdict = take(client_key, client)
    if not verdict.allowed:
        return _(
            "この接続元からのサインインの失敗が多いため、受け付けを停止しています。%(wait)sほど待ってからもう一度お試しください。",
            wait=wait_text(verdict.retry_after or client.window),
        )
    verdict = take(_pair_key(email), pair)
    if not verdict.allowed:
        give_back(client_key)  # not evaluated: not a failure of this client
        return _(
            "サインインの失敗が続いたため、一時的に受け付けを停止しています。%(wait)sほど待ってからもう一度お試しください。",
            wait=wait_text(verdict.retry_after or pair.max_delay),
        )
    return None


def is_locked(user: User) -> bool:
    """Locked by many failures within the account's window; the lock ends with the window
    (so that nobody can keep an account shut for good), by the reset mail or by an admin."""
    if user.locked_at is None:
        return False
    return user.locked_at > utcnow() - _limits()[2].window


def lock_left(user: User) -> timedelta:
    """How long the lock lasts yet (at least a second)."""
    until = (user.locked_at or utcnow()) + _limits()[2].window
    return max(until - utcnow(), timedelta(seconds=1))


def sign_in_failed(email: str, user: User | None) -> None:
    """Count a failure against the account from any client (unknown addresses alike); many
    lock it (``locked_at``) and mail its owner once, with the reset link."""
    _pair, _client_limit, account = _limits()
    verdict = take(f"login-account:{email}", account)
    if user is not None and not is_locked(user) and (not verdict.allowed or verdict.count >= account.free):
        user.locked_at = utcnow()
        audit.record("auth.account_locked", "user", user.id, actor=None, detail={"failures": verdict.count})
        _tell_owner_locked(user, account.window)


def _tell_owner_locked(user: User, window: timedelta) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("アカウントがロックされました")
        body = _(
            "%(name)s 様\n\nサインインの失敗が続いたため、アカウントを一時的にロックしました。"
            "ロックは%(minutes)d分後に自動で解除されます。心当たりがない場合は、次のリンクからパスワードを"
            "再設定してください（ロックもすぐに解除されます）。",
            name=user.name,
            minutes=int(window.total_seconds() // 60),
        )
    link = url_for("recovery.reset", token=reset_token(user))
    account_mail.queue_account_mail(user.email, subject, body, link_path=link, even_if_refused=True)


def sign_in_succeeded(email: str) -> None:
    """The right password: this pair starts again, and the try does not count against the client."""
    clear(_pair_key(email))
    give_back(f"login-client:{_client()}")


def unlock_account(user: User, *, actor: User | None = None) -> None:
    """Lift the lock (the owner proved the address with the reset mail, or an admin); the
    account's count starts again. Audited when a lock was lifted."""
    if user.locked_at is not None:
        user.locked_at = None
        audit.record("user.unlocked", "user", user.id, actor=actor)
    clear(f"login-account:{user.email}")

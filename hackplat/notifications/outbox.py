"""Delivering the outbox, one message at a time, in the job queue's consumer.

A web request never talks to SMTP: once it has answered successfully (its transaction
committed), it enqueues the ids of the notifications it created (``init_outbox``); the
consumer's ``deliver_notifications`` task and the periodic sweep hand each message over
in transactions of its own:

1. claim: ``UPDATE ... SET delivery='sending' WHERE id=? AND <claimable>``, committed; of
   two consumers (or a task run twice) only the one whose UPDATE changed the row goes on,
   so a message is never sent twice. The claim is a lease: a consumer killed while
   sending leaves the row claimable again at ``next_attempt_at``.
2. build and send; record ``sent`` (or ``logged`` without ``MAIL_SERVER``), or the error:
   a message that cannot be built is given up at once, an SMTP failure is retried with
   exponential backoff until ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from typing import Any, cast

from flask import Flask, current_app, g
from sqlalchemy import ColumnElement, CursorResult, and_, func, inspect, or_, select, update
from werkzeug.wrappers import Response

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Notification, utcnow
from hackplat.notifications import mail
from hackplat.notifications.services import NEW_NOTIFICATIONS

MAX_ATTEMPTS = 8
LONGEST_RETRY = timedelta(hours=2)
LEASE = timedelta(minutes=10)
RETRIED = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


def retry_delay(attempts: int) -> timedelta:
    """MAIL_RETRY_BASE_SECONDS after the first failed attempt (2 minutes), doubled after
    each further one, at most two hours."""
    first = timedelta(seconds=current_app.config["MAIL_RETRY_BASE_SECONDS"])
    return min(first * 2 ** (attempts - 1), LONGEST_RETRY)


def _claimable(now: datetime) -> ColumnElement[bool]:
    due = or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now)
    # A lease runs out when its sender died mid-send: taken again, within the same attempt
    # limit as a refused message (a message that kills its sender is not retried forever).
    lease_over = and_(
        Notification.delivery == DeliveryStatus.SENDING,
        Notification.next_attempt_at <= now,
        Notification.attempts < MAX_ATTEMPTS,
    )
    return or_(and_(Notification.delivery.in_(RETRIED), due), lease_over)


def claim(notification_id: int, now: datetime) -> bool:
    """Mark the message as being sent by this process; False if it is not due or another has it."""
    statement = (
        update(Notification)
        .where(Notification.id == notification_id, _claimable(now))
        .values(delivery=DeliveryStatus.SENDING, next_attempt_at=now + LEASE, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE's result is a CursorResult (it has the rowcount); Session.execute says Result.
    claimed = cast("CursorResult[Any]", db.session.execute(statement)).rowcount == 1
    db.session.commit()
    return claimed


def _hand_over(notification: Notification) -> DeliveryStatus:
    message = mail.build_message(notification)
    if not current_app.config.get("MAIL_SERVER"):
        current_app.logger.info("notification to %s: %s", message["To"], message["Subject"])
        return DeliveryStatus.LOGGED
    mail.send(message)
    return DeliveryStatus.SENT


def _failed(notification: Notification, error: Exception, *, permanent: bool, now: datetime) -> None:
    current_app.logger.warning("mail %s to %s failed: %s", notification.id, notification.user.email, error)
    notification.error = f"{type(error).__name__}: {error}"[:2000]
    if permanent or notification.attempts >= MAX_ATTEMPTS:
        notification.delivery, notification.next_attempt_at = DeliveryStatus.GIVEN_UP, None
    else:
        notification.delivery = DeliveryStatus.FAILED
        notification.next_attempt_at = now + retry_delay(notification.attempts)


def deliver_one(notification_id: int, now: datetime | None = None) -> DeliveryStatus | None:
    """Hand one message over if it is due and nobody else has it; its outcome, else None."""
    now = now or utcnow()
    if not claim(notification_id, now):
        return None
    notification = db.session.get_one(Notification, notification_id)
    try:
        notification.delivery = _hand_over(notification)
    except (OSError, smtplib.SMTPException) as error:
        _failed(notification, error, permanent=False, now=now)
    except (ValueError, TypeError, LookupError) as error:  # the message cannot be built
        _failed(notification, error, permanent=True, now=now)
    else:
        notification.delivered_at, notification.next_attempt_at, notification.error = utcnow(), None, None
    outcome = notification.delivery
    db.session.commit()
    return outcome


def next_attempt(ids: list[int]) -> datetime:
    """When every one of these messages is due again (the latest of their next attempts)."""
    query = select(func.max(Notification.next_attempt_at)).where(Notification.id.in_(ids))
    return db.session.scalar(query) or utcnow()


def due_ids(now: datetime, limit: int = 500) -> list[int]:
    query = select(Notification.id).where(_claimable(now)).order_by(Notification.id).limit(limit)
    return list(db.session.scalars(query))


def deliver_due(now: datetime | None = None, limit: int = 500) -> int:
    """Hand over every message that is due (the periodic sweep); how many were handled."""
    now = now or utcnow()
    return sum(deliver_one(notification_id, now) is not None for notification_id in due_ids(now, limit))


def _enqueue_after_request(response: Response) -> Response:
    created: list[Notification] = g.pop(NEW_NOTIFICATIONS, [])
    ids = [state.identity[0] for state in map(inspect, created) if state.persistent and state.identity]
    if ids and response.status_code < 400:
        from hackplat.notifications.jobs import deliver_notifications

        try:
            deliver_notifications(ids)
        except Exception:  # the queue being away must never spoil the answer: the sweep retries
            current_app.logger.exception("could not enqueue the delivery of notifications %s", ids)
    return response


def init_outbox(app: Flask) -> None:
    app.after_request(_enqueue_after_request)

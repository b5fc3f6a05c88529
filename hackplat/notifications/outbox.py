"""Delivering the outbox: by SMTP when ``MAIL_SERVER`` is configured, otherwise only to
the log. Delivery runs after the request's commit (so a rolled-back action sends
nothing) and again from ``flask --app hackplat outbox send`` for retries."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import Flask, current_app, g
from sqlalchemy import select
from werkzeug.wrappers import Response

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Notification, utcnow

MAX_ATTEMPTS = 5


def _message(notification: Notification, sender: str, base_url: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = notification.subject
    message["From"] = sender
    message["To"] = notification.user.email
    link = f"\n\n{base_url.rstrip('/')}{notification.link}" if notification.link else ""
    message.set_content(f"{notification.body}{link}\n")
    return message


def deliver_pending(limit: int = 100) -> int:
    """Deliver what is pending (or failed, up to MAX_ATTEMPTS); returns how many were handled."""
    config = current_app.config
    pending = db.session.scalars(
        select(Notification)
        .where(Notification.delivery.in_([DeliveryStatus.PENDING, DeliveryStatus.FAILED]))
        .where(Notification.attempts < MAX_ATTEMPTS)
        .order_by(Notification.id)
        .limit(limit)
    ).all()
    server = config.get("MAIL_SERVER")
    for notification in pending:
        notification.attempts += 1
        if not server:
            current_app.logger.info("notification to %s: %s", notification.user.email, notification.subject)
            notification.delivery = DeliveryStatus.LOGGED
            notification.delivered_at = utcnow()
            continue
        try:
            with smtplib.SMTP(server, int(config.get("MAIL_PORT", 25)), timeout=10) as smtp:
                smtp.send_message(_message(notification, config["MAIL_SENDER"], config["PUBLIC_BASE_URL"]))
        except (OSError, smtplib.SMTPException) as error:
            current_app.logger.warning("mail to %s failed: %s", notification.user.email, error)
            notification.delivery = DeliveryStatus.FAILED
        else:
            notification.delivery = DeliveryStatus.SENT
            notification.delivered_at = utcnow()
    db.session.commit()
    return len(pending)


def _deliver_after_request(response: Response) -> Response:
    if g.pop("outbox_has_mail", False) and response.status_code < 400:
        try:
            deliver_pending()
        except Exception:  # delivery must never spoil the answer
            db.session.rollback()
            current_app.logger.exception("outbox delivery failed; `flask outbox send` retries")
    return response


def init_outbox(app: Flask) -> None:
    app.after_request(_deliver_after_request)

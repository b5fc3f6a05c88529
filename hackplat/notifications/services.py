"""Creating notifications and reading one's own."""

from __future__ import annotations

from collections.abc import Iterable

from flask import g, has_app_context
from sqlalchemy import Select, func, select, update

from hackplat.extensions import db
from hackplat.models import Notification, User, utcnow

#: Notifications are stored once, in the programme's language, whoever triggered them
#: (a coordinator browsing in English must not send English mail to Japanese members).
NOTIFICATION_LOCALE = "ja"


def notify(recipients: Iterable[User], kind: str, subject: str, body: str = "", link: str | None = None) -> None:
    """Queue one notification per recipient in the caller's transaction. The outbox is
    delivered after the request has committed (see outbox.py)."""
    for user in {user.id: user for user in recipients if user.active}.values():
        db.session.add(Notification(user=user, kind=kind, subject=subject, body=body, link=link))
    if has_app_context():
        g.outbox_has_mail = True


def notifications_for(user: User) -> Select[Notification]:
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user: User) -> int:
    query = select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return db.session.scalar(query) or 0


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def shortened(text: str, limit: int = 80) -> str:
    """``text`` cut with an ellipsis so that a subject built from it fits its String(200) column."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

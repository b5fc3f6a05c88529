"""Creating notifications and reading one's own."""

from __future__ import annotations

from collections.abc import Iterable

from flask import g, has_request_context
from sqlalchemy import Select, func, select, update

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Frequency, Notification, Role, User, utcnow
from hackplat.notifications.kinds import preference_kind
from hackplat.notifications.preferences import chosen

#: Notifications are stored once, in the programme's language, whoever triggered them
#: (a coordinator browsing in English must not send English mail to Japanese members).
NOTIFICATION_LOCALE = "ja"
#: Where a request keeps the notifications it created, for outbox.py to enqueue.
NEW_NOTIFICATIONS = "new_notifications"
DELIVERY_OF = {
    Frequency.IMMEDIATE: DeliveryStatus.PENDING,
    Frequency.DAILY: DeliveryStatus.DAILY,
    Frequency.WEEKLY: DeliveryStatus.WEEKLY,
    Frequency.OFF: DeliveryStatus.OFF,
}


def active_staff_of(department_ids: Iterable[int]) -> list[User]:
    """The active staff accounts of these departments: who hears of a department's things."""
    query = select(User).where(User.role == Role.STAFF, User.department_id.in_(list(department_ids)), User.active)
    return list(db.session.scalars(query.order_by(User.id)))


def notify(recipients: Iterable[User], kind: str, subject: str, body: str = "", link: str | None = None) -> None:
    """Add one notification per recipient in the caller's transaction, its mail sent at
    once, kept for a digest or not sent, as each recipient chose for the kind. In a
    request, the mail is enqueued once the request has succeeded (see outbox.py)."""
    people = {user.id: user for user in recipients if user.active and not waiting_to_join(user)}
    frequencies = chosen(people, preference_kind(kind))
    rows = [
        Notification(user=user, kind=kind, subject=one_line(subject), body=body, link=link,
                     delivery=DELIVERY_OF[frequencies[user.id]])
        for user in people.values()
    ]  # fmt: skip
    db.session.add_all(rows)
    if has_request_context():  # enqueued after the request (outbox.py), not before its commit
        g.setdefault(NEW_NOTIFICATIONS, []).extend(row for row in rows if row.delivery is DeliveryStatus.PENDING)


def waiting_to_join(user: User) -> bool:
    """A join request not yet approved (organisations/colleagues.py): listed among the
    organisation's members, but told nothing of it until a member approves."""
    return user.role is Role.MEMBER and user.joined_at is None


def one_line(text: str) -> str:
    """``text`` with its line breaks and other runs of white space as single spaces: a
    subject becomes a mail header, which must be one line (a name typed with CR/LF)."""
    return " ".join(text.split())


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

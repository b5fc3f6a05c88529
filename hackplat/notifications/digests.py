"""The daily and weekly digests: one mail per person, combining the notifications they
chose to receive in that digest with the reverse alerts (alerts.py).

Idempotent: each person's ``DigestMark`` says up to when their digest has been composed.
A run first moves the mark from its old value to now with a conditional UPDATE (or
inserts it), in the same transaction that gathers the waiting notifications and adds the
digest's own notification; a second run (or a second consumer) finds nothing after the
mark and sends nothing. The digest is then delivered like any other message (outbox.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from hackplat.extensions import db
from hackplat.matching.core.explain import SIMILAR_WORDING
from hackplat.models import DeliveryStatus, DigestMark, Frequency, Notification, Role, User, utcnow
from hackplat.notifications.alerts import Alert, alerts_for
from hackplat.notifications.kinds import ALERTS
from hackplat.notifications.mail import public_url
from hackplat.notifications.preferences import DIGEST_PREFIX, chosen
from hackplat.notifications.services import NOTIFICATION_LOCALE

LENGTH = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
WAITING = {Frequency.DAILY: DeliveryStatus.DAILY, Frequency.WEEKLY: DeliveryStatus.WEEKLY}


def send_digests(period: Frequency, now: datetime | None = None) -> int:
    """Compose every digest due for ``period`` and enqueue their delivery; how many."""
    from hackplat.notifications.jobs import deliver_notifications

    now = now or utcnow()
    with_alerts = {user_id for user_id, frequency in chosen(_alert_readers(), ALERTS).items() if frequency is period}
    waiting = select(Notification.user_id).where(Notification.delivery == WAITING[period]).distinct()
    people = sorted(with_alerts | set(db.session.scalars(waiting)))
    digests = [digest for user_id in people if (digest := compose(user_id, period, now, user_id in with_alerts))]
    if digests:
        deliver_notifications(digests)
    return len(digests)


def _alert_readers() -> list[int]:
    query = select(User.id).where(
        User.active,
        User.role.in_([Role.MEMBER, Role.STAFF]),
        (User.role != Role.MEMBER) | User.joined_at.is_not(None),  # not a join request still waiting
    )
    return list(db.session.scalars(query))


def compose(user_id: int, period: Frequency, now: datetime, with_alerts: bool) -> int | None:
    """This person's digest up to ``now``, committed: its notification's id, or None when
    there is nothing new (or another run has just composed it)."""
    since = _claim(user_id, period, now)
    if since is None:
        db.session.rollback()
        return None
    user = db.session.get_one(User, user_id)
    waiting = select(Notification).where(Notification.user_id == user_id, Notification.delivery == WAITING[period])
    notes = list(db.session.scalars(waiting.order_by(Notification.id)))
    alerts = alerts_for(user, since) if with_alerts else []
    digest = None
    if notes or alerts:
        digest = _digest(user, period, notes, alerts)
        for note in notes:
            note.delivery, note.delivered_at = DeliveryStatus.DIGESTED, now
    db.session.commit()
    return digest.id if digest is not None else None


def _claim(user_id: int, period: Frequency, now: datetime) -> datetime | None:
    """Move the mark to ``now``; the time it stood at before (a period ago for a first
    digest), or None if another run moved it first."""
    mark = db.session.get(DigestMark, (user_id, period))
    if mark is None:
        db.session.add(DigestMark(user_id=user_id, period=period, covered_until=now))
        try:
            db.session.flush()
        except IntegrityError:  # another run inserted it first (the caller rolls back)
            return None
        return now - LENGTH[period]
    before = mark.covered_until
    if before >= now:
        return None
    statement = (
        update(DigestMark)
        .where(DigestMark.user_id == user_id, DigestMark.period == period, DigestMark.covered_until == before)
        .values(covered_until=now)
        .execution_options(synchronize_session=False)
    )
    return before if cast("CursorResult[Any]", db.session.execute(statement)).rowcount == 1 else None


def _digest(user: User, period: Frequency, notes: list[Notification], alerts: list[Alert]) -> Notification:
    with force_locale(NOTIFICATION_LOCALE):
        if period is Frequency.DAILY:
            subject = _("今日のお知らせ（%(count)d件）", count=len(notes) + len(alerts))
        else:
            subject = _("今週のお知らせ（%(count)d件）", count=len(notes) + len(alerts))
        body = "\n\n".join(part for part in (_alerts_text(user, alerts), _notes_text(notes)) if part)
    digest = Notification(user=user, kind=DIGEST_PREFIX + period.value, subject=subject, body=body,
                          link="/notifications/", delivery=DeliveryStatus.PENDING)  # fmt: skip
    db.session.add(digest)
    db.session.flush()
    return digest


def _alerts_text(user: User, alerts: list[Alert]) -> str:
    if not alerts:
        return ""
    if user.role is Role.MEMBER:
        lines = [_("貴組織のシーズに合う新しい課題:")]
    else:
        lines = [_("所属部署の募集中の課題に合う新しいシーズ:")]
    for alert in alerts:
        terms = "、".join(_("似た表現") if t == SIMILAR_WORDING else t for t in alert.shared_terms) or "-"
        lines.append(f"・{alert.title}")
        lines.append("  " + _("「%(fits)s」と共通する語: %(terms)s", fits=alert.fits, terms=terms))
        lines.append(f"  {public_url(alert.path)}")
    return "\n".join(lines)


def _notes_text(notes: list[Notification]) -> str:
    if not notes:
        return ""
    lines = [_("お知らせ:")]
    for note in notes:
        lines.append(f"・{note.subject}")
        lines.extend(f"  {line}" for line in note.body.splitlines() if line.strip())
        if note.link:
            lines.append(f"  {public_url(note.link)}")
    return "\n".join(lines)

"""Notifications and the mail outbox: every message is a row here first.

A row's ``delivery`` says what happens to its mail: sent at once (``pending`` → ``sending``
→ ``sent``/``logged``, or ``failed`` and retried until ``given_up``), gathered into the
person's ``daily``/``weekly`` digest (then ``digested``), or not mailed at all (``off``).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # to be mailed at once, by the consumer
    SENDING = "sending"  # claimed by one consumer until next_attempt_at (its lease)
    SENT = "sent"  # accepted by the SMTP server
    LOGGED = "logged"  # no MAIL_SERVER configured: written to the log only
    FAILED = "failed"  # not accepted; tried again at next_attempt_at
    GIVEN_UP = "given_up"  # could not be built, or failed too often: error says why
    DAILY = "daily"  # waits for the person's daily digest
    WEEKLY = "weekly"  # waits for the weekly digest
    DIGESTED = "digested"  # went out inside a digest
    OFF = "off"  # the person chose no mail for this kind: shown on the site only


class Frequency(enum.StrEnum):
    """How a person wants one kind of notification mailed."""

    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created_at", "user_id", "created_at"),
        Index("ix_notifications_delivery_created_at", "delivery", "created_at"),
        Index("ix_notifications_delivery_next_attempt_at", "delivery", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))  # e.g. proposal.submitted
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(300))  # a path on this site
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "delivery_status"), default=DeliveryStatus.PENDING
    )
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)  # why the last attempt failed

    user: Mapped[User] = relationship()


class NotificationPreference(Base):
    """A person's choice for one kind (hackplat/notifications/kinds.py); absent: the kind's default."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "notification_frequency"))


class DigestMark(Base):
    """Up to when a person's daily or weekly digest has been composed: the next run only
    looks after it, so running twice the same day sends nothing new."""

    __tablename__ = "digest_marks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[Frequency] = mapped_column(enum_column(Frequency, "digest_period"), primary_key=True)
    covered_until: Mapped[datetime] = mapped_column(UTCDateTime)

"""Notifications and the mail outbox: every message is a row here first."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # not yet handed to SMTP or the log
    SENT = "sent"  # accepted by the SMTP server
    LOGGED = "logged"  # no MAIL_SERVER configured: written to the log only
    FAILED = "failed"  # SMTP refused it; retried by ``flask outbox send``


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created_at", "user_id", "created_at"),
        Index("ix_notifications_delivery_created_at", "delivery", "created_at"),
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

    user: Mapped[User] = relationship()

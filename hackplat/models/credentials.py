"""What guards a sign-in beyond the password: recovery codes of the second factor and the
throttle's counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hackplat.models.base import Base, UTCDateTime, utcnow


class RecoveryCode(Base):
    """One single-use recovery code of a TOTP user; only its hash is kept (shown once)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: ``salt$HMAC-SHA256(salt, code)`` (accounts/totp.py).
    code_hash: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ThrottleCounter(Base):
    """Failures counted per key (e.g. an account and client pair, a client, an account).

    One row per key, changed by single atomic statements so that parallel attempts cannot
    all pass between a check and a write; ``blocked_until`` holds the growing delay.
    """

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

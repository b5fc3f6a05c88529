"""Co-creation labs and programmes (共創ラボ, リビングラボ, ケアテック・オープン・ラボ横浜,
I・TOP横浜): schemes the programme sits beside. A lab is data the programme office keeps;
a need, a working group or a pilot may belong to one (their nullable ``lab_id``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hackplat.models.base import Base, UTCDateTime, utcnow


class Lab(Base):
    """Never deleted (needs, groups and pilots point at it): a lab that ended is made
    inactive, and its page stays as a record."""

    __tablename__ = "labs"
    __table_args__ = (Index("ix_labs_active_name", "active", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(200))  # shown in English (hackplat/names.py)
    description: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")  # one partner a line, as typed
    url: Mapped[str] = mapped_column(String(300), default="")  # the lab's own page: http(s) only
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

"""Working groups: a coordinator gathers organisations around one need, and the
group keeps dated records of its meetings, decisions and next steps."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Organisation, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.exchange import Need
from hackplat.models.labs import Lab


class WorkingGroupStatus(enum.StrEnum):
    FORMING = "forming"
    ACTIVE = "active"
    CONCLUDED = "concluded"


class MembershipStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"  # the organisation said no (or left): it loses access


class ActivityKind(enum.StrEnum):
    MEETING = "meeting"
    DECISION = "decision"
    NEXT_STEP = "next_step"


class WorkingGroup(Base):
    """One per need: the need moves to ``working_group`` when its group is formed."""

    __tablename__ = "working_groups"
    __table_args__ = (Index("ix_working_groups_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), unique=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[WorkingGroupStatus] = mapped_column(
        enum_column(WorkingGroupStatus, "working_group_status"), default=WorkingGroupStatus.FORMING
    )
    outcome: Mapped[str | None] = mapped_column(Text)  # written when concluded
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id"), index=True)  # a co-creation lab (#17)

    need: Mapped[Need] = relationship()
    coordinator: Mapped[User | None] = relationship()
    lab: Mapped[Lab | None] = relationship()
    memberships: Mapped[list[WorkingGroupMembership]] = relationship(
        back_populates="group", order_by="WorkingGroupMembership.id"
    )

    __mapper_args__ = {"version_id_col": version}


class WorkingGroupMembership(Base):
    """An organisation invited to a group: from the need's proposals (``proposal_id``) or
    from the matcher's suggestions (``seed_id``)."""

    __tablename__ = "working_group_members"
    __table_args__ = (
        UniqueConstraint("group_id", "organisation_id", name="one_membership_per_organisation"),
        Index("ix_working_group_members_organisation_status", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus, "membership_status"), default=MembershipStatus.INVITED
    )
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    seed_id: Mapped[int | None] = mapped_column(ForeignKey("seeds.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[WorkingGroup] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class ActivityRecord(Base):
    """A dated entry of the group's log (a meeting, a decision, a next step); never edited."""

    __tablename__ = "working_group_activities"
    __table_args__ = (Index("ix_working_group_activities_group_occurred_on", "group_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind, "activity_kind"))
    occurred_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()

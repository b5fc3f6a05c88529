"""Two of a support request's four paths (#17 item 1), each with its own end:

- the search (「事業者がみつからない」): the coordinators look for organisations for one
  need of the department with the matcher and invite them into the need's working group;
  it ends when at least one invitation was sent and a coordinator closes it with a note.
  The invitations themselves are working-group memberships (one path for notices,
  audits and answers); ``SupportSearchInvitation`` only says which were sent from here.
- project support (「プロジェクトがうまく進まない」): a coordinator accompanies one of the
  department's pilots towards a goal with dated check-ins; it ends with a summary.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.pilots import Pilot
from hackplat.models.support import SupportRequest
from hackplat.models.workgroups import WorkingGroup, WorkingGroupMembership


class SupportSearch(Base):
    """The search path of one request (the need searched for is the request's
    ``need_id``): the working group its invitations went through, and the closing note."""

    __tablename__ = "support_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"), unique=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("working_groups.id"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)  # written when closed
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    #: ``request.search``: the request's page shows the search (templates never query).
    request: Mapped[SupportRequest] = relationship(backref=backref("search", uselist=False))
    group: Mapped[WorkingGroup | None] = relationship()
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    invitations: Mapped[list[SupportSearchInvitation]] = relationship(
        back_populates="search", order_by="SupportSearchInvitation.id", cascade="all, delete-orphan",
        passive_deletes=True,
    )  # fmt: skip

    __mapper_args__ = {"version_id_col": version}


class SupportSearchInvitation(Base):
    """A working-group invitation sent from a search (its answer is the membership's)."""

    __tablename__ = "support_search_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("support_searches.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("working_group_members.id", ondelete="CASCADE"), unique=True)

    search: Mapped[SupportSearch] = relationship(back_populates="invitations")
    membership: Mapped[WorkingGroupMembership] = relationship()


class CheckInStatus(enum.StrEnum):
    ON_TRACK = "on_track"  # 順調
    ATTENTION = "attention"  # 注意
    DELAYED = "delayed"  # 遅延


class ProjectSupport(Base):
    """Project-management support (プロジェクト管理支援) of one pilot, for one request."""

    __tablename__ = "project_supports"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"), unique=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), index=True)
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    goal: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[str | None] = mapped_column(Text)  # written when closed
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    #: ``request.project_support`` and ``pilot.project_supports`` (newest first): the
    #: request's and the pilot's pages show it.
    request: Mapped[SupportRequest] = relationship(backref=backref("project_support", uselist=False))
    pilot: Mapped[Pilot] = relationship(
        backref=backref("project_supports", order_by="[ProjectSupport.started_at.desc(), ProjectSupport.id.desc()]")
    )
    supporter: Mapped[User | None] = relationship(foreign_keys=[supporter_id])
    check_ins: Mapped[list[ProjectCheckIn]] = relationship(
        back_populates="support", order_by="[ProjectCheckIn.held_on.desc(), ProjectCheckIn.id.desc()]",
        cascade="all, delete-orphan", passive_deletes=True,
    )  # fmt: skip

    __mapper_args__ = {"version_id_col": version}


class ProjectCheckIn(Base):
    """A dated look at the project: how it stands, what was seen, what comes next; never edited."""

    __tablename__ = "project_check_ins"
    __table_args__ = (Index("ix_project_check_ins_support_held_on", "support_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    support_id: Mapped[int] = mapped_column(ForeignKey("project_supports.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[CheckInStatus] = mapped_column(enum_column(CheckInStatus, "check_in_status"))
    note: Mapped[str] = mapped_column(Text)
    next_action: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    support: Mapped[ProjectSupport] = relationship(back_populates="check_ins")
    author: Mapped[User | None] = relationship()

"""People and the bodies they belong to: departments, organisations, users, sign-in sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TypeAlias

from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class Role(enum.StrEnum):
    MEMBER = "member"
    STAFF = "staff"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class DepartmentKind(enum.StrEnum):
    BUREAU = "bureau"  # 局
    WARD = "ward"  # 区
    SECTION = "section"  # 課


class OrganisationKind(enum.StrEnum):
    COMPANY = "company"
    UNIVERSITY = "university"
    NPO = "npo"
    OTHER = "other"


class OrganisationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Department(Base):
    """A unit of the city: a bureau (局), a ward (区) or a section (課) under one of them."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(200))  # shown in English (hackplat/names.py)
    kind: Mapped[DepartmentKind] = mapped_column(enum_column(DepartmentKind, "department_kind"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Department | None] = relationship(remote_side=[id])


class Organisation(Base):
    """A company, university, NPO or other body that takes part in the programme."""

    __tablename__ = "organisations"
    __table_args__ = (Index("ix_organisations_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"))
    corporate_number: Mapped[str | None] = mapped_column(String(13), unique=True)
    is_startup: Mapped[bool] = mapped_column(Boolean, default=False)
    founded_year: Mapped[int | None] = mapped_column(Integer)  # required of startups (#17 item 3)
    profile: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[OrganisationStatus] = mapped_column(
        enum_column(OrganisationStatus, "organisation_status"), default=OrganisationStatus.PENDING
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: The members chose to publish the track record page (opt-in; hackplat/organisations/profile.py).
    profile_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    profile_public_since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when last switched on

    members: Mapped[list[User]] = relationship(back_populates="organisation")

    __mapper_args__ = {"version_id_col": version}


class User(UserMixin, Base):
    """A person who signs in. Members belong to an organisation, staff to a department."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role <> 'member' OR organisation_id IS NOT NULL", name="member_has_organisation"),
        CheckConstraint("role <> 'staff' OR department_id IS NOT NULL", name="staff_has_department"),
        Index("ix_users_role_name", "role", "name"),
        Index("ix_users_organisation_role", "organisation_id", "role"),  # members per organisation (dashboard)
        Index("ix_users_locked_at", "locked_at"),  # the locked accounts (the admins' home)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person proved the address by the mailed link; None: not yet (no sign-in).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When a member's place in the organisation began; None while a join request waits
    #: for a colleague's approval (or after it was declined). Staff and the office: None.
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set by an admin reset: the next sign-in leads to the password change first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Locked after many failures from many clients; the owner lifts it by the reset mail.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: TOTP (RFC 6238) secret, base32; enabled once a first code was confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last time step accepted, so that one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    department: Mapped[Department | None] = relationship()

    #: The token of the sign-in session this object was loaded for (not a column).
    session_token = None  # type: str | None
    #: Whether a current legal text awaited this user's acceptance when the sign-in
    #: session loaded it (not a column; None: not asked; legal/services.has_pending).
    legal_pending = None  # type: bool | None

    def get_id(self) -> str | None:
        """Flask-Login keeps this in the cookie: the session token, never the user id,
        so that signing out (revoking the token) makes an old cookie worthless."""
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active


class LoginSession(Base):
    """One sign-in. The cookie holds the token; the row holds only its hash."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(45))
    #: Last request seen (written at most about once a minute): the idle timeout and the
    #: "signed-in devices" list read it.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()


class OrganisationInvitation(Base):
    """A member's invitation of a colleague by e-mail; the mailed link is signed and names
    this row, which is used once (accepted) or taken back (revoked)."""

    __tablename__ = "organisation_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])


#: Whoever makes a request: a signed-in user, Flask-Login's anonymous user, or nobody (a
#: command or a job). Permission predicates take an Actor; services that need a signed-in
#: person take a ``User``.
Actor: TypeAlias = User | AnonymousUserMixin | None

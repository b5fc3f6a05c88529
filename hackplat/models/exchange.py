"""The exchange between the city and organisations: themes, needs, seeds, proposals."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Department, Organisation, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.labs import Lab
from hackplat.search import search_text

if TYPE_CHECKING:
    from hackplat.models.evaluations import Evaluation


class NeedStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    WORKING_GROUP = "working_group"
    PILOTING = "piloting"
    RESOLVED = "resolved"
    CLOSED = "closed"


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    SELECTED = "selected"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


#: A proposal the need has received (and its department has seen): not a draft, not withdrawn.
RECEIVED_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED,
                     ProposalStatus.DECLINED)  # fmt: skip


#: The programme's areas, seeded by migration 0002 (tests and the demo use this list).
DEFAULT_THEMES = (
    "行政手続", "子育て", "防災", "教育", "郊外部", "都心部", "地域・区役所",
    "業務効率化", "データ活用", "福祉・介護", "環境", "経済・観光", "その他",
)  # fmt: skip


class Theme(Base):
    """A programme area (行政手続, 子育て, 防災, ...): data, so the office can add one."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(100))  # shown in English (hackplat/names.py)
    position: Mapped[int] = mapped_column(Integer, default=0)


#: A need's themes besides its primary one (``Need.theme_id``): the /needs theme filter
#: matches either.
need_themes = Table(
    "need_themes",
    Base.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)


class Need(Base):
    """An administrative problem a department wants solved.

    ``version`` guards against lost updates: an edit form carries the version it was
    loaded at, and SQLAlchemy refuses a write whose version moved on meanwhile.
    ``search_text`` is the normalised text the keyword search reads (see search.py).
    """

    __tablename__ = "needs"
    __table_args__ = (
        # the list's order to the id: a deep page's offset walks this index alone (hackplat/listing.py)
        Index("ix_needs_status_published_at_id", "status", "published_at", "id"),
        Index("ix_needs_department_status", "department_id", "status"),
        Index("ix_needs_theme_status", "theme_id", "status"),
        # startup-friendly needs first for startup members (hackplat/startups/services.py)
        Index("ix_needs_status_startup_published_at", "status", "startup_support", "published_at"),
        Index("ix_needs_id_version", "id", "version"),  # the search window's check (matching/search_query.py)
        # calls ending soon, read from the index alone (the office's home, hackplat/home/office.py)
        Index("ix_needs_status_deadline", "status", "deadline", "call_closed_at", "id"),
        # a department's need ids from the index alone on PostgreSQL too (the staff's home)
        Index("ix_needs_department_id", "department_id", "id"),
        # NULL (not stated) passes a CHECK: each bound is checked only when given.
        CheckConstraint("budget_min >= 0 AND budget_max >= 0", name="budget_not_negative"),
        CheckConstraint("budget_max >= budget_min", name="budget_max_not_below_min"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))
    title: Mapped[str] = mapped_column(String(200))
    background: Mapped[str] = mapped_column(Text, default="")  # 現状
    problem: Mapped[str] = mapped_column(Text, default="")  # 課題
    desired_outcome: Mapped[str] = mapped_column(Text, default="")  # 求める解決策
    expected_effect: Mapped[str] = mapped_column(Text, default="")  # 想定する効果
    deadline: Mapped[date | None] = mapped_column(Date)  # last day for proposals, Japan time
    # Last day for questions (質疑), Japan time; None: until the proposals' deadline.
    question_deadline: Mapped[date | None] = mapped_column(Date)
    startup_support: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus, "need_status"), default=NeedStatus.DRAFT)
    search_text: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str | None] = mapped_column(Text)  # the matcher's tokens (JSON), written with the text
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The call ended before its deadline (by the department, with a reason), or still runs.
    call_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    call_closed_reason: Mapped[str | None] = mapped_column(Text)
    # How many evaluators must have scored every shortlisted proposal before selection.
    min_evaluators: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    # The details of #15 (migration 0016): who to ask, the money, where, what else it is about
    # and what the evaluators look for under each criterion of the rubric (see need_details.py).
    contact_name: Mapped[str] = mapped_column(String(100), default="", server_default="")  # public
    contact_section: Mapped[str] = mapped_column(String(100), default="", server_default="")  # public
    contact_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")  # signed-in only
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")  # signed-in only
    budget_min: Mapped[int | None] = mapped_column(Integer)  # yen; None: not stated
    budget_max: Mapped[int | None] = mapped_column(Integer)  # yen; None: not stated
    target_ward_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)  # None: 市全域
    focus_fit: Mapped[str] = mapped_column(Text, default="", server_default="")
    focus_feasibility: Mapped[str] = mapped_column(Text, default="", server_default="")
    focus_cost_effectiveness: Mapped[str] = mapped_column(Text, default="", server_default="")
    focus_scalability: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id"), index=True)  # a co-creation lab (#17)

    department: Mapped[Department] = relationship(foreign_keys=[department_id])
    lab: Mapped[Lab | None] = relationship()
    theme: Mapped[Theme] = relationship()  # the primary theme: lists, the matcher, knowledge cases
    other_themes: Mapped[list[Theme]] = relationship(secondary=need_themes, order_by=Theme.position)
    target_ward: Mapped[Department | None] = relationship(foreign_keys=[target_ward_id])
    proposals: Mapped[list[Proposal]] = relationship(back_populates="need")

    __mapper_args__ = {"version_id_col": version}

    @property
    def themes(self) -> list[Theme]:
        """The primary theme first, then the others."""
        return [self.theme, *(theme for theme in self.other_themes if theme.id != self.theme_id)]

    def refresh_search_text(self) -> None:
        """Call after changing any text field (services do, on every write)."""
        self.search_text = search_text(
            self.title, self.background, self.problem, self.desired_outcome, self.expected_effect
        )


class Seed(Base):
    """An organisation's solution or technology, independent of any need."""

    __tablename__ = "seeds"
    __table_args__ = (
        Index("ix_seeds_public_updated_at", "is_public", "updated_at"),
        Index("ix_seeds_organisation_updated_at", "organisation_id", "updated_at"),
        # The search window's check (matching/search_query.py), and a seeds search's hits
        # joined to the public list by the index alone (migrations 0032, 0033).
        Index("ix_seeds_id_version_public_updated_at", "id", "version", "is_public", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    track_record: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(500), default="")  # comma-separated, as typed
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str | None] = mapped_column(Text)  # the matcher's tokens (JSON), written with the text
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship()
    theme: Mapped[Theme | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def refresh_search_text(self) -> None:
        """Call after changing any text field (services do, on every write)."""
        self.search_text = search_text(self.title, self.summary, self.description, self.track_record, self.tags)


class Proposal(Base):
    """A solution offered by one organisation against one need (at most one each)."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("need_id", "organisation_id", name="one_per_organisation"),
        Index("ix_proposals_need_status", "need_id", "status"),
        Index("ix_proposals_organisation_status", "organisation_id", "status"),
        Index("ix_proposals_submitted_at", "submitted_at"),  # proposals per fiscal year (dashboard)
        # a status's proposals by need, with their date: the homes' waiting and shortlisted ones (hackplat/home/)
        Index("ix_proposals_status_need_submitted", "status", "need_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    seed_id: Mapped[int | None] = mapped_column(ForeignKey("seeds.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    cost_estimate: Mapped[str] = mapped_column(String(200), default="")
    city_support: Mapped[str] = mapped_column(Text, default="")  # what the city must provide
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, "proposal_status"), default=ProposalStatus.DRAFT
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)  # shown to the proposer
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    need: Mapped[Need] = relationship(back_populates="proposals")
    organisation: Mapped[Organisation] = relationship()
    seed: Mapped[Seed | None] = relationship()
    author: Mapped[User | None] = relationship()
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True
    )
    versions: Mapped[list[ProposalVersion]] = relationship(
        order_by="ProposalVersion.number", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}


#: What a proposal version keeps: the proposer's text and the seed it started from.
PROPOSAL_CONTENT_FIELDS = ("summary", "approach", "schedule", "cost_estimate", "city_support", "seed_id")


class ProposalVersion(Base):
    """The text of a proposal as submitted: one row at each submission and at each edit
    made after submitting, so that the city sees what changed and nothing is lost."""

    __tablename__ = "proposal_versions"
    __table_args__ = (UniqueConstraint("proposal_id", "number", name="one_number_per_proposal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... in the order submitted
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(Text, default="")
    cost_estimate: Mapped[str] = mapped_column(String(200), default="")
    city_support: Mapped[str] = mapped_column(Text, default="")
    seed_id: Mapped[int | None] = mapped_column(ForeignKey("seeds.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()

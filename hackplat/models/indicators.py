"""Programme targets: the indicators the strategy is measured by, their cycles of four
fiscal years, and a target (and, for entered indicators, a result) per fiscal year.

Indicators are data: an administrator edits targets, entered results and what the
public page may show; how an indicator is counted (``source``, ``counting``) is set
by the migration that seeds it. Computed actuals are never stored: the dashboard
counts them from the programme's own records each time (hackplat/dashboard/counts.py).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class IndicatorSource(enum.StrEnum):
    """Where an indicator's actual comes from: one of the computations, or entered."""

    PARTICIPANTS = "participants"  # members of approved organisations
    ORGANISATIONS = "orgs"  # approved organisations, all kinds
    COMPANIES = "orgs_company"
    UNIVERSITIES = "orgs_university"
    NPOS = "orgs_npo"
    OTHER_ORGANISATIONS = "orgs_other"
    STARTUPS = "startups"  # approved organisations flagged as startups (of any kind)
    NEEDS_POSTED = "needs_posted"
    PROPOSALS_SUBMITTED = "proposals_submitted"
    WORKING_GROUPS = "working_groups"
    PILOTS_CONSIDERED = "pilots_considered"
    PILOTS_RUN = "pilots_run"
    PILOTS_EVALUATED = "pilots_evaluated"
    PILOTS_ROLLED_OUT = "pilots_rolled_out"
    PILOTS_STOPPED = "pilots_stopped"
    TIME_REDUCTION = "time_reduction"  # median over pilots run, in %
    KNOWLEDGE_CASES = "knowledge_cases"  # published
    ENTERED = "entered"  # a survey result, typed in by an administrator


class Counting(enum.StrEnum):
    """Which records a fiscal year's actual covers (its window of time)."""

    CUMULATIVE = "cumulative"  # everything up to the end of that year
    CYCLE = "cycle"  # from the start of the cycle to the end of that year
    YEARLY = "yearly"  # that year only


class IndicatorUnit(enum.StrEnum):
    PEOPLE = "people"  # 人
    ORGANISATIONS = "organisations"  # 団体
    ITEMS = "items"  # 件
    PERCENT = "percent"  # %


class Indicator(Base):
    """One measure of the programme. ``baseline`` set means progress is measured from
    it (a survey index going from 8.6 % to 50 %); without it, actual / target."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)  # stable: the report's JSON uses it
    name: Mapped[str] = mapped_column(String(100))  # Japanese
    name_en: Mapped[str] = mapped_column(String(100))
    unit: Mapped[IndicatorUnit] = mapped_column(enum_column(IndicatorUnit, "indicator_unit"))
    source: Mapped[IndicatorSource] = mapped_column(enum_column(IndicatorSource, "indicator_source"))
    counting: Mapped[Counting] = mapped_column(enum_column(Counting, "indicator_counting"))
    baseline: Mapped[float | None] = mapped_column(Float)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)  # may /programme show it?
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", order_by="IndicatorValue.fiscal_year", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_entered(self) -> bool:
        return self.source is IndicatorSource.ENTERED


class IndicatorValue(Base):
    """The target of one fiscal year, and the result typed in for entered indicators."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "fiscal_year"),)  # one row per year

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    target: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)  # entered indicators only
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    updated_by: Mapped[User | None] = relationship()


#: The indicators a cycle does not continue (stored as the exceptions, so that a cycle
#: defined before this table, or an indicator added later, counts every indicator).
indicator_cycle_omissions = Table(
    "indicator_cycle_omissions",
    Base.metadata,
    Column("cycle_id", ForeignKey("indicator_cycles.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class IndicatorCycle(Base):
    """A strategy cycle of four fiscal years (4期制), named by its first year. ``note``
    is shown with its figures (「例示の目標値」 for the demo's example targets)."""

    __tablename__ = "indicator_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_fiscal_year: Mapped[int] = mapped_column(Integer, unique=True)
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    omitted: Mapped[list[Indicator]] = relationship(secondary=indicator_cycle_omissions)

"""Pilot projects run with a department from a selected proposal: stages, yearly
milestones and the time-saving KPIs."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Department, Organisation, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column
from hackplat.models.exchange import Need, Proposal
from hackplat.models.labs import Lab


class PilotStage(enum.StrEnum):
    CONSIDERED = "considered"  # 試行検討
    RUNNING = "running"  # 試行実施
    EVALUATED = "evaluated"
    ROLLED_OUT = "rolled_out"  # 横展開
    STOPPED = "stopped"


class Pilot(Base):
    __tablename__ = "pilots"
    __table_args__ = (
        Index("ix_pilots_stage_created_at", "stage", "created_at"),
        Index("ix_pilots_department_stage", "department_id", "stage"),
        Index("ix_pilots_organisation_stage", "organisation_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), unique=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[PilotStage] = mapped_column(enum_column(PilotStage, "pilot_stage"), default=PilotStage.CONSIDERED)
    stage_changed_on: Mapped[date] = mapped_column(Date)  # the date the current stage began
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id"), index=True)  # a co-creation lab (#17)

    proposal: Mapped[Proposal] = relationship()
    lab: Mapped[Lab | None] = relationship()
    need: Mapped[Need] = relationship()
    department: Mapped[Department] = relationship()
    organisation: Mapped[Organisation] = relationship()
    stage_changes: Mapped[list[PilotStageChange]] = relationship(order_by="PilotStageChange.id")
    milestones: Mapped[list[PilotMilestone]] = relationship(order_by="PilotMilestone.fiscal_year")
    kpis: Mapped[list[PilotKpi]] = relationship(order_by="PilotKpi.id")

    __mapper_args__ = {"version_id_col": version}


class PilotStageChange(Base):
    """The pilot's history: each stage it entered, on which date, why and by whom."""

    __tablename__ = "pilot_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[PilotStage | None] = mapped_column(enum_column(PilotStage, "pilot_from_stage"))
    to_stage: Mapped[PilotStage] = mapped_column(enum_column(PilotStage, "pilot_to_stage"))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()


class PilotMilestone(Base):
    """The plan and the result of one of the pilot's fiscal years (measures.pilot_years)."""

    __tablename__ = "pilot_milestones"
    __table_args__ = (UniqueConstraint("pilot_id", "fiscal_year", name="one_per_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    plan: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")


class PilotKpi(Base):
    """One procedure the pilot changes: its time before and after, in minutes."""

    __tablename__ = "pilot_kpis"
    __table_args__ = (
        CheckConstraint("minutes_before > 0", name="minutes_before_positive"),
        CheckConstraint("minutes_after >= 0", name="minutes_after_not_negative"),
        CheckConstraint("yearly_count >= 0", name="yearly_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    procedure: Mapped[str] = mapped_column(String(200))
    is_smartphone: Mapped[bool] = mapped_column(Boolean, default=False)  # aims at 75 % instead of 25 %
    minutes_before: Mapped[float] = mapped_column(Float)
    minutes_after: Mapped[float] = mapped_column(Float)  # as confirmed by the department
    yearly_count: Mapped[int | None] = mapped_column(Integer)  # 年間件数: procedures a year

    measurements: Mapped[list[PilotMeasurement]] = relationship(
        back_populates="kpi", order_by="PilotMeasurement.id", cascade="all, delete-orphan", passive_deletes=True
    )


class MeasurementStatus(enum.StrEnum):
    PROPOSED = "proposed"  # entered by the implementing organisation
    CONFIRMED = "confirmed"  # the department took it: it is the KPI's minutes after
    REJECTED = "rejected"


class PilotMeasurement(Base):
    """Minutes after the pilot as measured by the implementing organisation; they count
    (are copied to the KPI's ``minutes_after``) only once the department confirms them."""

    __tablename__ = "pilot_measurements"
    __table_args__ = (
        CheckConstraint("minutes_after >= 0", name="measured_minutes_not_negative"),
        Index("ix_pilot_measurements_kpi_status", "kpi_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("pilot_kpis.id", ondelete="CASCADE"))
    minutes_after: Mapped[float] = mapped_column(Float)
    measured_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeasurementStatus] = mapped_column(
        enum_column(MeasurementStatus, "measurement_status"), default=MeasurementStatus.PROPOSED
    )
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    kpi: Mapped[PilotKpi] = relationship(back_populates="measurements")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

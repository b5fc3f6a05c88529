"""Scoring shortlisted proposals on the programme's rubric, blind until one has scored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.exchange import Proposal

#: The rubric's criteria, in the order shown: 課題適合性, 実現可能性, 費用対効果, 横展開可能性.
CRITERIA = ("fit", "feasibility", "cost_effectiveness", "scalability")


class Evaluation(Base):
    """One evaluator's scores for one proposal.

    The row is created when the evaluator declares (no) conflict of interest; with a
    conflict they may not score. ``submitted_at`` is set when the scores are given, and
    only then may the evaluator see the others' scores.
    """

    __tablename__ = "proposal_evaluations"
    __table_args__ = (
        UniqueConstraint("proposal_id", "evaluator_id", name="one_per_evaluator"),
        *(CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_1_to_5") for name in CRITERIA),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    has_conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fit: Mapped[int | None] = mapped_column(Integer)  # 課題適合性
    feasibility: Mapped[int | None] = mapped_column(Integer)  # 実現可能性
    cost_effectiveness: Mapped[int | None] = mapped_column(Integer)  # 費用対効果
    scalability: Mapped[int | None] = mapped_column(Integer)  # 横展開可能性
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Moves on at each write: a correction typed in a tab opened before another write is stale.
    version: Mapped[int] = mapped_column(Integer, default=1)

    proposal: Mapped[Proposal] = relationship(back_populates="evaluations")
    evaluator: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def total(self) -> int | None:
        scores = [getattr(self, name) for name in CRITERIA]
        return None if None in scores else sum(scores)

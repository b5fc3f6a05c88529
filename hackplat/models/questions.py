"""Questions and answers (質疑応答): an organisation asks about a need, the need's
department answers; or the department asks a proposer about its proposal, and the
proposing organisation answers.

``organisation_id`` is the organisation the question concerns: the one that asked about
the need, or the proposer asked about its proposal. Only it, the need's department and
the programme office see a question until it is answered and published; a published
answer is public, without the organisation's name (hackplat/questions/services.py).
``version`` guards an edit by the asker against an answer given to the earlier text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.accounts import Organisation, User
from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.exchange import Need, Proposal


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (
        # A need's questions, answered or not, on a proposal or not (the need's page, the
        # department's inbox and home: read from the index alone, the home's oldest first
        # by the date and id too).
        Index("ix_questions_need_answered_proposal_asked", "need_id", "answered_at", "proposal_id", "asked_at", "id"),
        # An organisation's questions, answered or not (its home page).
        Index("ix_questions_organisation_answered_at", "organisation_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    # Set for a question the department asks a proposer; None for a question on the need.
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The department published the answer to everyone (a question on a need only).
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1)

    need: Mapped[Need] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def to_proposer(self) -> bool:
        """Asked by the department of a proposer, about its proposal."""
        return self.proposal_id is not None or self.proposal is not None

"""Terms of use and the privacy policy: texts kept as data, versioned, and who accepted which."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackplat.models.base import Base, UTCDateTime, utcnow
from hackplat.models.enums import enum_column


class LegalKind(enum.StrEnum):
    TERMS = "terms"  # 利用規約
    PRIVACY = "privacy"  # プライバシーポリシー


class LegalDocument(Base):
    """One version of the terms or of the privacy policy. A published version is never
    edited: a change is a new version, which everyone is asked to accept again."""

    __tablename__ = "legal_documents"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LegalKind] = mapped_column(enum_column(LegalKind, "legal_kind"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LegalAcceptance(Base):
    """A person's acceptance of one version, with when and from where."""

    __tablename__ = "legal_acceptances"
    __table_args__ = (UniqueConstraint("user_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("legal_documents.id"))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(45))

    document: Mapped[LegalDocument] = relationship()

"""The people around one open need (tests/proposals/conftest.py's Cast), and helpers to
read what the questions' services wrote."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, Notification, Question
from tests.proposals.conftest import Cast

__all__ = ["Cast", "audit_actions", "notified", "questions"]


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need)


def audit_actions(prefix: str = "question.") -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.action.startswith(prefix)).order_by(AuditRecord.id)
    return list(db.session.scalars(query))


def notified(kind: str) -> set[int]:
    """The ids of the people told of ``kind``."""
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def questions() -> list[Question]:
    return list(db.session.scalars(select(Question).order_by(Question.id)))

"""The people and objects around one working group: the need's department, the invited
organisation and its members, and everyone who should stay out. People are created
when first named, which keeps the tables of cases fast."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.models import (
    ActivityKind,
    ActivityRecord,
    AuditRecord,
    MembershipStatus,
    Need,
    NeedStatus,
    Organisation,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
    utcnow,
)
from tests.proposals.conftest import Cast


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need) -> Cast:
    """The proposals' cast: the need's department, the organisation (here: the one
    invited to the group), its member, and the others who should stay out."""
    return Cast(make_user, make_organisation, make_department, make_need)


@pytest.fixture
def make_group(cast: Cast) -> Callable[..., WorkingGroup]:
    """A group on the cast's need (moved to working_group), built directly with the models;
    ``members`` maps organisations to their membership status."""

    def make(status: WorkingGroupStatus = WorkingGroupStatus.FORMING,
             members: dict[Organisation, MembershipStatus] | None = None, need: Need | None = None) -> WorkingGroup:  # fmt: skip
        need = need or cast.need
        need.status = NeedStatus.WORKING_GROUP
        group = WorkingGroup(
            need=need, name="入所申請ワーキンググループ", purpose="申請のオンライン化を検討する", status=status
        )
        if status is not WorkingGroupStatus.FORMING:
            group.activated_at = utcnow()
        if status is WorkingGroupStatus.CONCLUDED:
            group.outcome, group.concluded_at = "試行に進む", utcnow()
        db.session.add(group)
        for organisation, membership_status in (members or {}).items():
            db.session.add(WorkingGroupMembership(group=group, organisation=organisation, status=membership_status))
        db.session.commit()
        return group

    return make


@pytest.fixture
def add_record() -> Callable[..., ActivityRecord]:
    def add(group: WorkingGroup, body: str = "第1回会議", occurred_on: date = date(2024, 5, 1),
            kind: ActivityKind = ActivityKind.MEETING) -> ActivityRecord:  # fmt: skip
        record = ActivityRecord(group_id=group.id, body=body, occurred_on=occurred_on, kind=kind)
        db.session.add(record)
        db.session.commit()
        return record

    return add


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def audit_actions(object_id: Any = None) -> list[str]:
    query = select(AuditRecord.action).where(AuditRecord.object_type == "working_group").order_by(AuditRecord.id)
    if object_id is not None:
        query = query.where(AuditRecord.object_id == str(object_id))
    return list(db.session.scalars(query))


@pytest.fixture
def switch_to(client, login) -> Callable[[User], Any]:
    """Sign out whoever is signed in, then sign in as ``user``."""

    def switch(user: User) -> Any:
        client.submit("/logout")
        return login(user)

    return switch

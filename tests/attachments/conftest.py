"""One object of each kind that takes attachments, around one need and one proposal."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from hackplat.attachments import services
from hackplat.attachments.parents import KINDS
from hackplat.extensions import db
from hackplat.models import (
    ActivityKind,
    ActivityRecord,
    Attachment,
    CaseStatus,
    KnowledgeCase,
    MembershipStatus,
    NeedStatus,
    ProposalStatus,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from tests.attachments import samples
from tests.pilots.conftest import Cast


@dataclass
class World:
    cast: Cast
    parents: dict[str, Any]


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need, make_proposal) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need, make_proposal)


@pytest.fixture
def world(cast: Cast, make_seed) -> World:
    return build_world(cast, make_seed)


def build_world(cast: Cast, make_seed: Any) -> World:
    """A need of the cast's department, the cast's organisation's draft proposal to it, a
    seed of that organisation, an activity record (by the member) of the need's working
    group, in which the organisation is a member, and a draft knowledge case of a pilot."""
    proposal = cast.proposal(status=ProposalStatus.DRAFT, need_status=NeedStatus.OPEN, need=cast.need)
    seed = make_seed(organisation=cast.organisation, is_public=False)
    other_need = cast._make_need(department=cast.department, status=NeedStatus.WORKING_GROUP, title="WGの課題")
    group = WorkingGroup(need=other_need, name="保育WG", status=WorkingGroupStatus.ACTIVE)
    group.memberships.append(
        WorkingGroupMembership(organisation_id=cast.organisation.id, status=MembershipStatus.ACCEPTED)
    )
    db.session.add(group)
    db.session.flush()
    record = ActivityRecord(group_id=group.id, author_id=cast.member.id, kind=ActivityKind.MEETING,
                            occurred_on=date(2025, 5, 1), body="第1回会議")  # fmt: skip
    pilot = cast.pilot()
    case = KnowledgeCase(pilot=pilot, department_id=cast.department.id, title="事例", status=CaseStatus.DRAFT)
    db.session.add_all([record, case])
    db.session.commit()
    parents = {"need": cast.need, "proposal": proposal, "seed": seed, "record": record, "case": case}
    return World(cast, parents)


def attach(kind: str, parent: Any, actor: User, content: bytes = samples.PDF, name: str = "資料.pdf") -> Attachment:
    attachment = services.attach(KINDS[kind], parent, io.BytesIO(content), name, actor=actor)
    db.session.commit()
    return attachment

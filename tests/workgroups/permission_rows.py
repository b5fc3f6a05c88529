"""Working-group routes × roles (see tests/permission_rows.py for the vocabulary).

``extend_world`` adds, on needs of the staff user's department:
  {wg_group}     an active group; the member's organisation accepted
  {wg_forming}   a forming group; the member's organisation invited, another accepted
  {wg_proposal}  a third organisation's submitted proposal to {wg_group}'s need
  {wg_seed}      a third organisation's seed marked "invite" for {wg_group}'s need
  {wg_third_org} that third organisation (approved), to invite by search
"""

from __future__ import annotations

from typing import Any

from hackplat.models import (
    FeedbackKind,
    MembershipStatus,
    NeedStatus,
    ProposalStatus,
    SuggestionFeedback,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from tests.permission_rows import COORDINATOR_ACTION, COORDINATORS, FORBIDDEN, OK, REDIRECT, SIGNED_IN, Row, by_role

#: The group's page: its accepted member, the need's department, the programme office.
GROUP_PAGE = by_role(REDIRECT, OK, OK, OK, OK)
#: The invited (or accepted) organisation answers for itself; no one else may.
MEMBER_ANSWER = by_role(REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)
#: Records: the accepted member, the department's staff and the office all add them.
RECORD_WRITERS = by_role(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
RECORD = {"occurred_on": "2024-05-10", "kind": "meeting", "body": "第1回会議"}

ROWS: dict[str, Row] = {
    "workgroups.index": ("GET", "/workgroups/", {}, SIGNED_IN),
    "workgroups.new": ("GET", "/workgroups/new?need={open_need}", {}, COORDINATORS),
    "workgroups.detail": ("GET", "/workgroups/{wg_group}", {}, GROUP_PAGE),
    "workgroups.invite_proposal": (
        "POST", "/workgroups/{wg_group}/invite/proposal/{wg_proposal}", {}, COORDINATOR_ACTION),
    "workgroups.invite_seed": ("POST", "/workgroups/{wg_group}/invite/seed/{wg_seed}", {}, COORDINATOR_ACTION),
    "workgroups.accept": ("POST", "/workgroups/{wg_forming}/accept", {}, MEMBER_ANSWER),
    "workgroups.decline": ("POST", "/workgroups/{wg_forming}/decline", {}, MEMBER_ANSWER),
    "workgroups.leave": ("POST", "/workgroups/{wg_group}/leave", {}, MEMBER_ANSWER),
    "workgroups.invite_organisation": (
        "POST", "/workgroups/{wg_group}/invite/organisation/{wg_third_org}", {}, COORDINATOR_ACTION
    ),
    "workgroups.undo_candidate": ("POST", "/workgroups/{wg_group}/candidates/{wg_seed}/undo", {}, COORDINATOR_ACTION),
    "workgroups.activate": ("POST", "/workgroups/{wg_forming}/activate", {}, COORDINATOR_ACTION),
    "workgroups.conclude": ("POST", "/workgroups/{wg_group}/conclude", {"outcome": "試行に進む"}, COORDINATOR_ACTION),
    "workgroups.add_record": ("POST", "/workgroups/{wg_group}/records", RECORD, RECORD_WRITERS),
}  # fmt: skip


def _group(factories: Any, department: Any, status: WorkingGroupStatus, members: dict) -> WorkingGroup:
    need = factories.make_need(department=department, status=NeedStatus.WORKING_GROUP)
    group = WorkingGroup(need=need, name="ワーキンググループ", status=status)
    factories.db.session.add(group)
    for organisation, membership_status in members.items():
        factories.db.session.add(
            WorkingGroupMembership(group=group, organisation=organisation, status=membership_status)
        )
    factories.db.session.commit()
    return group


def extend_world(world: dict, factories: Any) -> None:
    own_org, department = world["users"]["member"].organisation, world["users"]["staff"].department
    third_org = factories.make_organisation(name="第三の組織")
    group = _group(factories, department, WorkingGroupStatus.ACTIVE, {own_org: MembershipStatus.ACCEPTED})
    forming = _group(factories, department, WorkingGroupStatus.FORMING,
                     {own_org: MembershipStatus.INVITED, world["other_org"]: MembershipStatus.ACCEPTED})  # fmt: skip
    seed = factories.make_seed(organisation=third_org)
    factories.db.session.add(SuggestionFeedback(need_id=group.need_id, seed_id=seed.id, kind=FeedbackKind.INVITE))
    factories.db.session.commit()
    world["ids"].update(
        wg_group=group.id,
        wg_forming=forming.id,
        wg_proposal=factories.make_proposal(group.need, third_org, ProposalStatus.SUBMITTED).id,
        wg_seed=seed.id,
        wg_third_org=third_org.id,
    )

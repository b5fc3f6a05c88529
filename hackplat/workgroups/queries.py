"""Reading working groups: one group as its reader may see it, the list each role sees,
a group's records, and the organisations a coordinator may invite. Each list is served by
an index of the models (groups by status and creation, memberships by organisation and
status, records by group and date)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hackplat.errors import NotFound
from hackplat.extensions import db
from hackplat.matching.suggestions import invited_seed_ids, seeds_for_need
from hackplat.models import (
    ActivityRecord,
    MembershipStatus,
    Need,
    Organisation,
    OrganisationStatus,
    Proposal,
    Seed,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.needs.services import visible_need
from hackplat.permissions import (
    answerable_memberships,
    can_form_working_group,
    can_manage_working_group,
    can_read_group_records,
    can_view_working_group,
    require,
    visible_groups,
    visible_seeds,
)
from hackplat.workgroups.services import INVITABLE_PROPOSALS


def _not_found() -> NotFound:
    return NotFound(_("お探しのワーキンググループは見つかりませんでした。"))


def visible_group(group_id: int, *, actor: User) -> WorkingGroup:
    """The group, if the actor may see its page (404 if missing, 403 if not theirs)."""
    options = [
        joinedload(WorkingGroup.need).joinedload(Need.department),
        selectinload(WorkingGroup.memberships).joinedload(WorkingGroupMembership.organisation),
    ]
    group = db.session.get(WorkingGroup, group_id, options=options)
    if group is None:
        raise _not_found()
    require(can_view_working_group(actor, group))
    return group


def need_for_new_group(need_id: int | None, *, actor: User) -> Need:
    require(can_form_working_group(actor))
    return visible_need(need_id, actor=actor)


def group_of_need(need: Need) -> WorkingGroup | None:
    return db.session.scalar(select(WorkingGroup).where(WorkingGroup.need_id == need.id))


def groups_query(actor: User, status: WorkingGroupStatus | None) -> Select[WorkingGroup]:
    """Newest first: every group for the programme office, the department's for its
    staff, those its organisation is invited to or in for a member; nothing for others."""
    query = (
        select(WorkingGroup)
        .options(joinedload(WorkingGroup.need).joinedload(Need.department))
        .where(visible_groups(actor))
    )
    if status is not None:
        query = query.where(WorkingGroup.status == status)
    return query.order_by(WorkingGroup.created_at.desc(), WorkingGroup.id.desc())


def invitations_of(actor: User) -> list[WorkingGroupMembership]:
    """The open invitations of a member's organisation, newest first (none for others)."""
    query = (
        select(WorkingGroupMembership)
        .where(answerable_memberships(actor), WorkingGroupMembership.status == MembershipStatus.INVITED)
        .options(joinedload(WorkingGroupMembership.group))
        .order_by(WorkingGroupMembership.invited_at.desc(), WorkingGroupMembership.id.desc())
    )
    return list(db.session.scalars(query))


def records_query(group: WorkingGroup, *, actor: User) -> Select[ActivityRecord]:
    """The group's records, latest date first (the (group, occurred_on) index)."""
    require(can_read_group_records(actor, group))
    return (
        select(ActivityRecord)
        .where(ActivityRecord.group_id == group.id)
        .options(joinedload(ActivityRecord.author))
        .order_by(ActivityRecord.occurred_on.desc(), ActivityRecord.id.desc())
    )


@dataclass(frozen=True)
class SeedCandidate:
    seed: Seed
    similarity: float | None  # None: marked for invitation, no longer in the top of the ranking
    marked: bool  # a coordinator marked it "invite" on the need's page


def invitable_proposals(group: WorkingGroup, *, actor: User) -> list[Proposal]:
    """The need's proposals whose organisations may be invited, newest first."""
    require(can_manage_working_group(actor, group))
    query = (
        select(Proposal)
        .where(Proposal.need_id == group.need_id, Proposal.status.in_(INVITABLE_PROPOSALS))
        .options(joinedload(Proposal.organisation))
        .order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
    )
    return list(db.session.scalars(query))


def seed_candidates(group: WorkingGroup, *, actor: User) -> list[SeedCandidate]:
    """The matcher's seeds for the need, those marked "invite" first."""
    require(can_manage_working_group(actor, group))
    marked = invited_seed_ids(group.need)
    ranked = {s.seed.id: s for s in seeds_for_need(group.need, viewer=actor)}
    unranked_query = select(Seed).where(Seed.id.in_(marked - set(ranked)), visible_seeds(actor))
    unranked: list[Seed] = (
        list(db.session.scalars(unranked_query.options(joinedload(Seed.organisation)))) if marked else []
    )
    candidates = [SeedCandidate(seed, None, True) for seed in unranked]
    candidates += [SeedCandidate(s.seed, s.similarity, s.seed.id in marked) for s in ranked.values()]
    return sorted(candidates, key=lambda c: not c.marked)  # stable: the ranking's order within each part


def organisations_found(group: WorkingGroup, term: str, *, actor: User, limit: int = 20) -> list[Organisation]:
    """Approved organisations whose name contains ``term``, or whose 法人番号 it is
    (full-width digits and hyphens allowed), by name."""
    require(can_manage_working_group(actor, group))
    term = unicodedata.normalize("NFKC", term).strip()
    if not term:
        return []
    number = term.replace("-", "")
    found = Organisation.name.contains(term, autoescape=True)
    if number.isdigit() and len(number) == 13:
        found = or_(found, Organisation.corporate_number == number)
    query = select(Organisation).where(Organisation.status == OrganisationStatus.APPROVED, found)
    return list(db.session.scalars(query.order_by(Organisation.name, Organisation.id).limit(limit)))

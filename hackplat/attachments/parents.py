"""The objects files can be attached to, each with the permission rules it already has.

Reading an attachment takes the parent's own view predicate; adding or deleting one takes
the parent's editors (and, where the parent has a life cycle that freezes it, the moment
when it may still change: a proposal while it may still be edited, a knowledge case
while it is a draft, so that the consents cover what is attached).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.models import (
    ActivityRecord,
    Actor,
    CaseStatus,
    KnowledgeCase,
    Need,
    Proposal,
    Seed,
    WorkingGroup,
)
from hackplat.permissions import (
    can_add_group_record,
    can_edit_case,
    can_edit_need,
    can_edit_proposal,
    can_edit_seed,
    can_manage_working_group,
    can_read_group_records,
    can_view_case,
    can_view_need,
    can_view_proposal,
    can_view_seed,
)


@dataclass(frozen=True)
class ParentKind:
    name: str  # in URLs and the audit trail
    model: type
    column: str  # the Attachment column
    can_view: Callable[[Actor, Any], bool]
    can_edit: Callable[[Actor, Any], bool]
    frozen: Callable[[Any], str | None]  # why its files cannot change now, or None
    title: Callable[[Any], str]
    url: Callable[[Any], str]


def _never_frozen(_parent: Any) -> str | None:
    return None


def _proposal_frozen(proposal: Proposal) -> str | None:
    from hackplat.proposals.services import require_editable

    try:
        require_editable(proposal)
    except DomainError as refusal:
        return _("添付ファイルを変更できるのは、提案を編集できる間だけです。") + " " + refusal.message
    return None


def _case_frozen(case: KnowledgeCase) -> str | None:
    if case.status is CaseStatus.DRAFT:
        return None
    return _("添付ファイルを変更できるのは下書きの事例だけです。下書きに戻してから変更してください。")


def _group(record: ActivityRecord) -> WorkingGroup:
    group = db.session.get(WorkingGroup, record.group_id)
    assert group is not None  # a foreign key
    return group


def _can_read_record(user: Actor, record: ActivityRecord) -> bool:
    return can_read_group_records(user, _group(record))


def _can_edit_record(user: Actor, record: ActivityRecord) -> bool:
    """The record's author (while still in the group) and the programme office."""
    group = _group(record)
    if not can_add_group_record(user, group):
        return False
    return can_manage_working_group(user, group) or record.author_id == getattr(user, "id", None)


def _record_title(record: ActivityRecord) -> str:
    return _(
        "%(group)s の活動記録（%(date)s）", group=_group(record).name, date=record.occurred_on.strftime("%Y/%m/%d")
    )


KINDS: dict[str, ParentKind] = {
    kind.name: kind
    for kind in (
        ParentKind("need", Need, "need_id", can_view_need, can_edit_need, _never_frozen,
                   lambda need: need.title, lambda need: url_for("needs.detail", need_id=need.id)),
        ParentKind("proposal", Proposal, "proposal_id", can_view_proposal, can_edit_proposal, _proposal_frozen,
                   lambda p: _("「%(title)s」への提案", title=p.need.title),
                   lambda p: url_for("proposals.detail", proposal_id=p.id)),
        ParentKind("seed", Seed, "seed_id", can_view_seed, can_edit_seed, _never_frozen,
                   lambda seed: seed.title, lambda seed: url_for("seeds.detail", seed_id=seed.id)),
        ParentKind("record", ActivityRecord, "activity_record_id", _can_read_record, _can_edit_record,
                   _never_frozen, _record_title,
                   lambda r: url_for("workgroups.detail", group_id=r.group_id) + f"#record-{r.id}"),
        ParentKind("case", KnowledgeCase, "case_id", can_view_case, lambda user, _case: can_edit_case(user),
                   _case_frozen, lambda case: case.title, lambda case: url_for("knowledge.detail", case_id=case.id)),
    )
}  # fmt: skip

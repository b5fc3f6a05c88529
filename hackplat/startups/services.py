"""The rules of startup support.

A startup (``Organisation.is_startup``) states its founding year. Needs marked
startup-friendly (``Need.startup_support``, 「スタートアップ歓迎」) come first on /needs
for a startup's members. A startup's proposal to such a need may ask for a coordinator's
mentoring (``MentoringRequest``): ``requested → taken → closed``, each step audited, the
proposer told when a coordinator takes it and when it is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, joinedload

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.models import (
    Actor,
    MentoringRequest,
    MentoringStatus,
    Need,
    Proposal,
    User,
    utcnow,
)
from hackplat.models.exchange import RECEIVED_STATUSES
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.permissions import can_edit_proposal, can_mentor_startups, require
from hackplat.startups.ordering import is_startup_member

NOTE_MAX = 1000


# --- mentoring requests ---


@dataclass(frozen=True)
class MentoringWish:
    """The proposal form's box 「コーディネーターのメンタリングを希望する」 and its note."""

    wanted: bool
    note: str = ""


def request_of(proposal: Proposal | None) -> MentoringRequest | None:
    if proposal is None or proposal.id is None:
        return None
    return db.session.scalar(select(MentoringRequest).where(MentoringRequest.proposal_id == proposal.id))


def offered(need: Need, user: Actor) -> bool:
    """Whether the proposal form offers the box (the service still checks)."""
    return bool(need.startup_support) and is_startup_member(user)


def _check_wish(need: Need, wish: MentoringWish, actor: User) -> None:
    if len(wish.note) > NOTE_MAX:
        raise InvalidInput(_("%(max)d文字以内で入力してください。", max=NOTE_MAX), field="mentoring_note")
    if not wish.wanted:
        return
    if not is_startup_member(actor):
        message = _("メンタリングを希望できるのは、スタートアップとして登録された組織の提案だけです。")
        raise InvalidInput(message, field="mentoring")
    if not need.startup_support:
        raise Conflict(
            _("この課題は「スタートアップ歓迎」の課題ではないため、メンタリングは希望できません。"), field="mentoring"
        )


def save_with_wish(need: Need, wish: MentoringWish, save: Callable[[], Proposal], *, actor: User) -> Proposal:
    """Check the wish first (a refused wish writes nothing), save the proposal with
    ``save``, then record, change or withdraw its mentoring request."""
    _check_wish(need, wish, actor)
    proposal = save()
    require(can_edit_proposal(actor, proposal))
    current = request_of(proposal)
    if current is not None and current.status is not MentoringStatus.REQUESTED:
        return proposal  # taken or closed: the box no longer changes it
    if wish.wanted and current is None:
        current = MentoringRequest(proposal=proposal, note=wish.note, requested_by_id=actor.id, requested_at=utcnow())
        db.session.add(current)
        flush_or_conflict()
        audit.record("mentoring.requested", "mentoring_request", current.id, actor=actor,
                     detail={"proposal_id": proposal.id})  # fmt: skip
    elif wish.wanted and current is not None and current.note != wish.note:
        current.note = wish.note
        audit.record("mentoring.note_changed", "mentoring_request", current.id, actor=actor)
    elif not wish.wanted and current is not None:
        audit.record("mentoring.withdrawn", "mentoring_request", current.id, actor=actor,
                     detail={"proposal_id": proposal.id})  # fmt: skip
        db.session.delete(current)
    flush_or_conflict()
    return proposal


def take_request(request: MentoringRequest, *, version: int | None, actor: User) -> MentoringRequest:
    """A coordinator takes a waiting request: theirs from today, the proposer is told."""
    require(can_mentor_startups(actor))
    require_version(request, version)
    if request.status is not MentoringStatus.REQUESTED:
        raise Conflict(_("このメンタリングの希望は既に担当者が決まっています。"))
    if request.proposal.status not in RECEIVED_STATUSES:
        raise Conflict(_("提出されていない提案のメンタリングは担当できません。"))
    request.status, request.coordinator_id, request.taken_at = MentoringStatus.TAKEN, actor.id, utcnow()
    audit.record("mentoring.taken", "mentoring_request", request.id, actor=actor,
                 detail={"proposal_id": request.proposal_id})  # fmt: skip
    flush_or_conflict()
    _tell_proposer(request, actor, taken=True)
    return request


def close_request(request: MentoringRequest, note: str, *, version: int | None, actor: User) -> MentoringRequest:
    """The coordinator ends the mentoring with a note the proposer reads."""
    require(can_mentor_startups(actor))
    require_version(request, version)
    note = note.strip()
    if not note:
        raise InvalidInput(_("終了のメモを入力してください。"), field="note")
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("%(max)d文字以内で入力してください。", max=NOTE_MAX), field="note")
    if request.status is not MentoringStatus.TAKEN:
        raise Conflict(_("終了できるのは担当中のメンタリングだけです。"))
    request.status, request.closed_at, request.close_note = MentoringStatus.CLOSED, utcnow(), note
    audit.record("mentoring.closed", "mentoring_request", request.id, actor=actor,
                 detail={"proposal_id": request.proposal_id})  # fmt: skip
    flush_or_conflict()
    _tell_proposer(request, actor, taken=False)
    return request


def _tell_proposer(request: MentoringRequest, coordinator: User, *, taken: bool) -> None:
    proposal = request.proposal
    title = shortened(proposal.need.title)
    with force_locale(NOTIFICATION_LOCALE):
        if taken:
            subject = _("メンタリングの担当が決まりました: %(title)s", title=title)
            body = _("「%(title)s」への提案のメンタリングを %(name)s が担当します。", title=proposal.need.title,
                     name=coordinator.name)  # fmt: skip
        else:
            subject = _("メンタリングが終了しました: %(title)s", title=title)
            body = _("「%(title)s」への提案のメンタリングが終了しました。", title=proposal.need.title)
            body += "\n" + (request.close_note or "")
        kind = "proposal.mentoring_taken" if taken else "proposal.mentoring_closed"
        notify(proposal.organisation.members, kind, subject, body, f"/proposals/{proposal.id}")


def waiting_requests() -> Select[MentoringRequest]:
    """Requests waiting to be taken, oldest first (the office's home), served by
    ix_mentoring_requests_status_requested_at."""
    return _with_proposal(MentoringRequest.status == MentoringStatus.REQUESTED)


def taken_by(coordinator: User) -> Select[MentoringRequest]:
    """The requests ``coordinator`` took and has not closed yet, oldest first: on the home
    page until closed, so that a taken request is never lost from sight."""
    return _with_proposal(MentoringRequest.status == MentoringStatus.TAKEN,
                          MentoringRequest.coordinator_id == coordinator.id)  # fmt: skip


def _with_proposal(*conditions: Any) -> Select[MentoringRequest]:
    """Requests with their proposal, its organisation and need loaded (each home entry
    names them), on proposals the department has seen, oldest first."""
    return (
        select(MentoringRequest)
        .join(Proposal, Proposal.id == MentoringRequest.proposal_id)
        .options(
            contains_eager(MentoringRequest.proposal).options(
                joinedload(Proposal.organisation), joinedload(Proposal.need)
            )
        )  # fmt: skip
        .where(*conditions, Proposal.status.in_(RECEIVED_STATUSES))
        .order_by(MentoringRequest.requested_at, MentoringRequest.id)
    )

"""Pilot projects: created by the programme office from a selected proposal, then run
with the department through ``considered → running → evaluated → rolled_out | stopped``.

Every stage change goes through ``change_stage`` with the date it happened (a Japan-time
calendar date, neither in the future nor before the current stage began) and a reason
(required to stop); it writes the pilot's history (``PilotStageChange``) and the audit
record. Yearly milestones and KPIs are in ``measures.py``, the reads in ``queries.py``.

Refusals: permission 403; what the life cycle forbids 409 (a proposal that is not
selected, a second pilot for a proposal, a move ``LIFE_CYCLE`` does not list); bad input
400 next to its field — a date in the future or before the current stage's date is bad
input too, since correcting the date is all it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.labels import NEED_STATUS_LABELS, PILOT_STAGE_LABELS, PROPOSAL_STATUS_LABELS
from hackplat.lifecycle import LifeCycle, Move
from hackplat.models import Actor, NeedStatus, Pilot, PilotStage, PilotStageChange, Proposal, ProposalStatus, User
from hackplat.needs.services import allowed_moves as need_moves
from hackplat.needs.services import change_need_status
from hackplat.permissions import can_create_pilot, can_manage_pilot, require
from hackplat.pilots import notices
from hackplat.pilots.queries import pilot_of_proposal
from hackplat.validation import checked_text

TITLE_MAX = 200
SUMMARY_MAX = 4000
REASON_MAX = 1000

S = PilotStage
MANAGER = Move(can_manage_pilot)
#: The moves that exist; anyone who may manage the pilot may make them.
LIFE_CYCLE: LifeCycle[PilotStage, Pilot] = LifeCycle(
    moves={
        (S.CONSIDERED, S.RUNNING): MANAGER,
        (S.RUNNING, S.EVALUATED): MANAGER,
        (S.EVALUATED, S.ROLLED_OUT): MANAGER,
        (S.CONSIDERED, S.STOPPED): MANAGER,
        (S.RUNNING, S.STOPPED): MANAGER,
        (S.EVALUATED, S.STOPPED): MANAGER,
    },
    labels=PILOT_STAGE_LABELS,
    refusal=_l("「%(before)s」の試行プロジェクトを「%(after)s」にすることはできません。"),
    audit_prefix="pilot",
    object_type="pilot",
    attribute="stage",
)


@dataclass(frozen=True)
class PilotText:
    """What the pilot form edits."""

    title: str
    summary: str = ""


def text_from(proposal: Proposal) -> PilotText:
    """The starting text of a new pilot: the need's title with the organisation's name,
    and the proposal's summary."""
    title = _("%(need)s（%(organisation)s）", need=proposal.need.title, organisation=proposal.organisation.name)
    return PilotText(title=title[:TITLE_MAX], summary=proposal.summary[:SUMMARY_MAX])


# --- creating and editing ---


def check_pilotable(proposal: Proposal, *, actor: User) -> None:
    """Refuse (403, then 409) a pilot from this proposal: only the programme office, only
    from a selected proposal, one pilot per proposal, and the need must be able to move
    to (or already be) ``piloting``."""
    require(can_create_pilot(actor))
    if proposal.status is not ProposalStatus.SELECTED:
        raise Conflict(
            _("試行プロジェクトは採択された提案からのみ作成できます（この提案は「%(status)s」です）。",
              status=PROPOSAL_STATUS_LABELS[proposal.status])
        )  # fmt: skip
    if pilot_of_proposal(proposal) is not None:
        raise _already_piloted()
    need = proposal.need
    if need.status is not NeedStatus.PILOTING and NeedStatus.PILOTING not in need_moves(need, actor):
        raise Conflict(
            _("課題が「%(status)s」のため、試行プロジェクトを作成できません。", status=NEED_STATUS_LABELS[need.status])
        )


def _already_piloted() -> Conflict:
    return Conflict(_("この提案からは既に試行プロジェクトが作成されています。"))


def _check_text(text: PilotText) -> None:
    checked_text(text.title, "title", TITLE_MAX, needed=True, missing=_("タイトルを入力してください。"))
    checked_text(text.summary, "summary", SUMMARY_MAX)


def _checked_date(on: date | None, not_before: date | None) -> date:
    """A stage's date: given, in Japan time not after today, not before ``not_before``."""
    if on is None:
        raise InvalidInput(_("日付を入力してください。"), field="changed_on")
    if on > japan_today():
        raise InvalidInput(
            _("未来の日付は指定できません。今日（日本時間）以前の日付を入力してください。"), field="changed_on"
        )
    if not_before is not None and on < not_before:
        raise InvalidInput(
            _(
                "現在の段階の開始日（%(date)s）より前の日付は指定できません。",
                date=format_date(not_before, "yyyy/MM/dd"),
            ),
            field="changed_on",
        )
    return on


def create_pilot(proposal: Proposal, text: PilotText, *, actor: User, considered_on: date | None = None) -> Pilot:
    """A new pilot at ``considered`` (since ``considered_on``, default today in Japan),
    linking the proposal's need, its department and the proposing organisation; the need
    moves to ``piloting`` unless it is there already (a second selected proposal)."""
    check_pilotable(proposal, actor=actor)
    _check_text(text)
    considered_on = _checked_date(considered_on or japan_today(), None)
    need = proposal.need
    if need.status is not NeedStatus.PILOTING:
        change_need_status(need, NeedStatus.PILOTING, actor=actor, reason=_("試行プロジェクトの開始"))
    pilot = Pilot(
        proposal=proposal, need=need, department_id=need.department_id, organisation_id=proposal.organisation_id,
        title=text.title.strip(), summary=text.summary.strip(), stage=S.CONSIDERED,
        stage_changed_on=considered_on, created_by_id=actor.id,
    )  # fmt: skip
    db.session.add(pilot)
    flush_or_conflict(on_duplicate=_already_piloted())
    _record_stage(pilot, None, S.CONSIDERED, considered_on, "", actor)
    audit.record(
        "pilot.created", "pilot", pilot.id, actor=actor, detail={"proposal_id": proposal.id, "on": str(considered_on)}
    )
    notices.tell_created(pilot)
    flush_or_conflict()
    return pilot


def update_pilot(pilot: Pilot, text: PilotText, *, expected_version: int | None, actor: User) -> Pilot:
    """Save the title and summary edited on the pilot as it was at ``expected_version``."""
    require(can_manage_pilot(actor, pilot))
    require_version(pilot, expected_version)
    _check_text(text)
    changed = [name for name in ("title", "summary") if getattr(pilot, name) != getattr(text, name).strip()]
    pilot.title, pilot.summary = text.title.strip(), text.summary.strip()
    audit.record("pilot.updated", "pilot", pilot.id, actor=actor, detail={"changed": changed})
    flush_or_conflict()
    return pilot


# --- the stage life cycle ---


def _record_stage(
    pilot: Pilot, before: PilotStage | None, to: PilotStage, on: date, reason: str, actor: User | None
) -> None:
    change = PilotStageChange(
        from_stage=before, to_stage=to, changed_on=on, reason=reason, actor_id=actor.id if actor is not None else None
    )
    pilot.stage_changes.append(change)


def _checked_reason(to: PilotStage, reason: str | None) -> str:
    """The reason is required to stop a pilot."""
    if to is S.STOPPED and not (reason or "").strip():
        raise InvalidInput(_("中止の理由を入力してください。"), field="reason")
    return checked_text(reason, "reason", REASON_MAX)


def change_stage(pilot: Pilot, to: PilotStage, *, on: date | None, reason: str | None = "", actor: User) -> Pilot:
    """The one way a pilot changes stage (see ``LIFE_CYCLE``), then the date it happened
    and the reason; the pilot keeps the history of its stages."""
    step = LIFE_CYCLE.check(pilot, to, actor=actor)
    changed_on = _checked_date(on, pilot.stage_changed_on)
    reason = _checked_reason(to, reason)
    pilot.stage_changed_on = changed_on
    _record_stage(pilot, step.before, to, changed_on, reason, actor)
    LIFE_CYCLE.enter(pilot, step, detail={"on": str(changed_on), "reason": reason})
    notices.tell_stage(pilot)
    return pilot


def allowed_stages(pilot: Pilot, user: Actor) -> list[PilotStage]:
    """The stages ``user`` may move ``pilot`` to, in the life cycle's order."""
    return LIFE_CYCLE.allowed(pilot, user)

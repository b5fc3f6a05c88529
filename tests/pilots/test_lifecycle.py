"""The pilot stage life cycle: every stage × every target × every kind of actor; the date
rules (Japan time, not in the future, not before the current stage began); the reason
required to stop."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, PilotStage, PilotStageChange
from hackplat.pilots.services import allowed_stages, change_stage

S = PilotStage
#: The life cycle as the issue states it, written out independently of the code's table.
ALLOWED = {
    (S.CONSIDERED, S.RUNNING), (S.RUNNING, S.EVALUATED), (S.EVALUATED, S.ROLLED_OUT),
    (S.CONSIDERED, S.STOPPED), (S.RUNNING, S.STOPPED), (S.EVALUATED, S.STOPPED),
}  # fmt: skip
MANAGERS = ("staff", "coordinator", "admin")
OUTSIDERS = ("public", "member", "other_member", "other_staff")


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def history(pilot) -> list[tuple]:
    query = select(PilotStageChange).where(PilotStageChange.pilot_id == pilot.id).order_by(PilotStageChange.id)
    return [(c.from_stage, c.to_stage, c.changed_on, c.reason) for c in db.session.scalars(query)]


@pytest.mark.parametrize(("before", "after"), list(product(S, S)))
def test_every_stage_to_every_target(cast, before, after) -> None:
    pilot = cast.pilot(before)
    since, today = pilot.stage_changed_on, japan_today()
    if (before, after) in ALLOWED:
        change_stage(pilot, after, on=today, reason="理由", actor=cast.staff)
        assert (pilot.stage, pilot.stage_changed_on) == (after, today)
        assert history(pilot) == [(None, before, since, ""), (before, after, today, "理由")]
        assert audit_actions() == [f"pilot.{after.value}"]
    else:
        with pytest.raises(Conflict):
            change_stage(pilot, after, on=today, reason="理由", actor=cast.staff)
        assert (pilot.stage, pilot.stage_changed_on) == (before, since)
        assert len(history(pilot)) == 1
        assert audit_actions() == []


@pytest.mark.parametrize("actor", MANAGERS + OUTSIDERS)
def test_who_may_change_the_stage(cast, actor) -> None:
    pilot = cast.pilot(S.CONSIDERED)
    if actor in MANAGERS:
        change_stage(pilot, S.RUNNING, on=japan_today(), actor=cast.actor(actor))
        assert pilot.stage is S.RUNNING
    else:
        with pytest.raises(PermissionDenied):
            change_stage(pilot, S.RUNNING, on=japan_today(), actor=cast.actor(actor))
        assert pilot.stage is S.CONSIDERED
        assert audit_actions() == []


@pytest.mark.parametrize(("stage", "offered"), [
    (S.CONSIDERED, [S.RUNNING, S.STOPPED]), (S.RUNNING, [S.EVALUATED, S.STOPPED]),
    (S.EVALUATED, [S.ROLLED_OUT, S.STOPPED]), (S.ROLLED_OUT, []), (S.STOPPED, []),
])  # fmt: skip
def test_allowed_stages_for_the_page(cast, stage, offered) -> None:
    pilot = cast.pilot(stage)
    assert allowed_stages(pilot, cast.staff) == offered
    assert allowed_stages(pilot, cast.member) == []


@pytest.mark.parametrize(("days_after_since", "valid"), [(-1, False), (0, True), (5, True), (10, True), (11, False)])
def test_the_date_lies_between_the_current_stage_and_today(cast, days_after_since, valid) -> None:
    """The pilot's stage began ten days ago: ten days later is today, eleven the future."""
    pilot = cast.pilot(S.CONSIDERED, since=japan_today() - timedelta(days=10))
    on = pilot.stage_changed_on + timedelta(days=days_after_since)
    if valid:
        change_stage(pilot, S.RUNNING, on=on, actor=cast.staff)
        assert pilot.stage_changed_on == on
    else:
        with pytest.raises(InvalidInput) as refusal:
            change_stage(pilot, S.RUNNING, on=on, actor=cast.staff)
        assert refusal.value.field == "changed_on"
        assert pilot.stage is S.CONSIDERED
        assert len(history(pilot)) == 1
        assert audit_actions() == []


def test_a_date_is_required(cast) -> None:
    pilot = cast.pilot(S.CONSIDERED)
    with pytest.raises(InvalidInput):
        change_stage(pilot, S.RUNNING, on=None, actor=cast.staff)


def test_today_is_japan_today(cast, monkeypatch) -> None:
    """At 00:30 on 1 April in Japan it is still 31 March in UTC: 1 April is not the future."""
    pilot = cast.pilot(S.CONSIDERED, since=date(2024, 3, 1))
    at_half_past_midnight_in_japan = datetime(2024, 3, 31, 15, 30, tzinfo=UTC)
    monkeypatch.setattr("hackplat.pilots.services.japan_today", lambda: japan_today(at_half_past_midnight_in_japan))
    change_stage(pilot, S.RUNNING, on=date(2024, 4, 1), actor=cast.staff)
    with pytest.raises(InvalidInput):
        change_stage(pilot, S.EVALUATED, on=date(2024, 4, 2), actor=cast.staff)


@pytest.mark.parametrize("reason", [None, "", "   "])
@pytest.mark.parametrize("stage", [S.CONSIDERED, S.RUNNING, S.EVALUATED])
def test_stopping_needs_a_reason(cast, stage, reason) -> None:
    pilot = cast.pilot(stage)
    with pytest.raises(InvalidInput) as refusal:
        change_stage(pilot, S.STOPPED, on=japan_today(), reason=reason, actor=cast.coordinator)
    assert refusal.value.field == "reason"
    assert pilot.stage is stage
    assert audit_actions() == []


def test_the_reason_is_kept_in_history_and_audit(cast) -> None:
    pilot = cast.pilot(S.RUNNING)
    change_stage(pilot, S.STOPPED, on=japan_today(), reason="  予算が確保できなかった  ", actor=cast.coordinator)
    assert history(pilot)[-1][3] == "予算が確保できなかった"
    detail = db.session.scalar(select(AuditRecord.detail))
    assert detail == {"from": "running", "on": str(japan_today()), "reason": "予算が確保できなかった"}


def test_the_life_cycle_is_checked_before_the_input(cast) -> None:
    """A finished pilot answers 409 whatever the date says."""
    pilot = cast.pilot(S.ROLLED_OUT)
    with pytest.raises(Conflict, match="横展開"):
        change_stage(pilot, S.STOPPED, on=japan_today() + timedelta(days=3), reason="", actor=cast.staff)

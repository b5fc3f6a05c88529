"""The shared life-cycle helper, on a small life cycle of its own over needs: who may
make which move, the one order of refusals, the guard, the audit record and the moves
offered to each actor."""

from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.labels import NEED_STATUS_LABELS
from hackplat.lifecycle import LifeCycle, Move
from hackplat.models import Actor, AuditRecord, Need, NeedStatus, Role
from hackplat.permissions import can_edit_need, is_coordinator

S = NeedStatus


def office_only(actor: Actor, _need: Need) -> bool:
    return is_coordinator(actor)


def needs_a_problem(need: Need) -> None:
    if not need.problem:
        raise InvalidInput("課題を書いてください。", field="problem")


#: draft → open (the department, with a guard) → closed (the programme office only).
LIFE_CYCLE: LifeCycle[NeedStatus, Need] = LifeCycle(
    moves={
        (S.DRAFT, S.OPEN): Move(can_edit_need, guard=needs_a_problem),
        (S.OPEN, S.CLOSED): Move(office_only),
    },
    labels=NEED_STATUS_LABELS,
    refusal=_l("「%(before)s」の課題を「%(after)s」にすることはできません。"),
    audit_prefix="test_need",
    object_type="need",
)
ACTORS = ("public", "member", "other_staff", "staff", "coordinator")


@pytest.fixture
def setting(make_need, make_department, make_user):
    """A need of one department and a function that names each kind of actor."""
    department = make_department("こども青少年局")
    actors = {
        "public": None,
        "member": make_user(Role.MEMBER),
        "other_staff": make_user(Role.STAFF, department=make_department("他の局")),
        "staff": make_user(Role.STAFF, department=department),
        "coordinator": make_user(Role.COORDINATOR),
    }
    return lambda status, **fields: make_need(department=department, status=status, **fields), actors


def audit_records() -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.action.startswith("test_need.")).order_by(AuditRecord.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize(
    ("actor", "before", "to", "refusal"),
    [
        # an outsider is refused before the life cycle says anything about the need
        ("public", S.DRAFT, S.OPEN, PermissionDenied),
        ("member", S.OPEN, S.CLOSED, PermissionDenied),
        ("other_staff", S.DRAFT, S.RESOLVED, PermissionDenied),
        # a move that does not exist, for one who may move the need
        ("staff", S.DRAFT, S.CLOSED, Conflict),
        ("coordinator", S.OPEN, S.DRAFT, Conflict),
        ("coordinator", S.DRAFT, S.DRAFT, Conflict),
        # a move that exists and is someone else's
        ("staff", S.OPEN, S.CLOSED, PermissionDenied),
        # allowed
        ("staff", S.DRAFT, S.OPEN, None),
        ("coordinator", S.DRAFT, S.OPEN, None),
        ("coordinator", S.OPEN, S.CLOSED, None),
    ],
)
def test_who_may_make_which_move(setting, actor, before, to, refusal) -> None:
    make, actors = setting
    need = make(before)
    if refusal is None:
        LIFE_CYCLE.enter(need, LIFE_CYCLE.check(need, to, actor=actors[actor]))
        assert need.status is to
        return
    with pytest.raises(refusal):
        LIFE_CYCLE.check(need, to, actor=actors[actor])
    assert need.status is before
    assert audit_records() == []


def test_a_move_that_does_not_exist_names_both_statuses(setting) -> None:
    make, actors = setting
    with pytest.raises(Conflict, match="^「下書き」の課題を「終了」にすることはできません。$"):
        LIFE_CYCLE.check(make(S.DRAFT), S.CLOSED, actor=actors["coordinator"])


def test_the_guard_refuses_with_its_own_error(setting) -> None:
    make, actors = setting
    need = make(S.DRAFT, problem="")
    with pytest.raises(InvalidInput, match="課題を書いてください") as refusal:
        LIFE_CYCLE.check(need, S.OPEN, actor=actors["staff"])
    assert refusal.value.field == "problem"
    assert need.status is S.DRAFT
    assert audit_records() == []


def test_the_guard_comes_after_the_permission(setting) -> None:
    make, actors = setting
    with pytest.raises(PermissionDenied):
        LIFE_CYCLE.check(make(S.DRAFT, problem=""), S.OPEN, actor=actors["member"])


def test_entering_writes_one_audit_record_and_flushes(setting) -> None:
    make, actors = setting
    need, staff = make(S.DRAFT), actors["staff"]
    step = LIFE_CYCLE.check(need, S.OPEN, actor=staff)
    assert (step.before, step.to, step.actor) == (S.DRAFT, S.OPEN, staff)
    LIFE_CYCLE.enter(need, step, detail={"reason": "準備完了"})
    assert not db.session.dirty  # flushed: the change and its record are written together
    [entry] = audit_records()
    assert (entry.action, entry.object_type, entry.object_id) == ("test_need.open", "need", str(need.id))
    assert entry.actor_id == staff.id
    assert entry.detail == {"from": "draft", "reason": "準備完了"}


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (S.DRAFT, {"public": [], "member": [], "other_staff": [], "staff": [S.OPEN], "coordinator": [S.OPEN]}),
        (S.OPEN, {"public": [], "member": [], "other_staff": [], "staff": [], "coordinator": [S.CLOSED]}),
        (S.CLOSED, dict.fromkeys(ACTORS, [])),
    ],
)
def test_the_moves_offered_to_each_actor(setting, status, offered) -> None:
    make, actors = setting
    need = make(status, problem="")  # the guard is the move's business, not the offer's
    assert {name: LIFE_CYCLE.allowed(need, actor) for name, actor in actors.items()} == offered

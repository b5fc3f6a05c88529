"""The need life cycle: every (from, to) pair × every kind of actor, allowed or refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, NeedStatus, Role
from hackplat.needs import services
from hackplat.needs.services import change_need_status, close_need, publish_need

S = NeedStatus
ACTORS = ("public", "member", "other_staff", "staff", "coordinator", "admin")
DEPARTMENT = {"staff", "coordinator", "admin"}  # the need's own staff and the programme office
OFFICE = {"coordinator", "admin"}

#: The life cycle as the issue states it, written out independently of the code's table.
ALLOWED = {
    (S.DRAFT, S.OPEN): DEPARTMENT,
    (S.OPEN, S.WORKING_GROUP): OFFICE,
    (S.WORKING_GROUP, S.PILOTING): OFFICE,
    (S.OPEN, S.PILOTING): OFFICE,  # a pilot straight from a selected proposal
    (S.PILOTING, S.RESOLVED): OFFICE,
    (S.DRAFT, S.CLOSED): DEPARTMENT,
    (S.OPEN, S.CLOSED): DEPARTMENT,
    (S.WORKING_GROUP, S.CLOSED): DEPARTMENT,
    (S.PILOTING, S.CLOSED): DEPARTMENT,
}


def expected_outcome(before: NeedStatus, after: NeedStatus, actor: str) -> type[Exception] | None:
    """Permission first (who may touch the need at all), then the life cycle, then the
    move's own rule."""
    if actor not in DEPARTMENT:
        return PermissionDenied
    if (before, after) not in ALLOWED:
        return Conflict
    return None if actor in ALLOWED[(before, after)] else PermissionDenied


@pytest.fixture
def actor_named(make_user, make_department):
    def make(name: str, department):
        match name:
            case "public":
                return None
            case "member":
                return make_user(Role.MEMBER)
            case "other_staff":
                return make_user(Role.STAFF, department=make_department("他の局"))
            case "staff":
                return make_user(Role.STAFF, department=department)
        return make_user(Role(name))

    return make


def audit_actions() -> list[str]:
    """What was done to needs (signing in is audited too, and not of interest here)."""
    query = select(AuditRecord.action).where(AuditRecord.object_type == "need").order_by(AuditRecord.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize(("before", "after"), list(product(NeedStatus, NeedStatus)))
def test_transition_table(make_need, make_department, actor_named, before, after, actor_name) -> None:
    department = make_department("こども青少年局")
    need = make_need(department=department, status=before)
    actor = actor_named(actor_name, department)
    refusal = expected_outcome(before, after, actor_name)
    if refusal is None:
        change_need_status(need, after, actor=actor)
        assert need.status is after
        assert audit_actions() == [f"need.{after.value}"]
    else:
        with pytest.raises(refusal):
            change_need_status(need, after, actor=actor)
        db.session.rollback()
        assert need.status is before
        assert audit_actions() == []


def test_every_move_of_the_table_is_tested() -> None:
    """The code's table names exactly the moves the issue allows."""
    assert set(services.LIFE_CYCLE.moves) == set(ALLOWED)


def test_publishing_sets_published_at_and_records_who(make_need, make_user) -> None:
    need = make_need(status=S.DRAFT)
    staff = make_user(Role.STAFF, department=need.department)
    assert need.published_at is None
    publish_need(need, actor=staff)
    db.session.commit()
    assert need.status is S.OPEN
    assert need.published_at is not None
    entry = db.session.scalar(select(AuditRecord))
    assert (entry.action, entry.object_id, entry.actor_id) == ("need.open", str(need.id), staff.id)
    assert entry.detail["from"] == "draft"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"problem": ""}, "problem"),
        ({"problem": "   "}, "problem"),
        ({"deadline": None}, "deadline"),
        ({"deadline": date(2020, 1, 1)}, "deadline"),
    ],
)
def test_publishing_needs_a_problem_and_a_deadline_not_yet_passed(make_need, make_user, fields, field) -> None:
    need = make_need(status=S.DRAFT, **fields)
    with pytest.raises(InvalidInput) as refusal:
        publish_need(need, actor=make_user(Role.COORDINATOR))
    assert refusal.value.field == field
    db.session.rollback()
    assert need.status is S.DRAFT
    assert need.published_at is None


def test_a_deadline_of_today_in_japan_may_be_published(make_need, make_user, monkeypatch) -> None:
    monkeypatch.setattr(services, "japan_today", lambda: date(2031, 5, 1))
    need = make_need(status=S.DRAFT, deadline=date(2031, 5, 1))
    publish_need(need, actor=make_user(Role.COORDINATOR))
    assert need.status is S.OPEN
    late = make_need(status=S.DRAFT, deadline=date(2031, 4, 30))
    with pytest.raises(InvalidInput):
        publish_need(late, actor=make_user(Role.COORDINATOR))


def test_japan_today_is_the_date_in_tokyo_not_on_the_server() -> None:
    assert japan_today(datetime(2024, 3, 31, 14, 59, tzinfo=UTC)) == date(2024, 3, 31)
    assert japan_today(datetime(2024, 3, 31, 15, 0, tzinfo=UTC)) == date(2024, 4, 1)


def test_closing_keeps_the_reason_in_the_audit_trail(make_need, make_user) -> None:
    need = make_need(status=S.OPEN)
    close_need(need, actor=make_user(Role.STAFF, department=need.department), reason="他の事業で対応")
    entry = db.session.scalar(select(AuditRecord))
    assert need.status is S.CLOSED
    assert entry.action == "need.closed"
    assert entry.detail["reason"] == "他の事業で対応"


def test_a_life_cycle_refusal_says_why_in_the_ui(client, login, make_need, make_user) -> None:
    need = make_need(status=S.RESOLVED)
    login(make_user(Role.COORDINATOR))
    response = client.submit(f"/needs/{need.id}/close")
    assert response.status_code == 409
    assert "「解決済み」の課題を「終了」にすることはできません" in response.get_data(as_text=True)
    assert need.status is S.RESOLVED


def test_publishing_a_need_without_a_deadline_is_a_400_in_the_ui(client, login, make_need, make_user) -> None:
    need = make_need(status=S.DRAFT, deadline=None)
    login(make_user(Role.STAFF, department=need.department))
    response = client.submit(f"/needs/{need.id}/publish")
    assert response.status_code == 400
    assert "提案の締切日が必要" in response.get_data(as_text=True)
    assert need.status is S.DRAFT
    assert audit_actions() == []


def test_staff_publish_and_close_their_need_in_the_ui(client, login, make_need, make_user) -> None:
    need = make_need(status=S.DRAFT, deadline=japan_today() + timedelta(days=7))
    login(make_user(Role.STAFF, department=need.department))
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "公開する" in page
    assert "終了する" in page
    assert client.submit(f"/needs/{need.id}/publish").status_code == 302
    assert need.status is S.OPEN
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "公開する" not in page
    assert "募集中" in page
    response = client.submit(f"/needs/{need.id}/close", {"reason": "予算の都合"})
    assert response.status_code == 302
    assert need.status is S.CLOSED
    assert audit_actions() == ["need.open", "need.closed"]


def test_a_too_long_closing_reason_is_refused_and_nothing_changes(client, login, make_need, make_user) -> None:
    need = make_need(status=S.OPEN)
    login(make_user(Role.COORDINATOR))
    response = client.submit(f"/needs/{need.id}/close", {"reason": "あ" * 1001})
    assert response.status_code == 400
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert need.status is S.OPEN
    assert audit_actions() == []

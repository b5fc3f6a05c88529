"""The group's life cycle ``forming → active → concluded``: every from-state × to-state
through the service, and the two moves through their routes."""

from __future__ import annotations

import itertools

import pytest

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import MembershipStatus, WorkingGroupStatus
from hackplat.workgroups.services import change_group_status
from tests.workgroups.conftest import audit_actions

S = WorkingGroupStatus
ALLOWED = {(S.FORMING, S.ACTIVE), (S.ACTIVE, S.CONCLUDED)}
ROUTES = {S.ACTIVE: "activate", S.CONCLUDED: "conclude"}
OUTCOME = "保育所入所申請のオンライン化を試行する。株式会社こそだてテックの提案を採択。"


@pytest.mark.parametrize(("before", "after"), list(itertools.product(S, S)))
def test_every_move_of_the_table(cast, make_group, before, after) -> None:
    group = make_group(before, {cast.organisation: MembershipStatus.ACCEPTED})
    if (before, after) in ALLOWED:
        change_group_status(group, after, actor=cast.coordinator, outcome=OUTCOME)
        assert group.status is after
        assert audit_actions(group.id) == [f"working_group.{after.value}"]
    else:
        with pytest.raises(Conflict, match="ワーキンググループを"):
            change_group_status(group, after, actor=cast.coordinator, outcome=OUTCOME)
        db.session.rollback()
        assert group.status is before
        assert audit_actions() == []


@pytest.mark.parametrize(("before", "after"), list(itertools.product(S, ROUTES)))
def test_every_move_through_its_route(client, login, cast, make_group, before, after) -> None:
    group = make_group(before, {cast.organisation: MembershipStatus.ACCEPTED})
    login(cast.coordinator)
    response = client.submit(f"/workgroups/{group.id}/{ROUTES[after]}", {"outcome": OUTCOME})
    db.session.refresh(group)
    if (before, after) in ALLOWED:
        assert response.status_code == 302
        assert group.status is after
    else:
        assert response.status_code == 409
        assert group.status is before
        label = {S.FORMING: "結成中", S.ACTIVE: "活動中", S.CONCLUDED: "終了"}[before]
        assert f"「{label}」" in response.get_data(as_text=True)


def test_activating_needs_an_accepted_organisation(client, login, cast, make_group) -> None:
    group = make_group(S.FORMING, {cast.organisation: MembershipStatus.INVITED})
    login(cast.coordinator)
    response = client.submit(f"/workgroups/{group.id}/activate")
    db.session.refresh(group)
    assert response.status_code == 409
    assert "承諾した組織が1つ以上必要" in response.get_data(as_text=True)
    assert group.status is S.FORMING
    assert group.activated_at is None
    assert audit_actions() == []


def test_concluding_records_the_outcome_shown_on_the_page(client, login, switch_to, cast, make_group) -> None:
    group = make_group(S.ACTIVE, {cast.organisation: MembershipStatus.ACCEPTED})
    login(cast.coordinator)
    client.submit(f"/workgroups/{group.id}/conclude", {"outcome": OUTCOME})
    db.session.refresh(group)
    assert group.outcome == OUTCOME
    assert group.concluded_at is not None
    switch_to(cast.member)
    assert OUTCOME in client.get(f"/workgroups/{group.id}").get_data(as_text=True)


@pytest.mark.parametrize("outcome", ["", "   ", "x" * 4001])
def test_an_empty_or_long_outcome_is_refused_and_nothing_is_written(client, login, cast, make_group, outcome) -> None:
    group = make_group(S.ACTIVE, {cast.organisation: MembershipStatus.ACCEPTED})
    login(cast.coordinator)
    response = client.submit(f"/workgroups/{group.id}/conclude", {"outcome": outcome})
    db.session.refresh(group)
    assert response.status_code == 400
    assert 'id="outcome-error"' in response.get_data(as_text=True)
    assert group.status is S.ACTIVE
    assert group.outcome is None
    assert audit_actions() == []


def test_the_service_refuses_an_empty_outcome_too(cast, make_group) -> None:
    group = make_group(S.ACTIVE, {cast.organisation: MembershipStatus.ACCEPTED})
    with pytest.raises(InvalidInput) as refusal:
        change_group_status(group, S.CONCLUDED, actor=cast.coordinator, outcome=" ")
    assert refusal.value.field == "outcome"


@pytest.mark.parametrize("kind", ["member", "staff", "other_staff"])
@pytest.mark.parametrize("to", list(ROUTES))
def test_only_coordinators_move_a_group(client, login, cast, make_group, kind, to) -> None:
    before = S.FORMING if to is S.ACTIVE else S.ACTIVE
    group = make_group(before, {cast.organisation: MembershipStatus.ACCEPTED})
    with pytest.raises(PermissionDenied):
        change_group_status(group, to, actor=cast.actor(kind), outcome=OUTCOME)
    login(cast.actor(kind))
    response = client.submit(f"/workgroups/{group.id}/{ROUTES[to]}", {"outcome": OUTCOME})
    db.session.refresh(group)
    assert response.status_code == 403
    assert group.status is before

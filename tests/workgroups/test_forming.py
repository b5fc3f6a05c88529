"""Forming a working group: coordinators only, from an open need without a group; the
need moves to ``working_group`` and the audit trail says who did it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, NeedStatus, WorkingGroup, WorkingGroupStatus
from tests.workgroups.conftest import audit_actions, count

VALID = {"name": "入所申請ワーキンググループ", "purpose": "申請のオンライン化を検討する"}


def new_url(need_id: int) -> str:
    return f"/workgroups/new?need={need_id}"


@pytest.mark.parametrize("kind", ["coordinator", "admin"])
def test_forming_a_group_moves_the_need_and_writes_the_audit(client, login, cast, kind) -> None:
    actor = cast.actor(kind)
    login(actor)
    response = client.submit(new_url(cast.need.id), VALID)
    group = db.session.scalar(select(WorkingGroup))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/workgroups/{group.id}"
    assert (group.name, group.purpose, group.status) == (VALID["name"], VALID["purpose"], WorkingGroupStatus.FORMING)
    assert group.coordinator_id == actor.id
    assert group.need_id == cast.need.id
    assert cast.need.status is NeedStatus.WORKING_GROUP
    assert audit_actions(group.id) == ["working_group.formed"]
    need_audit = select(AuditRecord.action).where(AuditRecord.object_type == "need",
                                                  AuditRecord.object_id == str(cast.need.id))  # fmt: skip
    assert list(db.session.scalars(need_audit)) == ["need.working_group"]


@pytest.mark.parametrize("kind", ["member", "staff"])
def test_only_coordinators_form_groups(client, login, cast, kind) -> None:
    login(cast.actor(kind))
    assert client.get(new_url(cast.need.id)).status_code == 403
    assert count(WorkingGroup) == 0
    assert cast.need.status is NeedStatus.OPEN


def test_anonymous_visitors_are_sent_to_sign_in(client, cast) -> None:
    response = client.get(new_url(cast.need.id))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("status", [s for s in NeedStatus if s is not NeedStatus.OPEN])
def test_only_an_open_need_gets_a_group(client, login, cast, status) -> None:
    cast.need.status = status
    db.session.commit()
    login(cast.coordinator)
    response = client.get(new_url(cast.need.id))
    assert response.status_code == 409
    assert count(WorkingGroup) == 0


def test_one_group_per_need(client, login, cast, make_group) -> None:
    make_group()
    cast.need.status = NeedStatus.OPEN  # even if the need were open again
    db.session.commit()
    login(cast.coordinator)
    response = client.submit(new_url(cast.need.id), VALID)
    assert response.status_code == 409
    assert "既にワーキンググループがあります" in response.get_data(as_text=True)
    assert count(WorkingGroup) == 1


def test_a_missing_need_is_404(client, login, cast) -> None:
    login(cast.coordinator)
    assert client.get(new_url(999_999)).status_code == 404
    assert client.get("/workgroups/new").status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [({"name": "", "purpose": "目的"}, "name"), ({"name": "　 ", "purpose": ""}, "name"),
     ({"name": "x" * 201, "purpose": ""}, "name"), ({"name": "名前", "purpose": "x" * 4001}, "purpose")],
)  # fmt: skip
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(client, login, cast, data, field) -> None:
    login(cast.coordinator)
    response = client.submit(new_url(cast.need.id), data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html
    assert count(WorkingGroup) == 0
    assert cast.need.status is NeedStatus.OPEN
    assert audit_actions() == []


def test_the_need_page_offers_forming_to_coordinators_then_links_the_group(client, login, cast) -> None:
    login(cast.coordinator)
    assert f'href="/workgroups/new?need={cast.need.id}"' in client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    client.submit(new_url(cast.need.id), VALID)
    group = db.session.scalar(select(WorkingGroup))
    html = client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert f'href="/workgroups/{group.id}"' in html
    assert "/workgroups/new" not in html


@pytest.mark.parametrize("kind", ["public", "member", "staff"])
def test_the_need_page_offers_forming_to_no_one_else(client, login, cast, kind) -> None:
    if kind != "public":
        login(cast.actor(kind))
    assert "/workgroups/new" not in client.get(f"/needs/{cast.need.id}").get_data(as_text=True)

"""Who may see and change which need: staff only their department's, nobody else's drafts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, NeedStatus, Role

S = NeedStatus


@pytest.fixture
def outsider(make_user, make_department):
    """Someone signed in who has nothing to do with the need's department."""

    def make(kind: str):
        if kind == "other_staff":
            return make_user(Role.STAFF, department=make_department("他の局"))
        return make_user(Role.MEMBER)

    return make


CHANGES = [
    ("GET", "/edit", {}),
    ("POST", "/edit", {"title": "乗っ取り", "theme_id": "1", "version": "1"}),
    ("POST", "/publish", {}),
    ("POST", "/close", {}),
]


@pytest.mark.parametrize("kind", ["other_staff", "member"])
@pytest.mark.parametrize("status", [S.DRAFT, S.OPEN])
@pytest.mark.parametrize(("method", "suffix", "data"), CHANGES)
def test_outsiders_cannot_change_a_need(client, login, make_need, outsider, kind, status, method, suffix, data) -> None:
    need = make_need(status=status, title="元のタイトル")
    login(outsider(kind))
    url = f"/needs/{need.id}{suffix}"
    response = client.get(url) if method == "GET" else client.submit(url, data)
    assert response.status_code == (404 if status is S.DRAFT else 403)  # a hidden draft is not there at all
    assert (need.title, need.status, need.version) == ("元のタイトル", status, 1)
    assert db.session.scalar(select(AuditRecord.id).where(AuditRecord.object_type == "need")) is None


@pytest.mark.parametrize("kind", ["public", "member", "other_staff"])
def test_a_draft_is_hidden_from_everyone_who_may_not_edit_it(client, login, make_need, outsider, kind) -> None:
    need = make_need(status=S.DRAFT, title="内部の検討中の課題", problem="ほいくしょ")
    if kind != "public":
        login(outsider(kind))
    response = client.get(f"/needs/{need.id}")
    assert response.status_code == 404
    assert "内部の検討中の課題" not in response.get_data(as_text=True)
    for query in ("", "?status=all", "?q=ﾎｲｸｼｮ&status=all"):
        assert "内部の検討中の課題" not in client.get(f"/needs/{query}").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.ADMIN])
def test_the_department_and_the_office_see_a_draft_and_its_actions(client, login, make_need, make_user, role) -> None:
    need = make_need(status=S.DRAFT, title="内部の検討中の課題")
    login(make_user(role, department=need.department if role is Role.STAFF else None))
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "内部の検討中の課題" in page
    assert "編集する" in page
    assert "公開する" in page


@pytest.mark.parametrize("kind", ["public", "member", "other_staff"])
def test_an_open_need_is_public_without_its_actions(client, login, make_need, outsider, kind) -> None:
    need = make_need(status=S.OPEN, title="公開中の課題")
    if kind != "public":
        login(outsider(kind))
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "公開中の課題" in page
    assert "課題の管理" not in page


def test_anonymous_visitors_are_sent_to_sign_in_before_writing(client, make_need) -> None:
    need = make_need(status=S.OPEN)
    for url in ("/needs/new", "/needs/mine", f"/needs/{need.id}/edit"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]

"""Writing needs: creating and editing through the form, validation, lost-update protection."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError

from hackplat.errors import Conflict, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, Need, NeedStatus, Role
from hackplat.needs.services import fields_of, update_need


def need_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Need))


def need_audit() -> list[tuple[str, dict]]:
    query = select(AuditRecord.action, AuditRecord.detail).where(AuditRecord.object_type == "need")
    return [tuple(row) for row in db.session.execute(query.order_by(AuditRecord.id))]


@pytest.fixture
def form_data(themes):
    def make(**overrides: str) -> dict[str, str]:
        return {
            "title": "保育所の空き状況をすぐ知りたい",
            "theme_id": str(themes[1].id),
            "background": "空き状況は毎月の更新で、問い合わせが多い。",
            "problem": "保護者が最新の空きを知る手段がない。",
            "desired_outcome": "空き状況をすぐに公開できる仕組み",
            "expected_effect": "問い合わせの半減",
            "deadline": (japan_today() + timedelta(days=14)).isoformat(),
            "startup_support": "y",
            **overrides,
        }

    return make


def test_staff_create_a_draft_of_their_own_department(client, login, make_user, form_data, themes) -> None:
    staff = make_user(Role.STAFF)
    login(staff)
    page = client.get("/needs/new").get_data(as_text=True)
    assert 'name="department_id"' not in page
    assert staff.department.name in page
    response = client.submit("/needs/new", form_data(expected_effect="ＡＩチャットで問い合わせ半減"))
    assert response.status_code == 302
    need = db.session.scalar(select(Need))
    assert response.headers["Location"].endswith(f"/needs/{need.id}")
    assert (need.status, need.department_id, need.theme_id) == (NeedStatus.DRAFT, staff.department_id, themes[1].id)
    assert need.startup_support
    assert need.created_by_id == staff.id
    assert need.published_at is None
    assert "aiちゃっとで問い合わせ半減" in need.search_text
    assert need_audit() == [("need.created", {"department_id": staff.department_id})]


def test_a_staff_member_cannot_post_a_need_for_another_department(
    client, login, make_user, make_department, form_data
) -> None:
    staff = make_user(Role.STAFF)
    other = make_department("他の局")
    login(staff)
    assert client.submit("/needs/new", form_data(department_id=str(other.id))).status_code == 302
    assert db.session.scalar(select(Need.department_id)) == staff.department_id


def test_coordinators_choose_the_department(client, login, make_user, make_department, form_data) -> None:
    department = make_department("港北区")
    login(make_user(Role.COORDINATOR))
    response = client.submit("/needs/new", form_data(department_id="0"))
    assert response.status_code == 400
    assert 'id="department_id-error"' in response.get_data(as_text=True)
    assert need_count() == 0
    assert client.submit("/needs/new", form_data(department_id=str(department.id))).status_code == 302
    assert db.session.scalar(select(Need.department_id)) == department.id


def yesterday() -> str:
    return (japan_today() - timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "入力してください"),
        ("title", "   ", "入力してください"),
        ("title", "あ" * 201, "200文字以内"),
        ("problem", "あ" * 4001, "4000文字以内"),
        ("background", "あ" * 4001, "4000文字以内"),
        ("theme_id", "0", "選んでください"),
        ("theme_id", "99999", "選択肢が正しくありません"),
        ("deadline", "2024-13-40", "無効な日付"),
        ("deadline", "yesterday", "今日以降の日付"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(
    client, login, make_user, form_data, field, value, message
) -> None:
    login(make_user(Role.STAFF))
    response = client.submit("/needs/new", form_data(**{field: yesterday() if value == "yesterday" else value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page
    assert message in page
    assert need_count() == 0
    assert need_audit() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("problem", "", "「課題」の入力が必要"),
        ("deadline", "", "提案の締切日が必要"),
        ("deadline", "yesterday", "今日以降"),
    ],
)
def test_an_open_need_must_keep_a_problem_and_a_future_deadline(
    client, login, make_need, make_user, form_data, field, value, message
) -> None:
    need = make_need(status=NeedStatus.OPEN, title="元のタイトル")
    login(make_user(Role.STAFF, department=need.department))
    data = form_data(version=str(need.version), **{field: yesterday() if value == "yesterday" else value})
    response = client.submit(f"/needs/{need.id}/edit", data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert message in response.get_data(as_text=True)
    assert need.title == "元のタイトル"
    assert need.version == 1
    assert need_audit() == []


def test_a_draft_may_be_saved_without_a_problem_or_deadline(client, login, make_user, form_data) -> None:
    login(make_user(Role.STAFF))
    assert client.submit("/needs/new", form_data(problem="", deadline="")).status_code == 302
    need = db.session.scalar(select(Need))
    assert need.problem == ""
    assert need.deadline is None


def test_html_typed_into_a_field_comes_back_escaped(client, login, make_user, form_data) -> None:
    login(make_user(Role.STAFF))
    data = form_data(title='<script>alert("x")</script>', problem="<b>太字</b>")
    client.submit("/needs/new", data)
    need = db.session.scalar(select(Need))
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<b>太字" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;太字&lt;/b&gt;" in page


def test_editing_saves_the_changes_and_records_which_fields(client, login, make_need, make_user, form_data) -> None:
    need = make_need(status=NeedStatus.OPEN, title="保育所の空き状況をすぐ知りたい")
    login(make_user(Role.STAFF, department=need.department))
    page = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    assert "保育所の空き状況" in page
    data = form_data(version="1", title=need.title, problem="ＡＩで解決したい課題")
    response = client.submit(f"/needs/{need.id}/edit", data)
    assert response.status_code == 302
    assert need.problem == "ＡＩで解決したい課題"
    assert need.version == 2
    assert "aiで解決" in need.search_text
    action, detail = need_audit()[-1]
    assert action == "need.updated"
    assert "problem" in detail["changed"]
    assert "title" not in detail["changed"]


def test_the_second_of_two_edits_from_the_same_version_is_refused(
    client, login, make_need, make_user, form_data
) -> None:
    need = make_need(status=NeedStatus.OPEN)
    login(make_user(Role.STAFF, department=need.department))
    first = client.submit(f"/needs/{need.id}/edit", form_data(version="1", title="先に保存した版"))
    assert first.status_code == 302
    second = client.submit(f"/needs/{need.id}/edit", form_data(version="1", title="後から保存した版"))
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "他の人が先に更新しました" in page
    assert 'value="後から保存した版"' in page, "the typed text is kept"
    assert need.title == "先に保存した版"
    assert need.version == 2
    assert [action for action, _ in need_audit()] == ["need.updated"]


def test_a_concurrent_write_between_load_and_save_is_a_conflict(make_need, make_user) -> None:
    """The version check in the UPDATE itself: another request wrote after this one loaded."""
    need = make_need(status=NeedStatus.OPEN)
    staff = make_user(Role.STAFF, department=need.department)
    edit = replace(fields_of(need), problem="新しく書いた課題")
    with db.engine.begin() as other_request:
        other_request.execute(
            text("UPDATE needs SET version = version + 1, title = '別の人の版' WHERE id = :id"), {"id": need.id}
        )
    with pytest.raises(Conflict) as refusal:
        update_need(need, edit, expected_version=1, actor=staff)
    assert isinstance(refusal.value.__cause__, StaleDataError)
    db.session.rollback()
    assert need.title == "別の人の版"


@pytest.mark.parametrize("status", [s for s in NeedStatus if s not in (NeedStatus.DRAFT, NeedStatus.OPEN)])
def test_only_draft_and_open_needs_are_edited(client, login, make_need, make_user, form_data, status) -> None:
    need = make_need(status=status)
    login(make_user(Role.COORDINATOR))
    assert client.get(f"/needs/{need.id}/edit").status_code == 409
    response = client.submit(f"/needs/{need.id}/edit", form_data(version="1"))
    assert response.status_code == 409
    assert "編集できません" in response.get_data(as_text=True)
    with pytest.raises(Conflict):
        update_need(need, fields_of(need), expected_version=need.version, actor=make_user(Role.COORDINATOR))


def test_staff_cannot_move_their_need_to_another_department(make_need, make_user, make_department) -> None:
    need = make_need(status=NeedStatus.DRAFT)
    staff = make_user(Role.STAFF, department=need.department)
    other = make_department("他の局")
    moved = replace(fields_of(need), department_id=other.id)
    with pytest.raises(PermissionDenied):
        update_need(need, moved, expected_version=1, actor=staff)


def test_coordinators_move_a_need_to_another_department(
    client, login, make_need, make_user, make_department, form_data
) -> None:
    need = make_need(status=NeedStatus.DRAFT)
    other = make_department("他の局")
    login(make_user(Role.COORDINATOR))
    response = client.submit(f"/needs/{need.id}/edit", form_data(version="1", department_id=str(other.id)))
    assert response.status_code == 302
    assert need.department_id == other.id
    assert "department_id" in need_audit()[-1][1]["changed"]

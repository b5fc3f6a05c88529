"""A need's details (#15 item 5): contact person, budget range, target ward, several themes
and what its evaluators look for; who sees the contact details; the theme filter."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, DepartmentKind, Need, NeedStatus, Role
from hackplat.models.exchange import need_themes
from hackplat.needs import details
from hackplat.needs.services import NeedFields, NeedFilters, create_need, public_needs_query


@pytest.fixture
def ward(make_department):
    return make_department("港北区", DepartmentKind.WARD)


@pytest.fixture
def form_data(themes, ward):
    def make(**overrides: str | list[str]) -> dict[str, str | list[str]]:
        return {
            "title": "保育所の空き状況をすぐ知りたい",
            "theme_id": str(themes[1].id),
            "other_theme_ids": [str(themes[8].id), str(themes[6].id)],
            "target_ward_id": str(ward.id),
            "problem": "保護者が最新の空きを知る手段がない。",
            "deadline": (japan_today() + timedelta(days=14)).isoformat(),
            "budget_min": "１,０００,０００円",
            "budget_max": "5,000,000",
            "contact_name": "横浜 花子",
            "contact_section": "保育対策課 利用調整担当",
            "contact_phone": "045-671-0000",
            "contact_email": "kodomo@example.jp",
            "focus_fit": "入所申請の差し戻しが減ること",
            "focus_cost_effectiveness": "",
            **overrides,
        }

    return make


def need_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Need))


def audit_count() -> int:
    query = select(func.count()).select_from(AuditRecord).where(AuditRecord.object_type == "need")
    return db.session.scalar(query)


def test_staff_save_the_details_and_everyone_reads_them(
    client, login, make_user, form_data, themes, ward, make_organisation
) -> None:
    staff = make_user(Role.STAFF)
    login(staff)
    assert client.submit("/needs/new", form_data()).status_code == 302
    need = db.session.scalar(select(Need))
    assert (need.budget_min, need.budget_max, need.target_ward_id) == (1_000_000, 5_000_000, ward.id)
    assert [theme.name for theme in need.themes] == [themes[1].name, themes[6].name, themes[8].name]
    assert (need.contact_name, need.contact_phone, need.focus_fit) == (
        "横浜 花子",
        "045-671-0000",
        "入所申請の差し戻しが減ること",
    )
    edit = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert 'value="1,000,000"' in edit
    checked = re.findall(
        r'<input checked id="other_theme_ids-\d+" name="other_theme_ids" type="checkbox" value="(\d+)"', edit
    )
    assert checked == [str(themes[6].id), str(themes[8].id)]
    assert re.search(rf'<option selected value="{ward.id}">港北区</option>', edit)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "100万円〜500万円" in page
    assert "港北区" in page
    assert "横浜 花子" in page
    assert "保育対策課 利用調整担当" in page
    assert "045-671-0000" in page, "staff see the phone number"
    assert "入所申請の差し戻しが減ること" in page
    assert "費用対効果" in page

    client.submit("/logout")
    need.status, need.published_at = NeedStatus.OPEN, need.created_at
    db.session.commit()
    public = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "横浜 花子" in public
    assert "045-671-0000" not in public
    assert "kodomo@example.jp" not in public
    assert "サインインすると表示されます" in public
    login(make_user(Role.MEMBER, organisation=make_organisation()))
    member = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "mailto:kodomo@example.jp" in member


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_min", "-5", "円単位の整数"),
        ("budget_min", "百万円", "円単位の整数"),
        ("budget_max", "500,000", "上限は下限以上"),
        ("budget_max", "1,000,000,001", "0円から10億円まで"),
        ("contact_phone", "電話してください", "数字とハイフン"),
        ("contact_email", "kodomo@", "メールアドレスの形式"),
        ("contact_name", "あ" * 101, "100文字以内"),
        ("focus_fit", "あ" * 1001, "1000文字以内"),
        ("target_ward_id", "99999", "選択肢が正しくありません"),
    ],
)
def test_bad_details_are_refused_with_what_was_typed_kept(
    client, login, make_user, form_data, field, value, message
) -> None:
    login(make_user(Role.STAFF))
    response = client.submit("/needs/new", form_data(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page
    assert message in page
    if field != "target_ward_id":
        assert value[:20] in page, "the typed value is shown again"
    assert 'value="横浜 花子"' in page or field == "contact_name"
    assert need_count() == 0
    assert audit_count() == 0


def test_at_most_four_other_themes(client, login, make_user, form_data, themes) -> None:
    login(make_user(Role.STAFF))
    response = client.submit("/needs/new", form_data(other_theme_ids=[str(t.id) for t in themes[2:7]]))
    assert response.status_code == 400
    assert "4個まで" in response.get_data(as_text=True)
    assert need_count() == 0


def test_a_refused_edit_writes_nothing(client, login, make_need, make_user, form_data) -> None:
    need = make_need(status=NeedStatus.OPEN, title="元のタイトル", budget_min=100, budget_max=200)
    login(make_user(Role.STAFF, department=need.department))
    data = form_data(version="1", title="新しいタイトル", budget_min="300", budget_max="200")
    response = client.submit(f"/needs/{need.id}/edit", data)
    assert response.status_code == 400
    assert 'value="新しいタイトル"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert (need.title, need.budget_min, need.budget_max, need.version) == ("元のタイトル", 100, 200, 1)
    assert need.other_themes == []


def test_the_services_check_the_details_too(make_user, make_department, themes) -> None:
    """A caller other than the form (the demo loader, a script) gets the same refusals."""
    staff = make_user(Role.STAFF)
    bureau = make_department("経済局")
    base = NeedFields(title="課題", theme_id=themes[0].id)
    for change, field in [
        ({"target_ward_id": bureau.id}, "target_ward_id"),  # a bureau is not an area
        ({"budget_min": -1}, "budget_min"),
        ({"budget_min": 10, "budget_max": 9}, "budget_max"),
        ({"other_theme_ids": (999_999,)}, "other_theme_ids"),
    ]:
        with pytest.raises(InvalidInput) as refusal:
            create_need(replace(base, **change), actor=staff)
        assert refusal.value.field == field
    assert need_count() == 0


@pytest.mark.parametrize(("low", "high"), [(-1, None), (None, -1), (5, 4)])
def test_the_database_refuses_a_budget_the_service_would(make_need, low, high) -> None:
    need = make_need()
    need.budget_min, need.budget_max = low, high
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_theme_filter_matches_any_of_a_need_s_themes(client, make_need, themes) -> None:
    both = make_need(title="子育てと防災の課題", theme=themes[1], other_themes=[themes[2]])
    disaster = make_need(title="防災だけの課題", theme=themes[2])
    make_need(title="教育の課題", theme=themes[3])

    def titles(theme_id: int) -> set[str]:
        return {need.title for need in db.session.scalars(public_needs_query(NeedFilters(theme_id=theme_id)))}

    assert titles(themes[2].id) == {both.title, disaster.title}
    assert titles(themes[1].id) == {both.title}
    page = client.get(f"/needs/?theme={themes[2].id}").get_data(as_text=True)
    assert both.title in page
    assert disaster.title in page
    assert "教育の課題" not in page


def test_deleting_a_need_removes_its_theme_links(make_need, themes) -> None:
    need = make_need(other_themes=[themes[2], themes[3]])
    db.session.delete(need)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(need_themes)) == 0


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(None, None, None), (1_000_000, 5_000_000, "100万円〜500万円"), (None, 3_000_000, "300万円まで"),
     (12_345, None, "12,345円以上"), (2_000_000, 2_000_000, "200万円")],
)  # fmt: skip
def test_the_budget_reads_in_man_yen(app, low, high, text) -> None:
    with app.test_request_context():
        assert details.budget_text(Need(budget_min=low, budget_max=high)) == text

"""An administrator gives departments and themes their English names on one page: each
change audited, a refused name shown next to its field with what was typed kept and
nothing written; the names then appear on English pages."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, Role


def test_admin_saves_english_names_and_english_pages_show_them(
    client, login, make_user, make_department, themes, english_catalogue
) -> None:
    ward = make_department("港北区")
    login(make_user(Role.ADMIN))
    page = client.get("/admin/names").get_data(as_text=True)
    assert f'name="department-{ward.id}"' in page
    assert f'name="theme-{themes[0].id}"' in page
    response = client.submit(
        "/admin/names", {f"department-{ward.id}": " Kohoku Ward ", f"theme-{themes[0].id}": "Administrative procedures"}
    )
    assert response.status_code == 302
    assert (ward.name_en, themes[0].name_en) == ("Kohoku Ward", "Administrative procedures")
    actions = set(db.session.scalars(select(AuditRecord.action).where(AuditRecord.action.like("%english%"))))
    assert actions == {"department.english_name_changed", "theme.english_name_changed"}
    client.get("/language/en")
    assert "Kohoku Ward" in client.get("/admin/departments").get_data(as_text=True)


def test_a_refused_name_keeps_what_was_typed_and_writes_nothing(
    client, login, make_user, make_department, themes
) -> None:
    ward = make_department("港北区")
    login(make_user(Role.ADMIN))
    response = client.submit(
        "/admin/names", {f"theme-{themes[0].id}": "Administrative procedures", f"department-{ward.id}": "W" * 201}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "200文字以内で入力してください。" in page
    assert 'value="Administrative procedures"' in page
    assert themes[0].name_en is None  # the valid one was not saved either
    assert db.session.scalar(select(AuditRecord.id).where(AuditRecord.action.like("%english%"))) is None


def test_only_admins_edit_english_names(client, login, make_user) -> None:
    login(make_user(Role.COORDINATOR))
    assert client.get("/admin/names").status_code == 403

"""Members write their seeds through the forms: messages next to fields, nothing written
on a refused form, typed HTML shown as text, concurrent edits refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.models import AuditRecord, Seed
from tests.seeds.helpers import seed_form

HTML = "<script>alert(1)</script>"  # short enough to be one tag


def _seed_count() -> int:
    return db.session.scalar(select(func.count(Seed.id))) or 0


def test_a_member_registers_a_seed(client, login, actor, organisation, themes) -> None:
    login(actor("own_member"))
    response = client.submit("/seeds/new", seed_form(theme_id=str(themes[2].id)))
    assert response.status_code == 302
    seed = db.session.scalar(select(Seed))
    assert response.headers["Location"].endswith(f"/seeds/{seed.id}")
    assert (seed.organisation_id, seed.theme.name, seed.tags, seed.is_public) == (
        organisation.id,
        "防災",
        "AI, チャットボット, 行政手続",
        True,
    )
    page = client.get(f"/seeds/{seed.id}").get_data(as_text=True)
    assert "AIチャットボットによる問い合わせ対応" in page
    assert "3自治体で導入" in page
    assert "防災" in page
    assert f"/seeds/{seed.id}/edit" in page


def test_an_unchecked_public_box_keeps_the_seed_private(client, login, actor) -> None:
    login(actor("own_member"))
    form = seed_form()
    del form["is_public"]
    assert client.submit("/seeds/new", form).status_code == 302
    assert db.session.scalar(select(Seed.is_public)) is False


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "入力してください"),
        ({"title": "あ" * 201}, "title", "200文字以内"),
        ({"summary": "あ" * 501}, "summary", "500文字以内"),
        ({"description": "あ" * 5001}, "description", "5000文字以内"),
        ({"track_record": "あ" * 5001}, "track_record", "5000文字以内"),
        ({"tags": "、".join(f"タグ{n}" for n in range(11))}, "tags", "10個まで"),
        ({"tags": "あ" * 31}, "tags", "30文字以内"),
        ({"tags": "あ" * 501}, "tags", "500文字以内"),
        ({"theme_id": "9999"}, "theme_id", "一覧から選んでください"),
        ({"theme_id": "abc"}, "theme_id", "一覧から選んでください"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_written(
    client, login, actor, make_seed, organisation, themes, overrides, field, message
) -> None:
    member = actor("own_member")
    seed = make_seed(organisation=organisation, title="元のタイトル")
    login(member)
    for url in ("/seeds/new", f"/seeds/{seed.id}/edit"):
        response = client.submit(url, seed_form(version="1", **overrides))
        page = response.get_data(as_text=True)
        assert response.status_code == 400, url
        assert f'id="{field}-error"' in page
        assert message in page.split(f'id="{field}-error"')[1][:80]
    assert _seed_count() == 1
    assert seed.title == "元のタイトル"
    assert db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action.like("seed.%"))) == 0


@pytest.mark.parametrize("field", ["title", "summary", "description", "track_record", "tags"])
def test_html_typed_into_a_field_comes_back_as_text(client, login, actor, field) -> None:
    login(actor("own_member"))
    client.submit("/seeds/new", seed_form(**{field: HTML}))
    seed = db.session.scalar(select(Seed))
    for url in (f"/seeds/{seed.id}", f"/seeds/{seed.id}/edit", "/seeds/", "/seeds/mine"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
    assert "&lt;script&gt;alert" in client.get(f"/seeds/{seed.id}").get_data(as_text=True)


def test_html_in_a_refused_form_comes_back_as_text(client, login, actor) -> None:
    login(actor("own_member"))
    page = client.submit("/seeds/new", seed_form(title="", summary=HTML)).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_member_edits_and_unpublishes_a_seed(client, login, actor, make_seed, organisation) -> None:
    seed = make_seed(organisation=organisation, is_public=True, title="公開中のシーズ")
    login(actor("own_member"))
    edit_page = client.get(f"/seeds/{seed.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in edit_page
    assert "公開中のシーズ" in edit_page
    form = seed_form(title="非公開にしたシーズ", version="1")
    del form["is_public"]
    response = client.submit(f"/seeds/{seed.id}/edit", form)
    assert response.status_code == 302
    assert (seed.title, seed.is_public, seed.version) == ("非公開にしたシーズ", False, 2)
    assert "このシーズは非公開です" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "非公開にしたシーズ" not in client.get("/seeds/").get_data(as_text=True)


def test_the_second_of_two_concurrent_edits_is_refused(client, login, actor, make_seed, organisation) -> None:
    """Two members opened the form at version 1; the first saves, the second gets a 409
    with a message and the form as they typed it, and the first one's text stays."""
    seed = make_seed(organisation=organisation, title="最初")
    login(actor("own_member"))
    assert client.submit(f"/seeds/{seed.id}/edit", seed_form(title="先に保存", version="1")).status_code == 302
    response = client.submit(f"/seeds/{seed.id}/edit", seed_form(title="後から保存", version="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "他の人が先に更新しました" in page
    assert 'value="後から保存"' in page
    assert seed.title == "先に保存"
    assert seed.version == 2


@pytest.mark.parametrize("version", ["", "abc", "0", "99"])
def test_a_missing_or_tampered_version_is_a_conflict(client, login, actor, make_seed, organisation, version) -> None:
    seed = make_seed(organisation=organisation, title="最初")
    login(actor("own_member"))
    response = client.submit(f"/seeds/{seed.id}/edit", seed_form(title="変更", version=version))
    assert response.status_code == 409
    assert seed.title == "最初"


def test_my_seeds_lists_public_and_private_with_their_status(client, login, actor, make_seed, organisation) -> None:
    make_seed(organisation=organisation, is_public=True, title="公開しているシーズ")
    make_seed(organisation=organisation, is_public=False, title="下書きのシーズ")
    make_seed(is_public=True, title="他社のシーズ")
    login(actor("own_member"))
    page = client.get("/seeds/mine").get_data(as_text=True)
    assert "公開しているシーズ" in page
    assert "下書きのシーズ" in page
    assert "他社のシーズ" not in page
    assert '<td data-label="公開状態">公開</td>' in page
    assert '<td data-label="公開状態">非公開</td>' in page


def test_my_seeds_is_paginated(client, login, actor, make_seed, organisation) -> None:
    for n in range(21):
        make_seed(organisation=organisation, title=f"自社シーズ{n:02d}")
    login(actor("own_member"))
    assert client.get("/seeds/mine").get_data(as_text=True).count('/edit"') == 20
    assert "自社シーズ" in client.get("/seeds/mine?page=2").get_data(as_text=True)

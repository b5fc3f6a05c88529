"""Members keep their organisation's profile up to date: the introduction, the website
and the startup flag; never the name, kind or 法人番号 that the coordinator checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, OrganisationKind
from hackplat.organisations.services import ProfileData, checked_website, update_profile
from tests.seeds.helpers import ACTORS

PROFILE = ProfileData(
    profile="港北区の電機メーカーです。", website="https://minato.example.jp/", is_startup=True, founded_year=2015
)


@pytest.mark.parametrize("kind", ACTORS)
def test_only_the_organisations_members_edit_its_profile(actor, organisation, kind) -> None:
    user = actor(kind)
    if kind == "own_member":
        update_profile(organisation, PROFILE, version=organisation.version, actor=user)
        assert (organisation.profile, organisation.website, organisation.is_startup) == (
            "港北区の電機メーカーです。",
            "https://minato.example.jp/",
            True,
        )
        record = db.session.scalar(select(AuditRecord))
        assert record.action == "organisation.profile_updated"
        assert record.actor_id == user.id
        assert record.detail["changed"] == ["founded_year", "is_startup", "profile", "website"]
    else:
        with pytest.raises(PermissionDenied):
            update_profile(organisation, PROFILE, version=organisation.version, actor=user)
        assert organisation.profile == ""
        assert db.session.scalar(select(AuditRecord)) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.jp/",
        "http://example.jp",
        "https://例え.jp/会社概要?x=1#top",
        "https://example.jp:8443/path",
    ],
)
def test_web_addresses_are_accepted(url) -> None:
    assert checked_website(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.jp/",
        "example.jp",
        "www.example.jp",
        "https://",
        "https://localhost/",
        "https://user:secret@example.jp/",
        "https://exa mple.jp/",
        "https://example.jp:port/",
        "data:text/html,<script>alert(1)</script>",
        "https://example.jp/" + "a" * 300,
    ],
)
def test_other_addresses_are_refused(url) -> None:
    with pytest.raises(InvalidInput) as refusal:
        checked_website(url)
    assert refusal.value.field == "website"


def test_an_empty_website_is_none() -> None:
    assert checked_website("  ") is None


def test_a_long_profile_is_refused(actor, organisation) -> None:
    with pytest.raises(InvalidInput) as refusal:
        update_profile(
            organisation, ProfileData("あ" * 2001, None, False), version=organisation.version, actor=actor("own_member")
        )
    assert refusal.value.field == "profile"


def test_a_member_edits_the_profile_in_the_browser(client, login, actor, organisation) -> None:
    login(actor("own_member"))
    detail = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert f"/organisations/{organisation.id}/edit" in detail
    form = {
        "profile": "新しい紹介文",
        "website": "ｈｔｔｐｓ：／／ｍｉｎａｔｏ.example.jp",
        "is_startup": "y",
        "founded_year": "２０１５",
        "name": "乗っ取り",
        "kind": "npo",
        "corporate_number": "1234567890123",
        "version": str(organisation.version),
    }
    response = client.submit(f"/organisations/{organisation.id}/edit", form)
    assert response.status_code == 302
    assert (organisation.profile, organisation.website, organisation.is_startup) == (
        "新しい紹介文",
        "https://minato.example.jp",
        True,
    )
    assert (organisation.name, organisation.kind, organisation.corporate_number) == (
        "株式会社みなとテック",
        OrganisationKind.COMPANY,
        None,
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<a href="https://minato.example.jp" rel="noopener noreferrer">' in page


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"website": "javascript:alert(1)"}, "website", "https://"),
        ({"website": "https://" + "a" * 300 + ".jp"}, "website", "300文字以内"),
        ({"profile": "あ" * 2001}, "profile", "2000文字以内"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_written(
    client, login, actor, organisation, form, field, message
) -> None:
    login(actor("own_member"))
    response = client.submit(
        f"/organisations/{organisation.id}/edit", {"profile": "変えたい", "version": str(organisation.version), **form}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page.split(f'id="{field}-error"')[1][:120]
    assert organisation.profile == ""
    assert organisation.website is None
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.object_type == "organisation")) is None


@pytest.mark.parametrize("sent", ["stale", "", "x"])
def test_a_profile_edited_meanwhile_is_not_overwritten(client, login, actor, organisation, sent) -> None:
    """The form carries the version it was loaded at; a save from an older one is refused."""
    login(actor("own_member"))
    loaded = organisation.version
    update_profile(organisation, ProfileData("先に保存", None, False), version=loaded, actor=actor("own_member"))
    db.session.commit()
    version = {"stale": str(loaded), "": "", "x": "x"}[sent]
    response = client.submit(f"/organisations/{organisation.id}/edit", {"profile": "後から保存", "version": version})
    assert response.status_code == 409
    db.session.refresh(organisation)
    assert organisation.profile == "先に保存"


def test_html_in_the_profile_comes_back_as_text(client, login, actor, organisation) -> None:
    login(actor("own_member"))
    form = {"profile": "<script>alert(1)</script>", "version": str(organisation.version)}
    assert client.submit(f"/organisations/{organisation.id}/edit", form).status_code == 302
    for url in (f"/organisations/{organisation.id}", f"/organisations/{organisation.id}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert(1)" in page, url


@pytest.mark.parametrize(("kind", "status"), [("other_member", 403), ("staff", 403), ("coordinator", 403)])
def test_others_cannot_open_or_post_the_profile_form(client, login, actor, organisation, kind, status) -> None:
    login(actor(kind))
    url = f"/organisations/{organisation.id}/edit"
    assert client.get(url).status_code == status
    assert client.submit(url, {"profile": "書き換え"}).status_code == status
    assert organisation.profile == ""


def test_coordinators_see_no_edit_link(client, login, actor, organisation) -> None:
    login(actor("coordinator"))
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "プロフィールを編集" not in page
    assert f"/organisations/{organisation.id}/edit" not in page


def test_the_profile_shows_on_the_seed_page(client, make_seed, organisation) -> None:
    organisation.profile, organisation.website = "ロボットの会社です", "https://robot.example.jp/"
    seed = make_seed(organisation=organisation)
    page = client.get(f"/seeds/{seed.id}").get_data(as_text=True)
    assert "ロボットの会社です" in page
    assert 'href="https://robot.example.jp/"' in page

"""Private seeds are seen only by their organisation and the programme office; to
everyone else they do not exist, whether found by link, by search or by guessing ids."""

from __future__ import annotations

import pytest

from hackplat.models import Role
from tests.seeds.helpers import seed_form

SECRET = "社外秘の新技術"


@pytest.fixture
def other_private(make_seed, make_organisation):
    """Organisation B's private seed, which members of A must never see."""
    return make_seed(organisation=make_organisation(name="B社"), is_public=False, title=SECRET, tags="秘密タグ")


@pytest.mark.parametrize(
    ("kind", "read", "edit"),
    [
        ("own_member", 200, 200),
        ("other_member", 404, 404),
        ("staff", 404, 404),
        ("coordinator", 200, 403),
        ("admin", 200, 403),
    ],
)
def test_a_private_seed_by_role(client, login, actor, make_seed, organisation, kind, read, edit) -> None:
    seed = make_seed(organisation=organisation, is_public=False, title=SECRET)
    login(actor(kind))
    page = client.get(f"/seeds/{seed.id}")
    assert page.status_code == read
    assert (SECRET in page.get_data(as_text=True)) is (read == 200)
    assert client.get(f"/seeds/{seed.id}/edit").status_code == edit
    if edit != 200:
        assert client.submit(f"/seeds/{seed.id}/edit", seed_form(version="1")).status_code == edit
        assert seed.title == SECRET


@pytest.mark.parametrize(("kind", "edit"), [("other_member", 403), ("staff", 403), ("coordinator", 403)])
def test_a_public_seed_is_read_by_all_and_edited_by_its_organisation_only(
    client, login, actor, make_seed, organisation, kind, edit
) -> None:
    seed = make_seed(organisation=organisation, is_public=True, title="公開の技術")
    login(actor(kind))
    assert client.get(f"/seeds/{seed.id}").status_code == 200
    assert client.get(f"/seeds/{seed.id}/edit").status_code == edit
    assert client.submit(f"/seeds/{seed.id}/edit", seed_form(version="1")).status_code == edit
    assert seed.title == "公開の技術"
    assert "このシーズを編集" not in client.get(f"/seeds/{seed.id}").get_data(as_text=True)


def test_the_public_never_sees_a_private_seed(client, other_private) -> None:
    assert client.get(f"/seeds/{other_private.id}").status_code == 404
    assert client.get(f"/seeds/{other_private.id}/edit").status_code == 302
    for url in ("/seeds/", "/seeds/?q=社外秘", "/seeds/?q=秘密タグ", f"/seeds/?q={SECRET}&page=1"):
        page = client.get(url).get_data(as_text=True)
        assert "0件のシーズ" in page, url
        assert f'href="/seeds/{other_private.id}"' not in page, url


def test_a_member_guessing_ids_never_gets_another_organisations_private_seed(
    client, login, actor, make_seed, organisation, other_private
) -> None:
    own_private = make_seed(organisation=organisation, is_public=False, title="自社の非公開")
    other_public = make_seed(is_public=True, title="他社の公開")
    login(actor("own_member"))
    answers = {}
    # ids around the three seeds (PostgreSQL's sequences go on across tests, so not from 1)
    lowest = min(own_private.id, other_private.id, other_public.id)
    for seed_id in range(max(1, lowest - 3), other_public.id + 5):
        detail = client.get(f"/seeds/{seed_id}")
        answers[seed_id] = (detail.status_code, client.get(f"/seeds/{seed_id}/edit").status_code)
        assert SECRET not in detail.get_data(as_text=True)
    assert answers[other_private.id] == (404, 404), "the same answer as for an id that does not exist"
    assert answers[other_public.id + 1] == (404, 404)
    assert answers[own_private.id] == (200, 200)
    assert answers[other_public.id] == (200, 403)
    tampered = client.submit(f"/seeds/{other_private.id}/edit", seed_form(version="1"))
    assert tampered.status_code == 404
    assert other_private.title == SECRET


def test_a_member_searching_does_not_find_another_organisations_private_seed(
    client, login, actor, other_private
) -> None:
    login(actor("own_member"))
    assert "0件のシーズ" in client.get("/seeds/?q=秘密タグ").get_data(as_text=True)
    assert SECRET not in client.get("/seeds/mine").get_data(as_text=True)


def test_coordinators_see_private_seeds_but_not_in_the_public_catalogue(
    client, login, make_user, other_private
) -> None:
    login(make_user(Role.COORDINATOR))
    assert SECRET in client.get(f"/seeds/{other_private.id}").get_data(as_text=True)
    assert SECRET not in client.get("/seeds/").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/seeds/new", "/seeds/mine"])
@pytest.mark.parametrize(("kind", "status"), [("staff", 403), ("coordinator", 403), ("admin", 403)])
def test_only_members_have_seeds_of_their_own(client, login, actor, url, kind, status) -> None:
    login(actor(kind))
    assert client.get(url).status_code == status
    if url == "/seeds/new":
        assert client.submit(url, seed_form()).status_code == status


def test_missing_seeds_are_404_for_everyone(client, login, actor) -> None:
    assert client.get("/seeds/424242").status_code == 404
    login(actor("own_member"))
    assert client.get("/seeds/424242").status_code == 404
    assert client.get("/seeds/424242/edit").status_code == 404

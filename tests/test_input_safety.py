"""Bad input gives a clear answer, never a 500: integers beyond the columns' range,
control characters (NUL is refused by PostgreSQL), CR LF in ``next``, absurd dates and
minutes. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (where NUL failed)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.bounds import MAX_INT, bounded_int
from hackplat.extensions import db
from hackplat.models import Organisation, Role
from hackplat.views import safe_next_url
from tests.accounts.test_registration import VALID
from tests.conftest import PASSWORD

HUGE = "9" * 25
CONTROL_MESSAGE = "改行やタブなどの制御文字は入力できません。"


@pytest.mark.parametrize("value", ["0", "42", str(MAX_INT), " 7 ", 5])
def test_bounded_int_takes_what_fits(value) -> None:
    assert bounded_int(value) == int(value)


@pytest.mark.parametrize("value", [HUGE, str(MAX_INT + 1), "-1", "１２３", "²", "", "1e3", -1, True, None])
def test_bounded_int_refuses_the_rest(value) -> None:
    with pytest.raises(ValueError, match="not a bounded integer"):
        bounded_int(value)


@pytest.mark.parametrize(
    "path", [f"/needs/{HUGE}", f"/needs/{MAX_INT + 1}", "/needs/１２３", f"/pilots/{HUGE}/kpis/1/edit"]
)
def test_huge_or_full_width_ids_in_paths_are_not_found(client, path) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query", [f"?page={HUGE}", f"?theme={HUGE}", f"?department={HUGE}", "?page=-3", "?page=２", f"?page={MAX_INT}"]
)
def test_huge_integers_in_query_strings_are_ignored(client, query, make_need) -> None:
    make_need(title="公開中の課題")
    for path in ("/needs/", "/seeds/", "/knowledge/"):
        assert client.get(path + query).status_code in (200, 404), path + query


def test_a_huge_need_to_propose_to_is_not_found(client, login, make_user) -> None:
    login(make_user(Role.MEMBER))
    assert client.get(f"/proposals/new?need={HUGE}").status_code == 404


@pytest.mark.parametrize("path", ["/needs/", "/seeds/", "/knowledge/"])
@pytest.mark.parametrize("q", ["%00", "a%00b", "%0d%0aX", "%1b[31m"])
def test_control_characters_in_a_search_are_dropped(client, make_need, path, q) -> None:
    make_need(title="保育所の手続")
    assert client.get(f"{path}?q={q}").status_code == 200


@pytest.mark.parametrize("email", ["a\x00@example.jp", "a@example.jp\r\nBcc: x@example.jp"])
def test_a_sign_in_with_a_control_character_gets_the_forms_message(client, email) -> None:
    response = client.submit("/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize(("field", "value"), [("name", "株式会社\x00テスト"), ("contact_name", "港\n太郎")])
def test_registration_with_a_control_character_is_refused(client, field, value) -> None:
    response = client.submit("/register", {**VALID, field: value})
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_a_text_area_keeps_its_line_breaks_but_not_a_nul(client) -> None:
    response = client.submit("/register", {**VALID, "profile": "一行目\r\n\t二行目\x00"})
    assert "使用できない制御文字が含まれています。" in response.get_data(as_text=True)
    assert client.submit("/register", {**VALID, "profile": "一行目\r\n\t二行目"}).status_code == 302
    assert db.session.scalar(select(Organisation.profile)) == "一行目\r\n\t二行目"


@pytest.mark.parametrize("target", ["/\nX:1", "/needs/\r\nSet-Cookie: x=1", "/\x00", "/\\evil.example", "/\tx"])
def test_next_with_a_control_character_or_backslash_is_ignored(target) -> None:
    assert safe_next_url(target) is None
    assert safe_next_url("/needs/?q=保育") == "/needs/?q=保育"


def test_language_switch_with_cr_lf_in_next_goes_home(client) -> None:
    response = client.get("/language/ja?next=/%0aX:1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_with_cr_lf_in_next_goes_to_ones_page(client, make_user) -> None:
    user = make_user(Role.STAFF)  # no second step (the code page keeps the same safe next)
    token = client.csrf_token()
    response = client.post(
        "/login?next=/%0d%0aX:1", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"

"""Limits and headers: request size, HSTS and secure cookies, drafts that
cannot be probed, and unique values that lose a race answered like the check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from hackplat import config
from hackplat.extensions import db
from hackplat.models import Department, DepartmentKind, NeedStatus, Organisation, Role, User
from tests.accounts.test_registration import VALID


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_body_over_2_mb_is_refused_with_the_japanese_page(client) -> None:
    token = client.csrf_token()
    response = client.post("/login", data={"csrf_token": token, "email": "a@example.jp", "password": "x" * 3_000_000})
    assert response.status_code == 413
    assert "送信内容が大きすぎます" in response.get_data(as_text=True)


@pytest.fixture
def secure(app) -> Iterator[None]:
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        yield
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def test_hsts_only_with_secure_cookies(client, secure) -> None:
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_hsts_over_plain_http(client) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_the_language_cookie_is_secure_with_secure_cookies(client, secure) -> None:
    cookie = client.get("/language/en").headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie


def test_the_session_cookie_has_the_host_prefix_only_when_secure(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("HACKPLAT_SECURE_COOKIES", "1")
    assert config.build_config(tmp_path)["SESSION_COOKIE_NAME"] == "__Host-session"
    monkeypatch.setenv("HACKPLAT_SECURE_COOKIES", "0")
    assert config.build_config(tmp_path)["SESSION_COOKIE_NAME"] == "session"
    assert config.build_config(tmp_path)["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


@pytest.mark.parametrize(
    ("method", "suffix"), [("GET", "/edit"), ("POST", "/edit"), ("POST", "/publish"), ("POST", "/close")]
)
def test_another_departments_draft_cannot_be_told_from_a_missing_need(
    client, login, make_user, make_need, method, suffix
) -> None:
    draft = make_need(status=NeedStatus.DRAFT)
    login(make_user(Role.STAFF))
    answers = set()
    for need_id in (draft.id, draft.id + 1000):
        url = f"/needs/{need_id}{suffix}"
        answers.add(client.get(url).status_code if method == "GET" else client.submit(url).status_code)
    assert answers == {404}
    assert client.get(f"/proposals/need/{draft.id}").status_code == 404


@contextmanager
def competitor_inserts(model: type, **values: Any) -> Iterator[None]:
    """Another request's row, committed just before the next flush: the service's check
    has passed, its INSERT then loses the race."""

    def insert_first(_session: Any, _context: Any, _instances: Any) -> None:
        with db.engine.begin() as connection:
            connection.execute(insert(model).values(**values))

    event.listen(Session, "before_flush", insert_first, once=True)
    try:
        yield
    finally:
        if event.contains(Session, "before_flush", insert_first):
            event.remove(Session, "before_flush", insert_first)


def test_a_parallel_registration_with_the_same_email_answers_as_a_known_address(client) -> None:
    """Registration answers the same for a known address (accounts/verification.py), so
    one that became known during the request gets that answer too: the same redirect,
    no second account, no organisation, no 500."""
    token = client.csrf_token("/register")
    email = VALID["email"].lower()
    with competitor_inserts(User, email=email, name="先の人", password_hash="x", role=Role.ADMIN, active=True):
        response = client.post("/register", data={**VALID, "csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (302, "/register/done")
    assert count(User) == 1
    assert count(Organisation) == 0


def test_a_parallel_department_with_the_same_name_gets_the_forms_message(client, login, make_user) -> None:
    login(make_user(Role.ADMIN))
    token = client.csrf_token("/admin/departments")
    with competitor_inserts(Department, name="デジタル統括本部", kind=DepartmentKind.BUREAU):
        response = client.post(
            "/admin/departments",
            data={"name": "デジタル統括本部", "kind": "bureau", "parent_id": "0", "csrf_token": token},
        )
    assert response.status_code == 400
    assert "同じ名前の部署が既にあります。" in response.get_data(as_text=True)
    assert count(Department) == 1

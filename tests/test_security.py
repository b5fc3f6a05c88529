"""Security headers, CSRF, and error pages that never show a traceback."""

from __future__ import annotations

import pytest
from flask import Blueprint

from hackplat import create_app
from hackplat.models import Role


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/no-such-page"])
def test_security_headers_on_every_response(client, path) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_signed_in_pages_are_not_cached(client, login, make_user) -> None:
    login(make_user(Role.STAFF))
    assert client.get("/me").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_a_post_without_csrf_token_is_refused_with_400(client, path) -> None:
    response = client.post(path, data={"email": "a@example.jp", "password": "x"})
    assert response.status_code == 400
    assert "ページを再読み込み" in response.get_data(as_text=True)


def test_logout_without_csrf_token_does_not_sign_out(client, login, make_user) -> None:
    login(make_user(Role.STAFF))
    assert client.post("/logout").status_code == 400
    assert client.get("/me").status_code == 200


def test_404_page_is_japanese(client) -> None:
    response = client.get("/no-such-page")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="ja">' in body
    assert "見つかりませんでした" in body


def test_405_is_a_page_too(client) -> None:
    assert client.get("/logout").status_code == 405


def test_an_unexpected_error_is_a_japanese_500_without_traceback(database_url) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    broken = Blueprint("broken_for_test", __name__)

    @broken.get("/__broken")
    def fail() -> str:
        raise RuntimeError("secret internals")

    app.register_blueprint(broken)
    response = app.test_client().get("/__broken")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "システムエラー" in body
    assert "secret internals" not in body
    assert "Traceback" not in body


def test_english_is_offered_and_chosen_only_on_request(client) -> None:
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)
    response = client.get("/language/en?next=/login")
    assert response.headers["Location"] == "/login"
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)
    assert client.get("/language/en?next=https://evil.example.com").headers["Location"] == "/"

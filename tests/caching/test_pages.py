"""The public pages kept for signed-out visitors (hackplat/caching/pages.py): served
again without their queries, dropped as soon as anything they may show is committed
(by this process or another), never for a signed-in person or with a message waiting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from hackplat import create_app
from hackplat.extensions import db
from hackplat.models import Need, Role


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run from here on."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def test_a_visitor_gets_the_kept_page_with_one_query_and_a_304_when_unchanged(client, make_need, statements) -> None:
    make_need(title="子育て支援の窓口案内")
    first = client.get("/needs/")
    assert "子育て支援の窓口案内" in first.get_data(as_text=True)
    statements.clear()
    again = client.get("/needs/")
    assert again.get_data() == first.get_data()
    assert len(statements) == 1  # the content's version, nothing else
    assert again.headers["Cache-Control"] == "no-cache"
    assert "Cookie" in again.headers["Vary"]
    etag = again.headers["ETag"]
    assert client.get("/needs/", headers={"If-None-Match": etag}).status_code == 304


def test_an_edit_is_seen_at_the_next_request(client, make_need) -> None:
    need = make_need(title="古い題")
    assert "古い題" in client.get(f"/needs/{need.id}").get_data(as_text=True)
    need.title = "新しい題"
    db.session.commit()
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "新しい題" in page
    assert "古い題" not in page


def test_an_edit_made_by_another_host_is_seen_too(client, database_url, make_need) -> None:
    """Another application on the same database (another worker or host) commits: the
    version lives in the database, so this process drops its kept page."""
    need = make_need(title="別ホストが変える前の題")
    assert "別ホストが変える前の題" in client.get("/needs/").get_data(as_text=True)
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with other.app_context():
        db.session.get(Need, need.id).title = "別ホストが変えた題"
        db.session.commit()
        db.engine.dispose()
    assert "別ホストが変えた題" in client.get("/needs/").get_data(as_text=True)


def test_a_signed_in_person_never_gets_the_visitors_page(client, login, make_user, make_need) -> None:
    make_need(title="公開中の課題")
    assert "サインイン" in client.get("/needs/").get_data(as_text=True)
    login(make_user(Role.MEMBER))
    response = client.get("/needs/")
    assert "サインアウト</button>" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_message_waiting_for_the_visitor_is_shown_not_a_kept_page(client, login, make_user) -> None:
    client.get("/")
    login(make_user(Role.MEMBER))
    client.submit("/logout")
    assert "サインアウトしました。" in client.get("/").get_data(as_text=True)
    assert "サインアウトしました。" not in client.get("/").get_data(as_text=True)  # shown once


def test_each_language_is_kept_apart(client, english_catalogue, make_need) -> None:
    make_need(title="言語ごとの課題")
    assert '<html lang="ja">' in client.get("/needs/").get_data(as_text=True)
    client.get("/language/en")
    assert '<html lang="en">' in client.get("/needs/").get_data(as_text=True)

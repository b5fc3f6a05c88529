"""The suite's cleanup empties exactly the tables a test wrote (tests/helpers/database.py):
rows inserted through the session, through a second connection of another engine and
through a raw statement are all gone afterwards, and the other tables are not touched."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select, text

from hackplat.extensions import db
from hackplat.models import Department, Theme
from tests.helpers.database import INSERT_INTO, empty_written_tables


def test_inserts_are_recognised_with_their_table() -> None:
    assert INSERT_INTO.match("INSERT INTO users (email) VALUES (?)").group(1) == "users"
    assert INSERT_INTO.match('  insert into "public"."themes" (name) VALUES (%s)').group(1) == "themes"
    assert INSERT_INTO.match("INSERT OR IGNORE INTO throttle_counters VALUES (?)").group(1) == "throttle_counters"
    assert INSERT_INTO.match("UPDATE users SET email = ?") is None
    assert INSERT_INTO.match("SELECT 'INSERT INTO users'") is None


def test_rows_from_every_path_are_removed(app, make_department) -> None:
    make_department()
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with other.begin() as conn:
            conn.execute(text("INSERT INTO themes (name, position) VALUES ('防災', 0)"))
    finally:
        other.dispose()
    assert db.session.scalar(select(func.count()).select_from(Theme)) == 1

    empty_written_tables()

    assert db.session.scalar(select(func.count()).select_from(Theme)) == 0
    assert db.session.scalar(select(func.count()).select_from(Department)) == 0

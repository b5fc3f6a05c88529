"""Emptying the tables between tests, a module's world kept as a snapshot of rows, and the
databases of pytest-xdist workers and of the migration tests."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from hackplat.extensions import db

#: Statements that leave the tables as they were (anything else counts as a write).
READS = ("SELECT", "PRAGMA", "SHOW", "SAVEPOINT", "RELEASE", "ROLLBACK")


#: The table an INSERT writes to (SQLite's ``INSERT OR …`` and quoted names included).
INSERT_INTO = re.compile(r'^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?:"?\w+"?\.)?"?(\w+)"?', re.IGNORECASE)

#: The tables inserted into since they were last emptied, by any engine of this process
#: (the app's, a test's second connection, the live server's threads).
_written: set[str] = set()


@event.listens_for(Engine, "before_cursor_execute")
def _note_insert(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    if match := INSERT_INTO.match(statement):
        _written.add(match.group(1))


def empty_all_tables() -> None:
    """DELETE, children first; not TRUNCATE, which on PostgreSQL rewrites every table's
    files and doubled the whole run's time for the few rows a test writes."""
    _empty(_children_first())


@cache
def _children_first() -> list[Table]:
    """The tables, children before their parents: ``sorted_tables`` sorts them again at
    each call (1.5 ms, after every one of the suite's thousands of tests)."""
    return [*reversed(db.metadata.sorted_tables)]


#: Tables the application fills through the driver's own cursor (the matcher's bulk pair
#: writes: executemany, COPY), which the statement hook cannot see; each is written only
#: after a row of its owner table, so it is emptied whenever the owner was written.
FILLED_BY_DRIVER = {"match_versions": ("match_pairs",)}


def empty_written_tables() -> None:
    """Empty only the tables inserted into since the last emptying: a test starts from
    empty tables, so no other table can hold a row. Deleting from all 43 tables after
    every test cost ~40 ms a test on PostgreSQL, a minute and more of the whole run."""
    if not _written:
        return
    written = _written | {child for owner in _written for child in FILLED_BY_DRIVER.get(owner, ())}
    _empty([table for table in _children_first() if table.name in written])


def _empty(tables: list[Table]) -> None:
    """One round trip on PostgreSQL (psycopg takes several statements in one string when
    it has no parameters): a DELETE each was 6 % of the run's waiting on the server."""
    if tables and db.engine.dialect.name == "postgresql":
        db.session.connection().exec_driver_sql("; ".join(f'DELETE FROM "{table.name}"' for table in tables))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()
    _written.clear()


class TableSnapshot:
    """Every row of every table, taken once (after a module built its world) and put back
    after each test that wrote, so that the next test sees exactly that world again.

    Writes are seen on the app's engine, whichever session or connection made them; a
    test that only read costs nothing to undo."""

    def __init__(self) -> None:
        self.rows: dict[Table, list[dict[str, Any]]] = {
            table: [dict(row._mapping) for row in db.session.execute(table.select())]
            for table in db.metadata.sorted_tables
        }
        self.wrote = False
        self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._saw)

    def _saw(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(READS):
            self.wrote = True

    def restore_if_written(self) -> None:
        db.session.rollback()
        if not self.wrote:
            return
        empty_all_tables()
        for table, rows in self.rows.items():
            if rows:
                db.session.execute(table.insert(), rows)
        db.session.commit()
        self.wrote = False

    def close(self) -> None:
        """Stop watching and empty the tables for the next module."""
        event.remove(self.engine, "before_cursor_execute", self._saw)
        empty_all_tables()


@contextmanager
def worker_database(url: str, worker: str) -> Iterator[str]:
    """A PostgreSQL database of one pytest-xdist worker ("gw0" ...), beside the one of
    ``url`` on the same server: created afresh, dropped at the end."""
    name = f"{make_url(url).database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def scratch_database(database_url: str, folder: Path) -> Iterator[str]:
    """An empty database beside the suite's: a SQLite file in ``folder``, or on PostgreSQL
    a database of a random name, dropped afterwards."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{folder / 'migrations.db'}"
        return
    name = f"hackplat_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

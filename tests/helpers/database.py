"""Emptying the tables between tests, and an empty database for the migration tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hackplat.extensions import db


def empty_all_tables() -> None:
    """DELETE, children first; not TRUNCATE, which on PostgreSQL rewrites every table's
    files and doubled the whole run's time for the few rows a test writes."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


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

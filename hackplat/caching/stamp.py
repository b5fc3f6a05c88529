"""The content's version stamp (``content_changes``, hackplat/models/caching.py).

Writes are noticed in the ORM session, where every write of the application passes: a
flush of objects (``after_flush``) and a statement executed through the session, ORM or
Core (``do_orm_execute``). A transaction that writes any table but the private ones below
adds one row, at its first such write, in the same transaction. What is written past the session (a raw DBAPI cursor: the
matcher's bulk pair rows) is always accompanied by a write through it (the version row).
Migrations run on a bare connection, so nothing is stamped before the table exists.
"""

from __future__ import annotations

from itertools import chain, count

from flask import g, has_request_context
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import ORMExecuteState, Session, object_mapper

from hackplat.extensions import db
from hackplat.models import ContentChange

#: Tables no page shows to a visitor and that change on every sign-in or request: a
#: write of only these leaves the content's version as it was.
PRIVATE_TABLES = frozenset(
    {
        "audit_records",
        "content_changes",
        "digest_marks",
        "jobs",
        "legal_acceptances",
        "login_sessions",
        "notification_preferences",
        "notifications",
        "recovery_codes",
        "throttle_counters",
    }
)
#: ``session.info`` key: the transaction (or savepoint) whose row is written; the next
#: transaction, or a write after a savepoint that may have undone the row, writes another.
_RECORDED_IN = "content_change_recorded_in"
#: ``session.info`` key: the session's transaction has written content it has not committed.
_WRITTEN = "content_written"
#: Rows kept: older ones are deleted now and then.
KEEP_ROWS = 1_000
#: The newest row's id and the number of rows. Ids are taken when a transaction writes,
#: not when it commits, so a transaction may commit an id below the newest already seen
#: (PostgreSQL): the count moves on then, and with it the version.
ContentVersion = tuple[int, int]
#: Versions of reads inside a transaction that has written content (negative: never a
#: committed one's, and never the same twice).
_uncommitted = count(-1, -1)


def keepable(version: ContentVersion) -> bool:
    """Whether what was read at ``version`` may be kept for others: not when it was read by
    a transaction that has written content, which sees its own writes (maybe more to come,
    maybe rolled back, when on SQLite the next commit takes the same id)."""
    return version[0] >= 0


def note_write(session: Session) -> None:
    """This transaction changes content: its row, written once, in the same transaction
    (undone with it). Called for the ORM's writes, and directly for writes made on the
    session's connection past the ORM (the search index's catch-up)."""
    current = session.get_nested_transaction() or session.get_transaction()
    if session.info.get(_RECORDED_IN) is current:
        return
    session.info[_RECORDED_IN] = current
    session.info[_WRITTEN] = True
    connection = session.connection()
    new_id = int(connection.execute(insert(ContentChange).returning(ContentChange.id)).scalar_one())
    if new_id % KEEP_ROWS == 0:
        connection.execute(delete(ContentChange).where(ContentChange.id <= new_id - KEEP_ROWS))


def _note_flush(session: Session, _context: object) -> None:
    for instance in chain(session.new, session.dirty, session.deleted):
        if getattr(object_mapper(instance).local_table, "name", None) not in PRIVATE_TABLES:
            note_write(session)
            return


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in PRIVATE_TABLES:
            note_write(state.session)


def content_version() -> ContentVersion:
    """The content's version, read once per request (and again after the request
    committed or rolled back a write of its own): it changes at every commit of a
    transaction that wrote content, by any process on any host. Inside a transaction that
    has written content: a version of its own, not ``keepable``."""
    if db.session().info.get(_WRITTEN):
        return (next(_uncommitted), 0)
    if has_request_context() and "content_version" in g:
        return g.content_version
    newest, rows = db.session.execute(select(func.max(ContentChange.id), func.count(ContentChange.id))).one()
    version = (newest or 0, rows)
    if has_request_context():
        g.content_version = version
    return version


def _transaction_ended(session: Session) -> None:
    """A transaction that wrote content committed or rolled back: the request reads the
    version again (its own write moved it on)."""
    if session.info.pop(_WRITTEN, False) and has_request_context():
        g.pop("content_version", None)


def init_stamp() -> None:
    """Listen on the application's sessions (once per process: the listeners are kept
    on the session class)."""
    if not event.contains(db.session, "after_flush", _note_flush):
        event.listen(db.session, "after_flush", _note_flush)
        event.listen(db.session, "do_orm_execute", _note_statement)
        event.listen(db.session, "after_commit", _transaction_ended)
        event.listen(db.session, "after_rollback", _transaction_ended)

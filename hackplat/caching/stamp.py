"""The content's version stamp (``content_changes``, hackplat/models/caching.py).

Writes are noticed in the ORM session, where every write of the application passes: a
flush of objects (``after_flush``) and a statement executed through the session, ORM or
Core (``do_orm_execute``). At commit, a transaction that wrote any table but the private
ones below adds one row. What is written past the session (a raw DBAPI cursor: the
matcher's bulk pair rows) is always accompanied by a write through it (the version row).
Migrations run on a bare connection, so nothing is stamped before the table exists.
"""

from __future__ import annotations

from itertools import chain

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
#: ``session.info`` key: the root transaction that wrote content (a rollback starts
#: another, so a mark of a rolled-back transaction is never taken for the next).
_WROTE_IN = "content_written_in"
#: Rows kept: older ones are deleted now and then (the stamp is the newest id only).
KEEP_ROWS = 1_000


def note_write(session: Session) -> None:
    """Count this transaction as a change of content: for writes made on the session's
    connection past the ORM (the search index's catch-up)."""
    session.info[_WROTE_IN] = session.get_transaction()


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


def _stamp_commit(session: Session) -> None:
    session.flush()  # the transaction's last writes, so that they are counted
    wrote_in = session.info.pop(_WROTE_IN, None)
    if wrote_in is None or wrote_in is not session.get_transaction():
        return
    new_id = session.execute(insert(ContentChange).returning(ContentChange.id)).scalar_one()
    if new_id % KEEP_ROWS == 0:
        session.execute(delete(ContentChange).where(ContentChange.id <= new_id - KEEP_ROWS))


def content_version() -> int:
    """The newest change's id (0 before any), read once per request."""
    if has_request_context() and "content_version" in g:
        return int(g.content_version)
    version = db.session.scalar(select(func.max(ContentChange.id))) or 0
    if has_request_context():
        g.content_version = version
    return version


def init_stamp() -> None:
    """Listen on the application's sessions (once per process: the listeners are kept
    on the session class)."""
    if not event.contains(db.session, "after_flush", _note_flush):
        event.listen(db.session, "after_flush", _note_flush)
        event.listen(db.session, "do_orm_execute", _note_statement)
        event.listen(db.session, "before_commit", _stamp_commit)

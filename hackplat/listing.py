"""Public list pages at the size of a national programme (#16): a deep page and the total
without reading the list's rows.

A list query marked by :func:`listed` (the filtered, ordered query, with the query its
rows are loaded by and its id column) is paged by :class:`ListedPagination`:

- the page's ids are read first, ``LIMIT``/``OFFSET`` over the id alone, so that the
  offset walks an index of the order (``?page=400`` skips 7,980 index entries, not 7,980
  rows with their texts and joined names), then the page's rows are loaded by id;
- the total is ``count(*)`` of the ids (no joined loaders, no long columns), kept in the
  process for the content's version (``hackplat.caching.stamp``: it moves on any
  committed write of a table a page shows, by any worker), by database and statement:
  80,000 public seeds are counted once per version, not once per request;
- a deep page (past ``DEEP_OFFSET``) of a list of at most ``MAX_KEPT_IDS`` items reads
  the list's ids in order once per content version and keeps them: every other deep page
  (and the total) is then a slice, where an ``OFFSET`` still walks the index entries
  before the page (and, on PostgreSQL before a vacuum, their rows' visibility).

Only lists of content the stamp covers may be marked (never notifications, audit
records or jobs: writes of those leave the version as it was).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from hackplat.caching.stamp import ContentVersion, content_version, keepable
from hackplat.extensions import db

__all__ = [
    "LISTED", "Kept", "ListedPagination", "database_key", "kept_count", "kept_ids", "listed", "listed_page",
    "statement_key",
]  # fmt: skip

#: The execution option marking a list: (the query a page's rows are loaded by, the id column).
LISTED = "hackplat_listed"
#: Counts a process keeps for one content version (all dropped past it).
MAX_COUNTS = 1_000
#: Pages starting this far in read the whole list's ids once (kept), not an OFFSET each.
DEEP_OFFSET = 200
#: The longest list whose ids are kept (8 bytes an id), and how many lists are kept.
MAX_KEPT_IDS = 20_000
MAX_ID_LISTS = 32


def listed(query: Select[Any], load: Select[Any], id_column: InstrumentedAttribute[int]) -> Select[Any]:
    """``query`` marked as a list whose page's rows ``load`` reads by ``id_column``
    (``load``: the rows with their loader options, without the list's filters)."""
    return query.execution_options(**{LISTED: (load, id_column)})


#: (database, the statement's cache key or SQL, its parameters).
Key = tuple[str, object, str]
T = TypeVar("T")


class Kept(Generic[T]):
    """What one content version's lists hold, by (database, statement, parameters)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.version: ContentVersion | None = None
        self.entries: dict[Key, T] = {}
        self.lock = threading.Lock()

    def get(self, version: ContentVersion, key: Key) -> T | None:
        with self.lock:
            return self.entries.get(key) if version == self.version else None

    def put(self, version: ContentVersion, key: Key, value: T) -> None:
        if not keepable(version):
            return
        with self.lock:
            if version != self.version or len(self.entries) >= self.max_entries:
                self.version, self.entries = version, {}
            self.entries[key] = value

    def fetch(self, key: Key, read: Callable[[], T], keep: Callable[[T], bool] = lambda _: True) -> T:
        """The value kept for ``key`` at the content's version now; else ``read()``, kept
        when ``keep`` says so. The version is read first: a write committed during the
        read moves it on, and the value is not taken for the newer version."""
        version = content_version()
        value = self.get(version, key)
        if value is None:
            value = read()
            if keep(value):
                self.put(version, key, value)
        return value


COUNTS: Kept[int] = Kept(MAX_COUNTS)
ID_LISTS: Kept[array[int]] = Kept(MAX_ID_LISTS)


def database_key() -> str:
    """The database a kept value was read from (the address, its password hidden)."""
    return db.engine.url.render_as_string(hide_password=True)


def statement_key(statement: Select[Any]) -> Key:
    """What a kept value is found by: the database, the statement and its parameters.
    The statement by SQLAlchemy's cache key (the one its compiled cache trusts: equal
    keys, equal SQL), 0.4 ms against 3.5 ms for compiling a searched list's statement
    to its SQL, as each request built it anew; by its SQL if it has none."""
    database = database_key()
    cache_key = statement._generate_cache_key()
    if cache_key is None:  # a construct SQLAlchemy does not cache
        compiled = statement.compile(dialect=db.engine.dialect)
        return (database, str(compiled), repr(sorted(compiled.params.items())))
    return (database, cache_key.key, repr([bind.effective_value for bind in cache_key.bindparams]))


def kept_count(query: Select[Any], id_column: InstrumentedAttribute[int]) -> int:
    """``count(*)`` of ``query``'s ids, read once per content version in this process."""
    statement = select(func.count()).select_from(query.with_only_columns(id_column).order_by(None).subquery())
    return COUNTS.fetch(statement_key(statement), lambda: int(db.session.scalar(statement) or 0))


def kept_ids(query: Select[Any], id_column: InstrumentedAttribute[int]) -> array[int] | None:
    """Every id of ``query`` in its order, read once per content version in this process;
    None for a list longer than ``MAX_KEPT_IDS``."""
    statement = query.with_only_columns(id_column)
    ids = ID_LISTS.fetch(
        statement_key(statement),
        lambda: array("q", db.session.scalars(statement.limit(MAX_KEPT_IDS + 1))),
        keep=lambda ids: len(ids) <= MAX_KEPT_IDS,
    )
    return ids if len(ids) <= MAX_KEPT_IDS else None


class ListedPagination(Pagination):
    """A marked list's page, as ``db.paginate`` makes it (404 for a page past the end):
    the page's ids by the list's order, then their rows by id; the total kept."""

    def _query_items(self) -> list[Any]:
        query: Select[Any] = self._query_args["select"]
        load, id_column = query.get_execution_options()[LISTED]
        ids = self._page_ids(query, id_column)
        if not ids:
            return []
        rows = db.session.scalars(load.where(id_column.in_(ids)).order_by(None)).unique()
        by_id = {getattr(row, id_column.key): row for row in rows}
        return [by_id[item_id] for item_id in ids if item_id in by_id]

    def _page_ids(self, query: Select[Any], id_column: InstrumentedAttribute[int]) -> list[int]:
        start = self._query_offset
        self._all_ids = kept_ids(query, id_column) if start >= DEEP_OFFSET else None
        if self._all_ids is not None:
            return list(self._all_ids[start : start + self.per_page])
        return list(db.session.scalars(query.with_only_columns(id_column).limit(self.per_page).offset(start)))

    def _query_count(self) -> int:
        if self._all_ids is not None:
            return len(self._all_ids)
        query: Select[Any] = self._query_args["select"]
        return kept_count(query, query.get_execution_options()[LISTED][1])


def listed_page(query: Select[Any], page: int, per_page: int) -> Pagination | None:
    """The page of a list marked by :func:`listed` (None for any other query)."""
    if LISTED not in query.get_execution_options():
        return None
    return ListedPagination(page=page, per_page=per_page, select=query)

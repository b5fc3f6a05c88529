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
  80,000 public seeds are counted once per version, not once per request.

Only lists of content the stamp covers may be marked (never notifications, audit
records or jobs: writes of those leave the version as it was).
"""

from __future__ import annotations

import threading
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from hackplat.caching.stamp import content_version
from hackplat.extensions import db

__all__ = ["LISTED", "ListedPagination", "kept_count", "listed", "listed_page"]

#: The execution option marking a list: (the query a page's rows are loaded by, the id column).
LISTED = "hackplat_listed"
#: Counts a process keeps for one content version (all dropped past it).
MAX_COUNTS = 1_000


def listed(query: Select[Any], load: Select[Any], id_column: InstrumentedAttribute[int]) -> Select[Any]:
    """``query`` marked as a list whose page's rows ``load`` reads by ``id_column``
    (``load``: the rows with their loader options, without the list's filters)."""
    return query.execution_options(**{LISTED: (load, id_column)})


class _KeptCounts:
    """Exact counts of one content version, by (database, statement, parameters)."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.counts: dict[tuple[str, str, str], int] = {}
        self.lock = threading.Lock()

    def get(self, version: int, key: tuple[str, str, str]) -> int | None:
        with self.lock:
            return self.counts.get(key) if version == self.version else None

    def put(self, version: int, key: tuple[str, str, str], count: int) -> None:
        with self.lock:
            if version != self.version or len(self.counts) >= MAX_COUNTS:
                self.version, self.counts = version, {}
            self.counts[key] = count


COUNTS = _KeptCounts()


def kept_count(query: Select[Any], id_column: InstrumentedAttribute[int]) -> int:
    """``count(*)`` of ``query``'s ids, read once per content version in this process."""
    statement = select(func.count()).select_from(query.with_only_columns(id_column).order_by(None).subquery())
    compiled = statement.compile(dialect=db.engine.dialect)
    params = repr(sorted(compiled.params.items()))
    key = (db.engine.url.render_as_string(hide_password=True), str(compiled), params)
    version = content_version()  # before the count: a write committed meanwhile moves it on
    count = COUNTS.get(version, key)
    if count is None:
        count = int(db.session.scalar(statement) or 0)
        COUNTS.put(version, key, count)
    return count


class ListedPagination(Pagination):
    """A marked list's page, as ``db.paginate`` makes it (404 for a page past the end):
    the page's ids by the list's order, then their rows by id; the total kept."""

    def _query_items(self) -> list[Any]:
        query: Select[Any] = self._query_args["select"]
        load, id_column = query.get_execution_options()[LISTED]
        page = query.with_only_columns(id_column).limit(self.per_page).offset(self._query_offset)
        ids = list(db.session.scalars(page))
        if not ids:
            return []
        rows = db.session.scalars(load.where(id_column.in_(ids)).order_by(None)).unique()
        by_id = {getattr(row, id_column.key): row for row in rows}
        return [by_id[item_id] for item_id in ids if item_id in by_id]

    def _query_count(self) -> int:
        query: Select[Any] = self._query_args["select"]
        return kept_count(query, query.get_execution_options()[LISTED][1])


def listed_page(query: Select[Any], page: int, per_page: int) -> Pagination | None:
    """The page of a list marked by :func:`listed` (None for any other query)."""
    if LISTED not in query.get_execution_options():
        return None
    return ListedPagination(page=page, per_page=per_page, select=query)

"""What waits for the signed-in person: the sections of their home page (``/home``) and the
count in the navigation.

Each section comes from one *provider*: a title, the roles it applies to, and either one
query of the rows it lists (``QueryProvider``: the same query gives the count, so the two
always agree) or a function that lists them (``ListProvider``). Every query is limited to
what its reader may see (staff: their department's; members: their organisation's), in
the query itself, with the role helpers of hackplat/permissions.

Adding an item is adding a provider: write it in a module of hackplat/home/ and pass it
to ``register`` there (hackplat/home/providers.py imports every such module once).
Providers marked ``todo`` ask the reader to act; their counts add up to the number in the
navigation. The navigation asks its counts in one statement of scalar subqueries, once
per request (kept on ``flask.g`` by user id, and ``g`` lives for one request only, so
nothing is shared between people); the statement itself is built once per reader and
day and kept in the process (``_count_statement``), since building it cost more than
running it. The counts of content (all but failed jobs) are kept in the process per
reader, day and content version (``_KEPT_COUNTS``): a page asks for them again only
after something was written; a private table's (jobs) are asked on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from flask import g
from flask_babel import LazyString
from sqlalchemy import Select, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.sql.util import find_tables

from hackplat import fiscal
from hackplat.caching.stamp import PRIVATE_TABLES
from hackplat.extensions import db
from hackplat.listing import Kept, database_key
from hackplat.models import User

#: A provider's query: any ordered select of rows (one entity or a tuple).
Rows: TypeAlias = "Select[*tuple[Any, ...]]"

#: How many rows each section of the home page shows (the section links to the rest).
SHOWN = 5


@dataclass(frozen=True)
class Entry:
    """One row of a section: what it is, where it is dealt with, and a short note."""

    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    count: int
    entries: list[Entry]
    more_url: str | None
    todo: bool


@dataclass(frozen=True)
class QueryProvider:
    """A section whose rows are one ordered query (``rows``) of what ``user`` may see."""

    key: str
    title: LazyString
    applies: Callable[[User], bool]
    rows: Callable[[User], Rows]
    entry: Callable[[Any], Entry]
    more_url: Callable[[User], str] | None = None
    todo: bool = True

    def count_query(self, user: User) -> Select[Any] | None:
        rows = self.rows(user)
        key = _key_of(rows)
        counted = rows if key is None else rows.with_only_columns(key)
        return select(func.count()).select_from(counted.order_by(None).subquery())

    def entries(self, user: User, limit: int) -> list[Entry]:
        result = db.session.execute(_first(self.rows(user), limit))
        rows = result.scalars() if len(result.keys()) == 1 else result
        return [self.entry(row) for row in rows]


def _key_of(rows: Rows) -> Any:
    """The primary key column of the query's first entity (None if it lists no entity)."""
    entity = rows.column_descriptions[0].get("entity")
    mapper = sa_inspect(entity, raiseerr=False) if entity is not None else None
    keys: tuple[Any, ...] = tuple(getattr(mapper, "primary_key", ()))
    return keys[0] if len(keys) == 1 else None


def _first(rows: Rows, limit: int) -> Rows:
    """The first ``limit`` rows of a section, chosen by their keys alone, then read: the
    keys' statement reads only its indexes, where the rows' read the whole row of every
    candidate (a department's 500 needs, 450 questions) before keeping five. One
    statement: ``key IN (the first keys)``, the same conditions and order outside."""
    key = _key_of(rows)
    if key is None:
        return rows.limit(limit)
    return rows.where(key.in_(rows.with_only_columns(key).limit(limit).correlate(None))).limit(limit)


@dataclass(frozen=True)
class ListProvider:
    """A section listed by a function (e.g. the matcher's suggestions); its count is the
    number listed, and it never counts in the navigation."""

    key: str
    title: LazyString
    applies: Callable[[User], bool]
    list_entries: Callable[[User, int], list[Entry]]
    more_url: Callable[[User], str] | None = None
    todo: bool = False

    def count_query(self, user: User) -> Select[Any] | None:
        return None

    def entries(self, user: User, limit: int) -> list[Entry]:
        return self.list_entries(user, limit)


Provider = QueryProvider | ListProvider

#: Every provider, in the order their sections are shown.
PROVIDERS: list[Provider] = []


def register(provider: Provider, *, after: str | None = None) -> Provider:
    """Add a provider at the end, or right after the one keyed ``after`` if registered
    (registering a key again replaces the earlier one)."""
    PROVIDERS[:] = [p for p in PROVIDERS if p.key != provider.key]
    keys = [p.key for p in PROVIDERS]
    PROVIDERS.insert(keys.index(after) + 1 if after in keys else len(PROVIDERS), provider)
    return provider


def providers_for(user: User) -> list[Provider]:
    from hackplat.home import providers  # noqa: F401  (registers them all, once)

    return [p for p in PROVIDERS if p.applies(user)]


#: The count statements built, by what they depend on (``_count_key``); building one
#: (SQLAlchemy constructing ~10 subqueries with aliases) cost 10-20 times running it, on
#: every signed-in page. Bounded: emptied when full.
_count_statements: dict[tuple[Any, ...], tuple[_Counted, _Counted]] = {}
MAX_KEPT_STATEMENTS = 2000
#: The counts of what only content tables hold, by database and ``_count_key``, kept for
#: the content's version (hackplat/caching/stamp.py): the coordinator's ten counts cost
#: PostgreSQL ~3 ms a page (#16), and they change only when content is written.
_KEPT_COUNTS: Kept[dict[str, int]] = Kept(MAX_KEPT_STATEMENTS)


@dataclass(frozen=True)
class _Counted:
    """Providers' keys and the one statement of their counts (None: no provider)."""

    keys: list[str]
    statement: Select[Any] | None

    @classmethod
    def of(cls, queries: dict[str, Select[Any]]) -> _Counted:
        """The counts of ``queries`` (by provider key) as one row of scalar subqueries."""
        return cls(list(queries), select(*(q.scalar_subquery() for q in queries.values())) if queries else None)

    def read(self) -> dict[str, int]:
        if self.statement is None:
            return {}
        row = db.session.execute(self.statement).one()
        return {key: int(value or 0) for key, value in zip(self.keys, row, strict=True)}


def _count_key(user: User, chosen: Sequence[Provider]) -> tuple[Any, ...]:
    """What a provider's query may depend on: the reader's id, role, department and
    organisation, and today's date in Japan (deadlines). A provider whose ``rows`` reads
    anything else of the user, or the database in Python, must add it here."""
    keys = tuple(p.key for p in chosen)
    return (user.id, user.role, user.department_id, user.organisation_id, fiscal.japan_today(), keys)


def _reads_private(query: Select[Any]) -> bool:
    """Whether ``query`` reads a table whose writes leave the content's version as it was
    (failed jobs): its count is asked on every page."""
    return any(getattr(table, "name", None) in PRIVATE_TABLES for table in find_tables(query, include_aliases=True))


def _count_statement(key: tuple[Any, ...], user: User, chosen: Sequence[Provider]) -> tuple[_Counted, _Counted]:
    """The counts' statements (by ``_count_key``): of the providers that read content
    alone, and of the rest."""
    if (kept := _count_statements.get(key)) is None:
        queries = {p.key: q for p in chosen if (q := p.count_query(user)) is not None}
        content = {k: q for k, q in queries.items() if not _reads_private(q)}
        live = {k: q for k, q in queries.items() if k not in content}
        kept = (_Counted.of(content), _Counted.of(live))
        if len(_count_statements) >= MAX_KEPT_STATEMENTS:
            _count_statements.clear()
        _count_statements[key] = kept
    return kept


def _counts(user: User, chosen: Sequence[Provider]) -> dict[str, int]:
    """The counts of the query providers among ``chosen``: those of content, kept for the
    content's version (one statement when not), and the others' (one statement)."""
    key = _count_key(user, chosen)
    content, live = _count_statement(key, user, chosen)
    counts = live.read()
    if content.statement is not None:
        counts.update(_KEPT_COUNTS.fetch((database_key(), key, ""), content.read))
    return counts


def sections(user: User, limit: int = SHOWN) -> list[Section]:
    """The home page: every section that applies to ``user``, with its first rows (a
    section of a query provider with nothing in it is left out)."""
    chosen = providers_for(user)
    counts = _counts(user, chosen)
    _todo_counts()[user.id] = sum(counts.get(p.key, 0) for p in chosen if p.todo)  # the navigation's too
    result = []
    for provider in chosen:
        known = counts.get(provider.key)
        entries = provider.entries(user, limit) if known is None or known > 0 else []
        count = len(entries) if known is None else known
        more = provider.more_url(user) if provider.more_url and count > len(entries) else None
        result.append(Section(provider.key, str(provider.title), count, entries, more, provider.todo))
    return [s for s in result if s.count > 0]


def _todo_counts() -> dict[int, int]:
    """This request's navigation counts by user id (``flask.g`` lives for one request)."""
    if "home_todo_counts" not in g:
        g.home_todo_counts = {}
    counts: dict[int, int] = g.home_todo_counts
    return counts


def todo_count(user: User) -> int:
    """The number in the navigation: the items waiting for ``user`` to act, one
    statement per request (none more on the home page, whose counts include it)."""
    counts = _todo_counts()
    if user.id not in counts:
        counts[user.id] = sum(_counts(user, [p for p in providers_for(user) if p.todo]).values())
    return counts[user.id]

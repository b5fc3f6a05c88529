"""Reading a query through the matcher's analyser and ranking a list by it (BM25F).

A query becomes *groups*, one per word the analyser keeps (or per synonym-table phrase
it contains); an item matches when it matches every group, and a group is matched by
any of its *alternatives*, each a set of terms the item must all hold. The alternatives
of a word are the word itself and every wording the synonym table maps to the same
term (スマホ: スマホ, or スマート + フォン, which the analyser makes of スマートフォン;
子供 also finds 園児). The table is applied here, to the query, because the stored
terms are pre-synonym lemmas (search_index.py): an edit is in force at the next search.

The score is the matcher's BM25F: ``Σ idf(term) · weight(term, item)`` over the query's
terms that the item holds, idf from the index's counts at query time. Quoted phrases
match as their words do, without the synonym table (a phrase is taken as written), and
their text must also occur in the item (a substring check on the hits only). A query
the index finds nothing for (a word the analyser cannot read, a name cut into odd
pieces, text written in kana another way) falls back to the substring check on a
bounded window of the newest items (``FALLBACK_WINDOW``), never on a whole table.

A list page scores its search once: the query :func:`keyword_search` returns carries
how its rows are loaded (``SEARCHED``), and :func:`searched_page` (hackplat/views.py's
``paginate``) reads the hits' ids in their order in one query, counts them, and loads
the page's rows by id (``db.paginate`` would score twice: the count, then the page).
The fallback's window is checked in Python on texts each process keeps (``_window``).

What a search reads is kept in the process for the content's version
(hackplat/caching/stamp.py: it moves on any committed write of content, synonyms
included, by any worker): the index's counts of the query's terms, and a searched
list's hit ids in their order (by the statement and its parameters), so that the next
page, the same query again or another visitor's read no postings until something is
written; the first read of a frequent word still scores every hit (#16).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import BigInteger, Integer, Select, and_, cast, event, func, literal, or_, select, union_all
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import InstrumentedAttribute, Session, UOWTransaction

from hackplat.caching.stamp import content_version, keepable
from hackplat.extensions import db
from hackplat.listing import Kept, database_key, statement_key
from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.weighting import bm25_idf
from hackplat.matching.search_index import indexed_items
from hackplat.matching.search_synonyms import Group, SynonymTable, groups, synonym_table
from hackplat.models.search import SearchTerm, SearchTermCount
from hackplat.search import matches_all, normalise, parse_query

__all__ = ["FALLBACK_WINDOW", "SEARCHED", "Plan", "document_counts", "keyword_search", "plan", "searched_page"]

#: The substring fallback reads at most this many of the newest items of a kind.
FALLBACK_WINDOW = 2_000
#: The execution option marking a searched list: (the query a page's rows are loaded by, the id column).
SEARCHED = "hackplat_searched"

#: Hit ids fetched from the database at a time.
_FETCHED_AT_ONCE = 1_000
#: Hit lists kept per content version (8 bytes an id): how many, and the longest kept.
MAX_HIT_LISTS = 64
MAX_KEPT_HITS = 50_000

_analyser = Analyser()
#: (database, kind, terms) → (indexed items, each term's document frequency).
_COUNTS: Kept[tuple[int, dict[str, int]]] = Kept(1_000)
#: A searched list's ids statement → its hits' ids in the list's order.
_HITS: Kept[array[int]] = Kept(MAX_HIT_LISTS)


@dataclass(frozen=True)
class Plan:
    """``groups``: what the index must find; ``phrases``: text each hit must contain;
    ``substrings``: the fallback's words and phrases (normalised as search_text)."""

    groups: tuple[Group, ...]
    phrases: tuple[str, ...]
    substrings: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        return sorted({term for group in self.groups for wording in group for cls in wording for term in cls})


#: A quoted phrase is read without the synonym table: its hits must hold its text as
#: written, so the table's other wordings would only add postings to read (the phrase
#: "チャットボット" read ai and 自動, 57,000 postings of 100,000 seeds, to keep none).
_AS_WRITTEN = SynonymTable()


def plan(query: str | None) -> Plan:
    parsed = parse_query(query)
    table = synonym_table()
    found = [group for part in parsed.words for group in groups(_analyser.phrase(part), table)]
    found += [group for part in parsed.phrases for group in groups(_analyser.phrase(part), _AS_WRITTEN)]
    unique = tuple(dict.fromkeys(found))
    phrases = tuple(text for text in (normalise(p) for p in parsed.phrases) if text)
    return Plan(unique, phrases, tuple(parsed.substrings()))


def document_counts(kind: str, terms: list[str]) -> tuple[int, dict[str, int]]:
    """The kind's number of indexed items, and each term's document frequency (one query of
    the kept counts, itself kept for the content's version)."""
    n, df = _COUNTS.fetch((database_key(), kind, "\x1f".join(terms)), lambda: _read_counts(kind, terms))
    return n, dict(df)


def _read_counts(kind: str, terms: list[str]) -> tuple[int, dict[str, int]]:
    """The kind's indexed items and its terms' counts, as search_totals and
    search_term_counts keep them (counting the postings of スマホ's four terms on 100,000
    seeds took 7 ms on PostgreSQL), in one statement (no term is empty: "" marks the items)."""
    indexed = select(literal(""), indexed_items(kind))
    counts = select(SearchTermCount.term, SearchTermCount.documents).where(
        SearchTermCount.kind == kind, SearchTermCount.term.in_(terms), SearchTermCount.documents > 0
    )
    rows = db.session.execute(union_all(indexed, counts)).all()
    by_term = {term: int(count) for term, count in rows}
    return by_term.pop(""), by_term


def _matchable(group: Group, df: dict[str, int]) -> bool:
    """Whether some wording of ``group`` has each of its classes in the index at all."""
    return any(all(any(df.get(t) for t in cls) for cls in wording) for wording in group)


#: Bits a term's mark column holds: a 32-bit integer's, less the sign's and one more, so
#: that their sum is PostgreSQL's sum of integers (kept in 64 bits; a sum of 64-bit marks
#: is a numeric's, which took 4 ms more to group the 35,000 postings of スマホ, #16).
_BITS = 30


def _scores(kind: str, the_plan: Plan, n: int, df: dict[str, int]) -> Any:
    """A subquery (item_id, score) of the items that match every group; BM25's idf,
    ``ln(1 + (N − df + 0.5) / (df + 0.5))``, from the index's counts.

    Each term's postings are read by their own range of the primary key, scored there
    (weight · idf) and marked by the term's bit; an item's marks summed are the terms it
    holds (a term's row is there once), which the groups are checked against. One CASE
    per row over the terms instead (``term = …``) took a third longer to group the 35,000
    postings of スマホ on 100,000 seeds, on SQLite as on PostgreSQL (#16)."""
    terms = [t for t in the_plan.terms if df.get(t)]
    columns = range(-(-len(terms) // _BITS))  # the mark columns: _BITS terms each
    branches = []
    for i, term in enumerate(terms):
        idf = float(bm25_idf(n, df[term]))
        marks = (literal(1 << (i % _BITS) if c == i // _BITS else 0, Integer).label(f"m{c}") for c in columns)
        branches.append(
            select(SearchTerm.item_id, (SearchTerm.weight * idf).label("score"), *marks)
            .where(SearchTerm.kind == kind, SearchTerm.term == term)
        )  # fmt: skip
    postings = union_all(*branches).subquery("postings")
    held = {c: cast(func.sum(postings.c[f"m{c}"]), BigInteger) for c in columns}
    holds = {t: held[i // _BITS].op("&")(1 << (i % _BITS)) != 0 for i, t in enumerate(terms)}
    every_group = [
        or_(*(
            and_(*(or_(*(holds[t] for t in cls if t in holds)) for cls in wording))
            for wording in group if all(any(t in holds for t in cls) for cls in wording)
        ))
        for group in the_plan.groups
    ]  # fmt: skip
    return (
        select(postings.c.item_id, func.sum(postings.c.score).label("score"))
        .group_by(postings.c.item_id)
        .having(and_(*every_group))
        .subquery("search_scores")
    )


def keyword_search(
    query: Select[Any],
    kind: str,
    keywords: str | None,
    *,
    id_column: InstrumentedAttribute[int],
    text_column: InstrumentedAttribute[str],
    ranked: bool = True,
    load: Select[Any] | None = None,
    hashable: bool = False,
) -> Select[Any]:
    """``query`` (a list with its filters, not yet ordered) narrowed to the items that
    match ``keywords``, best first (``ranked``: the score becomes the first sort key;
    the caller's own order breaks ties). No keywords: ``query`` unchanged. ``load``: the
    list's rows with their loader options but without its filters, which a page loads by
    id (:func:`searched_page`; with the filters, SQLite reads them by a status index).
    ``hashable``: the list's filters are in the index its hits are joined by (see
    :func:`_join_key`)."""
    the_plan = plan(keywords)
    if not the_plan.groups and not the_plan.substrings:
        return query
    near_ids = _substring_hits(id_column, text_column, the_plan.substrings) if the_plan.substrings else []
    near = select(id_column).where(id_column.in_(near_ids)).correlate(None)
    searched = {SEARCHED: (query if load is None else load, id_column)}
    if the_plan.groups:
        n, df = document_counts(kind, the_plan.terms)
        if all(_matchable(group, df) for group in the_plan.groups):
            found = _found(_scores(kind, the_plan, n, df), near if near_ids else None)
            key = _join_key(id_column, the_plan, df) if hashable else id_column
            hits = query.join(found, found.c.item_id == key).where(matches_all(text_column, the_plan.phrases))
            return (hits.order_by(found.c.score.desc()) if ranked else hits).execution_options(**searched)
    return query.where(id_column.in_(near)).execution_options(**searched)


#: Hits (at most, as the postings tell) from which PostgreSQL joins them to a list by hashing.
HASHED_JOIN_FROM = 5_000


def _join_key(id_column: InstrumentedAttribute[int], the_plan: Plan, df: dict[str, int]) -> Any:
    """The list's id as a ``hashable`` list (one whose filters its index holds: the public
    seeds unfiltered, migration 0033) joins the hits by. PostgreSQL estimates an aggregate's
    groups at 200 whatever it reads, so it probes the list's id index once per hit: 17,000
    probes for スマホ on 100,000 seeds, ~20 ms more than hashing the hits and reading that
    index once. When the hits may be ``HASHED_JOIN_FROM`` or more (every group must match,
    so they are at most the fewest postings of any group's terms, known from the counts)
    the id is joined as ``id + 0``, which no index serves: PostgreSQL hashes. Not for a
    phrase: its text check reads each row, and reading all 80,000 took 250 ms. SQLite always
    probes, by the index (it has no hash join)."""
    most_hits = min((sum(df.get(t, 0) for t in _group_terms(group)) for group in the_plan.groups), default=0)
    if most_hits >= HASHED_JOIN_FROM and not the_plan.phrases and db.session.get_bind().dialect.name == "postgresql":
        return id_column + 0
    return id_column


def _group_terms(group: Group) -> set[str]:
    return {term for wording in group for cls in wording for term in cls}


class _SearchedPagination(Pagination):
    """A searched list's page: the ids of every hit read once, in the list's order (the
    score computed once), their number the total, the page's rows loaded by id."""

    def _query_items(self) -> list[Any]:
        searched: Select[Any] = self._query_args["select"]
        load, id_column = searched.get_execution_options()[SEARCHED]
        self._ids = _hit_ids(searched.with_only_columns(id_column))
        start = (self.page - 1) * self.per_page
        page = list(self._ids[start : start + self.per_page])
        if not page:
            return []
        rows = db.session.scalars(load.where(id_column.in_(page)).order_by(None)).unique()
        by_id = {getattr(row, id_column.key): row for row in rows}
        return [by_id[item_id] for item_id in page if item_id in by_id]

    def _query_count(self) -> int:
        return len(self._ids)


def _hit_ids(statement: Select[Any]) -> array[int]:
    """The ids ``statement`` selects, each once, in its order: read once per content
    version in this process (lists longer than ``MAX_KEPT_HITS`` are read each time).
    Read through Core, which does not flush the session: the ORM reads before it (the
    content version, the counts) have flushed this session's pending changes."""
    return _HITS.fetch(
        statement_key(statement), lambda: _read_hit_ids(statement), keep=lambda ids: len(ids) <= MAX_KEPT_HITS
    )


def _read_hit_ids(statement: Select[Any]) -> array[int]:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql" and _aggregable(statement):
        read = connection.execute(_as_one_array(statement)).scalar_one() or ()
    else:
        # Core rows, not the ORM's (8 ms of 14,000 ids), fetched a batch at a time: one by
        # one cost 20 ms; a list of them all outlived the collector's young generations,
        # and every few searches a full collection took 150 ms.
        read = chain.from_iterable(connection.execute(statement).scalars().partitions(_FETCHED_AT_ONCE))
    return array("q", dict.fromkeys(read))


def _as_one_array(statement: Select[Any]) -> Select[Any]:
    """PostgreSQL: the ids ``statement`` selects as one array in its order
    (``array_agg(id ORDER BY …)``, which keeps the order; an ordered subquery's rows need
    not): a row of 14,000 ids each cost psycopg 5–10 ms more than parsing one array (#16).
    The order is the statement's own clauses, which SQLAlchemy keeps in
    ``_order_by_clauses`` (no public reader)."""
    (id_column,) = statement.selected_columns
    order = statement._order_by_clauses
    aggregated = func.array_agg(aggregate_order_by(id_column, *order) if order else id_column)
    return statement.with_only_columns(aggregated).order_by(None)


def _aggregable(statement: Select[Any]) -> bool:
    """Whether ``statement``'s rows may become one aggregate: no grouping, HAVING,
    DISTINCT, limit (LIMIT, OFFSET, FETCH) or FOR UPDATE, which an aggregate of its column
    would undo or PostgreSQL refuses (SQLAlchemy keeps them in private attributes; the
    searched lists have none of them today)."""
    return not (statement._group_by_clauses or statement._having_criteria or statement._distinct
                or statement._limit_clause is not None or statement._offset_clause is not None
                or statement._fetch_clause is not None or statement._for_update_arg is not None)  # fmt: skip


def searched_page(query: Select[Any], page: int, per_page: int) -> Pagination | None:
    """The page of a list :func:`keyword_search` narrowed (None for any other query), as
    ``db.paginate`` makes it (404 for a page past the end), its search scored once."""
    if SEARCHED not in query.get_execution_options():
        return None
    return _SearchedPagination(page=page, per_page=per_page, select=query)


def _found(scores: Any, near: Select[Any] | None) -> Any:
    """(item_id, score) of the index's hits and the substring hits (score 0), each item
    once: a small table the list is joined to (read first, then the rows by their key).
    Without substring hits, the index's own: grouping its hits again by item took a
    quarter of a search that matches 17,000 of 100,000 seeds."""
    if near is None:
        return scores
    both = union_all(select(scores.c.item_id, scores.c.score), near.add_columns(literal(0.0))).subquery()
    return select(both.c.item_id, func.max(both.c.score).label("score")).group_by(both.c.item_id).subquery("found")


def _substring_hits(
    id_column: InstrumentedAttribute[int], text_column: InstrumentedAttribute[str], substrings: Sequence[str]
) -> list[int]:
    """Ids of the newest ``FALLBACK_WINDOW`` items whose text holds every substring:
    what the analyser reads differently in the query and in the text (ほいくしょ for
    保育所, a word MeCab cuts otherwise in another sentence) is still found there.
    Checked in Python on the window's texts this process keeps (:func:`_window`)."""
    if id_column.class_.__mapper__.version_id_col is None:  # no stamp to keep the texts by: read them
        newest = select(id_column).order_by(id_column.desc()).limit(FALLBACK_WINDOW).correlate(None)
        query = select(id_column).where(id_column.in_(newest), matches_all(text_column, substrings)).correlate(None)
        return list(db.session.scalars(query))
    hits = _window(id_column, text_column)
    for part in substrings:  # each word narrows the last one's hits
        hits = [(item_id, text) for item_id, text in hits if part in text]
    return [item_id for item_id, _ in hits]


@dataclass(frozen=True)
class _Window:
    stamp: tuple[Any, ...]
    texts: list[tuple[int, str]]  # (id, search_text), newest first
    content: tuple[int, int] = (0, 0)  # the content version the stamp was last checked at


#: (database, table) → the newest FALLBACK_WINDOW items' text as last read by this process.
_windows: dict[tuple[str, str], _Window] = {}


def _window(id_column: InstrumentedAttribute[int], text_column: InstrumentedAttribute[str]) -> list[tuple[int, str]]:
    """The newest ``FALLBACK_WINDOW`` items' (id, search_text), read again only when the
    window changed. Its stamp (count, first and last id, sum of the optimistic versions
    every ORM update bumps) is read from the (id, version) index (migration 0026): ~0.5 ms
    against ~7 ms for reading the texts (each row's long fields come before them)."""
    key = (str(db.engine.url), id_column.class_.__tablename__)
    content = content_version()
    kept = _windows.get(key)
    if kept is not None and kept.content == content:  # nothing written since: the same window
        return kept.texts
    version: Any = id_column.class_.__mapper__.version_id_col
    newest = select(id_column.label("id"), version.label("version")).order_by(id_column.desc())
    window = newest.limit(FALLBACK_WINDOW).subquery()
    stamp_query = select(func.count(), func.min(window.c.id), func.max(window.c.id), func.sum(window.c.version))
    stamp = tuple(db.session.execute(stamp_query).one())
    if kept is None or kept.stamp != stamp:
        rows = select(id_column, text_column).where(id_column >= (stamp[1] or 0)).order_by(id_column.desc())
        texts = [(item_id, text or "") for item_id, text in db.session.execute(rows.limit(FALLBACK_WINDOW))]
        kept = _Window(stamp, texts)
    if keepable(content):
        _windows[key] = _Window(kept.stamp, kept.texts, content)
    return kept.texts


@event.listens_for(Session, "after_flush")
def _forget_windows(session: Session, _context: UOWTransaction) -> None:
    """An item created or deleted here: the kept windows are forgotten (on SQLite, a new
    row may take the id of the newest one deleted, with the same version; other processes
    see the stamp change in all but that case)."""
    if any(getattr(type(obj), "search_text", None) is not None for obj in (*session.new, *session.deleted)):
        _windows.clear()

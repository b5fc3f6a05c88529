"""Writing the keyword search's inverted table (models/search.py) from the matcher's tokens.

Why an inverted table of our own rather than PostgreSQL full-text search or a trigram
index: the query must be read by the matcher's analyser (lemmas, the synonym table),
which neither knows; it must work on SQLite as on PostgreSQL; and each post's tokens
already exist (the ``analysis`` kept when it is saved), so indexing costs no second
tokenising. One row per (kind, term, item) with the term's saturated BM25F weight makes
a query one range read per term on the primary key, summed per item.

The rows follow every write: a flush that creates or changes the text of a need, seed
or knowledge case (or an organisation's name, which its seeds are found by) rewrites
that item's rows in the same transaction (``_follow_writes``), whoever wrote it — a
service, the demo loader or a test factory. What no flush announces is caught up by
``refresh``, which the ``flask search reindex`` command and a periodic job run: rows
written before this index existed, and rows whose terms came from an older analyser
(``Analysed.is_current``; the matcher's rebuild re-analyses texts behind the ORM's back).

The synonym table is *not* applied here but to the query (search_query.py): stored
terms are pre-synonym lemmas, as the matcher stores them, so a coordinator's edit
takes effect on the next search without rewriting any row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, event, func, insert, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, UOWTransaction

from hackplat.matching.core.analyser import ANALYSER_VERSION, MARK, Analysed, Analyser
from hackplat.matching.core.weighting import K1, TITLE_WEIGHT, B
from hackplat.models import KnowledgeCase, Need, Organisation, PilotLesson, Seed
from hackplat.models.search import TERM_MAX, SearchDocument, SearchTerm, SearchTermCount, SearchTotal
from hackplat.models.support import SupportRequest

__all__ = ["KINDS", "Document", "document", "indexed_items", "recount", "refresh", "weights", "write"]

_analyser = Analyser()
# A number the analyser kept as context (_2023, _1234567890123): indexed, so that years
# and 法人番号 are found; one digit alone is too common to mean anything.
_NUMBER = re.compile(re.escape(MARK) + r"\d{2,}$")

#: kind → (model, title field, body fields): what is indexed of each kind.
KINDS: dict[str, tuple[type[Any], str, tuple[str, ...]]] = {
    "need": (Need, "title", ("background", "problem", "desired_outcome", "expected_effect")),
    "seed": (Seed, "title", ("summary", "description", "track_record", "tags")),
    "case": (KnowledgeCase, "title", ("need_summary", "solution", "organisation_name", "results", "lessons")),
    "lesson": (PilotLesson, "title", ("body",)),  # a pilot's internal lessons: searched by city accounts only
    # support requests, found as similar ones when another department asks (hackplat/support/similar.py)
    "support": (SupportRequest, "title", ("situation", "affected", "tried")),
}
_KIND_OF = {model: kind for kind, (model, _, _) in KINDS.items()}
#: A seed is also found by its organisation's name and 法人番号.
_ORGANISATION_FIELDS = ("name", "corporate_number")
CHUNK = 500  # items per batch when catching up


def indexed(tokens: Iterable[str]) -> list[str]:
    """The stored tokens that become terms: content words and numbers."""
    return [t[:TERM_MAX] for t in tokens if t and (t[0] != MARK or _NUMBER.match(t))]


@dataclass(frozen=True)
class Document:
    kind: str
    item_id: int
    title: Counter[str]
    body: Counter[str]
    version: int = ANALYSER_VERSION


def document(kind: str, item_id: int, analysed: Analysed, extra: Sequence[str] = ()) -> Document:
    """An item's terms per field; ``extra`` are more body tokens (a seed's organisation)."""
    return Document(
        kind, item_id, Counter(indexed(analysed.title)), Counter(indexed([*analysed.body, *extra])), analysed.version
    )


def weights(doc: Document, means: tuple[float, float]) -> dict[str, float]:
    """term → ``tf~ / (K1 + tf~)``, the matcher's BM25F document weight (weighting.py)."""
    n_title = 1 - B + B * sum(doc.title.values()) / (means[0] or 1.0)
    n_body = 1 - B + B * sum(doc.body.values()) / (means[1] or 1.0)
    out = {}
    for term in doc.title.keys() | doc.body.keys():
        tf = TITLE_WEIGHT * doc.title[term] / n_title + doc.body[term] / n_body
        out[term] = tf / (K1 + tf)
    return out


def _means(
    connection: Connection, kind: str, docs: Sequence[Document], gone: tuple[int, int, int] = (0, 0, 0)
) -> tuple[float, float]:
    """Mean field lengths over the kind's indexed items: those being written counted in,
    ``gone`` (items, title and body lengths this save removed, still in the kept totals)
    counted out. A kind with no totals kept yet is counted from its rows, which no longer
    hold what was removed."""
    kept = select(SearchTotal.documents, SearchTotal.title_length, SearchTotal.body_length)
    row = connection.execute(kept.where(SearchTotal.kind == kind)).one_or_none()
    if row is None:
        row, gone = connection.execute(_counted(kind)).one(), (0, 0, 0)
    count = int(row[0]) + len(docs) - gone[0]
    title = int(row[1]) + sum(sum(d.title.values()) for d in docs) - gone[1]
    body = int(row[2]) + sum(sum(d.body.values()) for d in docs) - gone[2]
    return (title / count, body / count) if count else (1.0, 1.0)


def _counted(kind: str) -> Select[int, int, int]:
    """(indexed items, title lengths, body lengths), counted from the kind's rows."""
    title = func.coalesce(func.sum(SearchDocument.title_length), 0)
    body = func.coalesce(func.sum(SearchDocument.body_length), 0)
    documents = func.count().label("documents")
    return select(documents, title.label("title_length"), body.label("body_length")).where(SearchDocument.kind == kind)


def indexed_items(kind: str) -> ColumnElement[int]:
    """The kind's number of indexed items as a scalar expression: kept in search_totals,
    counted from its rows while it has none (the second subquery runs only then)."""
    kept = select(SearchTotal.documents).where(SearchTotal.kind == kind).scalar_subquery()
    return func.coalesce(kept, select(func.count()).where(SearchDocument.kind == kind).scalar_subquery())


def recount(connection: Connection, kind: str, *, terms: bool = False) -> None:
    """The kind's totals (and with ``terms`` its terms' counts) counted afresh from its
    rows (a kind's first, and the catch-up job's: rows written past this module are then
    accounted for). The totals row is locked first (updated as it is), then counted by
    statements of their own: on PostgreSQL a statement sees what was committed before it
    began, so a save that held the row until then is counted in; and no save touches the
    counts without the row (``_add_to_totals``). The row is updated in place, never
    deleted and inserted again: a save waiting on it finds it still there."""
    _ensure_row(connection, kind)
    held = SearchTotal.kind == kind
    connection.execute(update(SearchTotal).where(held).values(documents=SearchTotal.documents))
    counted = _counted(kind).subquery()
    connection.execute(
        update(SearchTotal)
        .where(held)
        .values(
            documents=select(counted.c.documents).scalar_subquery(),
            title_length=select(counted.c.title_length).scalar_subquery(),
            body_length=select(counted.c.body_length).scalar_subquery(),
        )
    )
    if terms:
        connection.execute(delete(SearchTermCount).where(SearchTermCount.kind == kind))
        per_term = select(SearchTerm.kind, SearchTerm.term, func.count()).where(SearchTerm.kind == kind)
        per_term = per_term.group_by(SearchTerm.kind, SearchTerm.term)
        connection.execute(insert(SearchTermCount).from_select(["kind", "term", "documents"], per_term))


def _insert(connection: Connection, model: type[Any]) -> Any:
    """The database's own INSERT, which takes ON CONFLICT (both dialects spell it alike)."""
    return (postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert)(model)


def _ensure_row(connection: Connection, kind: str) -> None:
    """The kind's totals row, made (as noughts) if missing; left as it is if another
    transaction makes it meanwhile (the databases' own "do nothing on conflict")."""
    empty = _insert(connection, SearchTotal).values(kind=kind, documents=0, title_length=0, body_length=0)
    connection.execute(empty.on_conflict_do_nothing(index_elements=[SearchTotal.kind]))


def _add_to_totals(
    connection: Connection, kind: str, documents: int, title: int, body: int, terms: Mapping[str, int]
) -> None:
    """Rows just written (or removed: negative) added to the kind's totals and to its
    terms' counts; a kind with no totals yet is counted, these rows included. The totals
    row is updated first, whenever anything changed: on PostgreSQL it stays locked until
    the transaction ends, so saves of one kind take their turn there (a save's request,
    the matcher's re-ranking included: tens of milliseconds) before they touch any term's
    count, and never wait on each other's counts in two orders (a deadlock)."""
    changed = {term: change for term, change in terms.items() if change}  # some may cancel out
    if not (documents or title or body or changed):
        return
    added = connection.execute(
        update(SearchTotal)
        .where(SearchTotal.kind == kind)
        .values(
            documents=SearchTotal.documents + documents,
            title_length=SearchTotal.title_length + title,
            body_length=SearchTotal.body_length + body,
        )
    )
    if not added.rowcount:
        recount(connection, kind, terms=True)  # these rows included
        return
    if changed:
        upsert = _insert(connection, SearchTermCount)
        upsert = upsert.on_conflict_do_update(
            index_elements=[SearchTermCount.kind, SearchTermCount.term],
            set_={"documents": SearchTermCount.documents + upsert.excluded.documents},
        )
        rows = [{"kind": kind, "term": term, "documents": change} for term, change in sorted(changed.items())]
        connection.execute(upsert, rows)
        if fewer := [term for term, change in changed.items() if change < 0]:  # a term no item holds: gone
            connection.execute(
                delete(SearchTermCount).where(
                    SearchTermCount.kind == kind, SearchTermCount.term.in_(fewer), SearchTermCount.documents <= 0
                )
            )


def _remove_rows(connection: Connection, kind: str, item_ids: Sequence[int]) -> tuple[int, int, int, Counter[str]]:
    """Delete the items' rows: (items, title lengths, body lengths, items per term) gone."""
    terms = Counter(
        connection.scalars(
            delete(SearchTerm)
            .where(SearchTerm.kind == kind, SearchTerm.item_id.in_(item_ids))
            .returning(SearchTerm.term)
        )
    )
    gone = connection.execute(
        delete(SearchDocument)
        .where(SearchDocument.kind == kind, SearchDocument.item_id.in_(item_ids))
        .returning(SearchDocument.title_length, SearchDocument.body_length)
    ).all()
    return len(gone), sum(row[0] for row in gone), sum(row[1] for row in gone), terms


def remove(connection: Connection, kind: str, item_ids: Sequence[int]) -> None:
    documents, title, body, terms = _remove_rows(connection, kind, item_ids)
    _add_to_totals(connection, kind, -documents, -title, -body, {term: -n for term, n in terms.items()})


def write(connection: Connection, docs: Sequence[Document]) -> None:
    """Replace the rows of ``docs`` (all of one kind) by their current terms."""
    if not docs:
        return
    kind = docs[0].kind
    gone, gone_title, gone_body, gone_terms = _remove_rows(connection, kind, [d.item_id for d in docs])
    means = _means(connection, kind, docs, (gone, gone_title, gone_body))
    terms = sorted((kind, term, d.item_id, weight) for d in docs for term, weight in weights(d, means).items())
    if terms:  # the driver's executemany: SQLAlchemy's handling of 100 rows an item cost more than the insert
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO search_terms (kind, term, item_id, weight) VALUES ({mark}, {mark}, {mark}, {mark})"
        connection.exec_driver_sql(sql, terms)
    rows: list[dict[str, Any]] = [
        {"kind": kind, "item_id": d.item_id, "title_length": sum(d.title.values()),
         "body_length": sum(d.body.values()), "analyser_version": d.version}
        for d in docs
    ]  # fmt: skip
    connection.execute(insert(SearchDocument), rows)
    title, body = sum(row["title_length"] for row in rows), sum(row["body_length"] for row in rows)
    written = Counter(term for _, term, _, _ in terms)
    written.subtract(gone_terms)
    _add_to_totals(connection, kind, len(rows) - gone, title - gone_title, body - gone_body, written)


# ----------------------------------------------------------------- reading items


def _analysis_of(row: Any, kind: str, trusted: bool) -> Analysed:
    """The item's kept tokens when they are of its text (``trusted``) and the analyser
    still makes the same, else fresh ones."""
    stored = getattr(row, "analysis", None) if trusted else None
    if stored:
        analysed = Analysed.from_json(stored)
        if analysed.is_current():
            return analysed
    _, title, body = KINDS[kind]
    return _analyser.analyse(getattr(row, title) or "", "\n".join(getattr(row, name) or "" for name in body))


def _organisation_tokens(connection: Connection, organisation_ids: Iterable[int]) -> dict[int, list[str]]:
    rows = connection.execute(
        select(Organisation.id, Organisation.name, Organisation.corporate_number).where(
            Organisation.id.in_(set(organisation_ids))
        )
    )
    return {
        org_id: [*_analyser.phrase(name or ""), *([MARK + number] if number else [])] for org_id, name, number in rows
    }


def _columns(kind: str) -> list[Any]:
    model, title, body = KINDS[kind]
    names = [
        "id",
        title,
        *body,
        *(["analysis"] if kind in ("need", "seed", "support") else []),  # the kinds that keep their tokens
        *(["organisation_id"] if kind == "seed" else []),
    ]
    return [getattr(model, name) for name in names]


def read_documents(
    connection: Connection, kind: str, item_ids: Sequence[int], untrusted: frozenset[int] = frozenset()
) -> list[Document]:
    """The documents of these items as they are in the database now (gone ones left out);
    ``untrusted``: items whose text changed without their kept tokens (analysed afresh)."""
    model = KINDS[kind][0]
    rows = connection.execute(select(*_columns(kind)).where(model.id.in_(item_ids))).all()
    orgs = _organisation_tokens(connection, (r.organisation_id for r in rows)) if kind == "seed" else {}
    return [
        document(
            kind,
            row.id,
            _analysis_of(row, kind, row.id not in untrusted),
            orgs.get(getattr(row, "organisation_id", 0), []),
        )
        for row in rows
    ]


def reindex(
    connection: Connection, kind: str, item_ids: Sequence[int], untrusted: frozenset[int] = frozenset()
) -> None:
    """Rewrite the rows of these items from the database (those gone: removed)."""
    gone = set(item_ids)
    for start in range(0, len(item_ids), CHUNK):
        docs = read_documents(connection, kind, item_ids[start : start + CHUNK], untrusted)
        write(connection, docs)
        gone -= {d.item_id for d in docs}
    if gone:
        remove(connection, kind, sorted(gone))


def _stale(connection: Connection, kind: str, everything: bool) -> list[int]:
    """Ids of the items whose rows are missing or from an older analyser (or all)."""
    model = KINDS[kind][0]
    if everything:
        return list(connection.scalars(select(model.id).order_by(model.id)))
    indexed_now = select(SearchDocument.item_id).where(
        SearchDocument.kind == kind, SearchDocument.analyser_version == ANALYSER_VERSION
    )
    return list(connection.scalars(select(model.id).where(model.id.not_in(indexed_now)).order_by(model.id)))


def refresh(connect: Callable[[], Connection], *, everything: bool = False) -> Iterator[tuple[str, int]]:
    """Index what is missing or stale (``everything``: every item), a chunk at a time,
    each on ``connect()``; yields (kind, items done) after each chunk so that the
    caller may commit (which may end the connection) and report."""
    for kind in KINDS:
        ids = _stale(connect(), kind, everything)
        for start in range(0, len(ids), CHUNK):
            reindex(connect(), kind, ids[start : start + CHUNK])
            yield kind, min(start + CHUNK, len(ids))


# ------------------------------------------------------- following the ORM's writes


def _changed(obj: Any, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names if name in state.attrs)


def _text_changed(obj: Any, kind: str) -> bool:
    _, title, body = KINDS[kind]
    return _changed(obj, (title, *body, "analysis", "organisation_id"))


def _organisation_changed(obj: Organisation) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in _ORGANISATION_FIELDS)


@dataclass
class _Flushed:
    """What one flush wrote: kind → ids written, kind → ids deleted, the written ones whose
    text changed without their kept tokens, and the organisations renamed."""

    written: dict[str, set[int]]
    deleted: dict[str, set[int]]
    untrusted: dict[str, set[int]]
    organisations: set[int]

    def __bool__(self) -> bool:
        return any(self.written.values()) or any(self.deleted.values()) or bool(self.organisations)


def _per_kind() -> dict[str, set[int]]:
    return {kind: set() for kind in KINDS}


def _changes(session: Session) -> _Flushed:
    flushed = _Flushed(_per_kind(), _per_kind(), _per_kind(), set())
    for obj in session.new:
        kind = _KIND_OF.get(type(obj))
        if kind is not None:
            flushed.written[kind].add(obj.id)
    for obj in session.dirty:
        kind = _KIND_OF.get(type(obj))
        if kind is not None and _text_changed(obj, kind):
            flushed.written[kind].add(obj.id)
            if not _changed(obj, ("analysis",)):
                flushed.untrusted[kind].add(obj.id)
        elif isinstance(obj, Organisation) and _organisation_changed(obj):
            flushed.organisations.add(obj.id)
    for obj in session.deleted:
        kind = _KIND_OF.get(type(obj))
        if kind is not None:
            flushed.deleted[kind].add(obj.id)
    return flushed


@event.listens_for(Session, "after_flush")
def _follow_writes(session: Session, _context: UOWTransaction) -> None:
    flushed = _changes(session)
    if not flushed:
        return
    connection = session.connection()
    if flushed.organisations:
        seeds = select(Seed.id).where(Seed.organisation_id.in_(flushed.organisations))
        flushed.written["seed"] |= set(connection.scalars(seeds))
    for kind in KINDS:
        if flushed.deleted[kind]:
            remove(connection, kind, sorted(flushed.deleted[kind]))
        ids = sorted(flushed.written[kind] - flushed.deleted[kind])
        if ids:
            reindex(connection, kind, ids, frozenset(flushed.untrusted[kind]))

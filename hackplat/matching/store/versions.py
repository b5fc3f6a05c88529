"""The ranking in the database: full rebuilds, incremental updates, the shared model.

A rebuild fits a new ``MatchVersion`` while the old one stays active, writes its pairs,
stores the fitted model, and switches in one transaction. Saving a need or seed
re-ranks that item in the active version at once and logs a ``MatchDelta``; every
worker keeps the active model in memory and replays the deltas it has not seen before
scoring, so all workers and hosts rank against the same data. Items saved while a
rebuild runs are re-ranked in the old version; the switch replays them into the new one.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, delete, func, select, text, update

from hackplat.extensions import db
from hackplat.matching.core.analyser import ANALYSER_VERSION, Analysed
from hackplat.matching.core.explain import terms_json
from hackplat.matching.core.forking import default_processes, gc_paused
from hackplat.matching.core.index import DEFAULT_K, MatchIndex, PairRow
from hackplat.matching.core.parallel import analyse_stream
from hackplat.matching.core.persist import index_to_bytes
from hackplat.matching.settings import word_vectors
from hackplat.matching.store.live import active_version_id, cache, rerank
from hackplat.matching.store.texts import Item, load_item, stored_analysis, text_columns, text_of
from hackplat.models import MatchDelta, MatchPair, MatchVersion, MatchVersionStatus, Need, Seed, Synonym, utcnow

__all__ = ["RebuildReport", "rebuild", "synonym_table", "terms_json", "write_pairs"]

Progress = Callable[[str, int], None]  # (stage, items done in that stage)
ANALYSE_CHUNK = 5_000  # items read, tokenised (split between the workers) and written per transaction
PARALLEL_FROM = 2_000  # fewer items to tokenise than this: no worker processes
INSERT_BATCH = 50_000  # pairs a worker builds at a time, and per executemany (and progress call)
DELETE_STEP = 500  # need ids per transaction when an old version's pairs are deleted
PAIR_COLUMNS = ("version_id", "need_id", "seed_id", "score", "similarity", "shared_terms")
ROOMY_CACHE_KIB = 262_144  # SQLite page cache while a rebuild writes or deletes pairs


@dataclass(frozen=True)
class RebuildReport:
    version_id: int
    needs: int
    seeds: int
    pairs: int
    skipped: int
    seconds: float


def synonym_table() -> dict[str, str]:
    return {variant: canonical for variant, canonical in db.session.execute(select(Synonym.variant, Synonym.canonical))}


def rebuild(progress: Progress = lambda stage, n: None, k: int = DEFAULT_K) -> RebuildReport:
    """Refit on every need and seed and switch to the new ranking atomically."""
    started = time.perf_counter()
    version = MatchVersion(status=MatchVersionStatus.BUILDING)
    db.session.add(version)
    db.session.commit()  # readers ignore a version that is building
    since = db.session.execute(
        select(func.coalesce(func.max(MatchDelta.id), 0))
    ).scalar_one()  # before reading any item
    needs, seeds = _analysed(progress)
    cache.forget()  # this process's copy of the old model: not held through building the new one
    index = MatchIndex.fit(needs, seeds, synonyms=synonym_table(), vectors=word_vectors())
    n_needs, n_seeds = len(needs), len(seeds)
    del needs, seeds  # every post's tokens: not needed past the fit, nor in the workers forked next
    progress("fit", n_needs + n_seeds)
    with _roomy_cache():
        pairs = write_pairs(version.id, index.iter_pair_rows(k, INSERT_BATCH), progress)
        _refresh_statistics()
        version.artifact = index_to_bytes(index)
        version.needs_count, version.seeds_count, version.pairs_count = n_needs, n_seeds, pairs
        version.skipped = [[side, key] for side, key in index.skipped]
        previous, last_delta = _switch_to(version, index, since)
        version.seconds = round(time.perf_counter() - started, 2)
        db.session.flush()  # the model's pages too, while the cache is large
    db.session.commit()
    cache.put(version.id, index, last_delta=last_delta)
    if previous is not None:
        _delete_versions_before(previous)
    return RebuildReport(
        version.id, n_needs, n_seeds, pairs, len(index.skipped), round(time.perf_counter() - started, 2)
    )


# ------------------------------------------------------------------ tokens


def _analysed(progress: Progress) -> tuple[list[tuple[int, Analysed | str]], list[tuple[int, Analysed | str]]]:
    """Every need's and seed's kept tokens: as stored (JSON, decoded by the fit's
    workers), or analysed now. Those never analysed (or by an older analyser) are
    tokenised now in one pool of workers, and their tokens written back a chunk at a
    time, each chunk its own short transaction (on SQLite one long write would lock web
    saves out for the whole stage)."""
    found = {model: _stored_analyses(model) for model in (Need, Seed)}
    missing = {model: [i for i, a in found[model].items() if a is None] for model in found}
    total = sum(len(ids) for ids in missing.values())
    processes = default_processes() if total >= PARALLEL_FROM else 1
    done: Counter[str] = Counter()
    with gc_paused():
        for (model, rows), fresh in analyse_stream(_texts_to_analyse(missing), processes):
            _keep_tokens(model, rows, fresh)
            db.session.commit()
            found[model].update((row.id, analysed) for row, analysed in zip(rows, fresh, strict=True))
            done[model.__tablename__] += len(rows)
            progress(f"analyse {model.__tablename__}", done[model.__tablename__])
    needs, seeds = ([(i, a) for i, a in found[m].items() if a is not None] for m in (Need, Seed))
    return needs, seeds


def _stored_analyses(model: Item) -> dict[int, Analysed | str | None]:
    """id → kept tokens (the stored JSON), or None where there are none or an older
    analyser made them. Tokens written by this analyser start with its version (see
    ``Analysed.to_json``) and are not decoded here: the fit's workers decode them;
    anything else is decoded to be checked."""
    current_prefix = f'{{"v":{ANALYSER_VERSION},'
    analyses: dict[int, Analysed | str | None] = {}
    for item_id, stored in db.session.execute(select(model.id, model.analysis).order_by(model.id)):
        if stored and stored.startswith(current_prefix):
            analyses[item_id] = stored
            continue
        decoded = Analysed.from_json(stored) if stored else None
        analyses[item_id] = decoded if decoded is not None and decoded.is_current() else None
    return analyses


def _texts_to_analyse(missing: dict[Item, list[int]]) -> Iterator[tuple[tuple[Item, Sequence[Row[Any]]], list]]:
    """((model, rows read), [(title, body), ...]) a chunk at a time; each row keeps the
    version it was read at. An item deleted meanwhile is simply not read."""
    for model, ids in missing.items():
        for start in range(0, len(ids), ANALYSE_CHUNK):
            query = select(model.id, model.version, *text_columns(model)).where(
                model.id.in_(ids[start : start + ANALYSE_CHUNK])
            )
            rows = db.session.execute(query).all()
            yield (model, rows), [text_of(row, model) for row in rows]


def _keep_tokens(model: Item, rows: Sequence[Row[Any]], fresh: list[Analysed]) -> None:
    """Write the tokens only where the row is still at the version that was read: an
    item edited meanwhile got the tokens of its new text from its own save (live.reindex),
    and the switch re-ranks it (see _catch_up). Not a user's edit: the version stays.
    Plain driver executemany: SQLAlchemy's parameter handling cost more than the update."""
    connection = db.session.connection()
    mark = _mark(connection)
    sql = f"UPDATE {model.__tablename__} SET analysis = {mark} WHERE id = {mark} AND version = {mark}"
    connection.exec_driver_sql(
        sql, [(analysed.to_json(), row.id, row.version) for row, analysed in zip(rows, fresh, strict=True)]
    )


def _mark(connection: Connection) -> str:
    """The driver's positional parameter marker."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


# -------------------------------------------------------------------- pairs


def write_pairs(version_id: int, batches: Iterable[Sequence[PairRow]], progress: Progress) -> int:
    """Millions of pairs (batches of ``MatchIndex.iter_pair_rows``) straight to the driver in
    the session's transaction: COPY on PostgreSQL, executemany of the rows as given
    elsewhere (the version id is a literal of the statement, so no row is rebuilt to hold
    it). SQLAlchemy's per-row parameter handling (ORM bulk insert, JSON bind processing)
    cost more than the database's own work."""
    connection = db.session.connection()
    driver = connection.connection.driver_connection
    if driver is None:  # only after the connection was invalidated, never in a live transaction
        raise RuntimeError("the session's database connection is closed")
    cursor = driver.cursor()
    if connection.dialect.name == "postgresql":
        return _copy_pairs(cursor, int(version_id), batches, progress)
    marks = ", ".join([_mark(connection)] * (len(PAIR_COLUMNS) - 1))
    sql = f"INSERT INTO {MatchPair.__tablename__} ({', '.join(PAIR_COLUMNS)}) VALUES ({int(version_id)}, {marks})"
    return _insert_pairs(cursor, sql, batches, progress)


def _copy_pairs(cursor: Any, version_id: int, batches: Iterable[Sequence[PairRow]], progress: Progress) -> int:
    total = 0
    with cursor.copy(f"COPY {MatchPair.__tablename__} ({', '.join(PAIR_COLUMNS)}) FROM STDIN") as copy:
        for batch in batches:
            for row in batch:
                copy.write_row((version_id, *row))
            total += len(batch)
            progress("pairs", total)
    return total


def _insert_pairs(cursor: Any, sql: str, batches: Iterable[Sequence[PairRow]], progress: Progress) -> int:
    total = 0
    for batch in batches:
        cursor.executemany(sql, batch)
        total += len(batch)
        progress("pairs", total)
    return total


def _refresh_statistics() -> None:
    """PostgreSQL: planner statistics that know the new version, committed with the
    switch (ANALYZE samples this transaction's own rows). With statistics from before,
    the new version_id looked like one row, any index starting with version_id looked
    as good as another, and re-ranking a new need scanned the version's two million
    pairs by the seed-side index: two seconds a save."""
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(text(f"ANALYZE {MatchPair.__tablename__}"))


@contextmanager
def _roomy_cache() -> Iterator[None]:
    """SQLite: a 256 MiB page cache for the current transaction (default 2 MiB). The
    pairs' seed-side index takes millions of inserts or deletes in random order; with
    a small cache every spill rewrites its pages to the WAL again. Set back before the
    commit: the pages it holds stay until written."""
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{ROOMY_CACHE_KIB}")
    try:
        yield
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA cache_size=-2000")


# ---------------------------------------------------------------- switching


def _switch_to(version: MatchVersion, index: MatchIndex, since: int) -> tuple[int | None, int]:
    """Retire the active version and activate ``version`` in the caller's transaction,
    after replaying into it what was saved since the rebuild began. Returns the
    version retired now and the last delta logged for the new one (0 if none)."""
    previous = active_version_id()
    last_delta = _catch_up(index, version.id, previous, since) if previous is not None else 0
    db.session.execute(
        update(MatchVersion)
        .where(MatchVersion.status == MatchVersionStatus.ACTIVE)
        .values(status=MatchVersionStatus.RETIRED)
    )
    version.status, version.activated_at = MatchVersionStatus.ACTIVE, utcnow()
    return previous, last_delta


def _catch_up(index: MatchIndex, version_id: int, previous: int, since: int) -> int:
    """Needs and seeds saved or deleted while the rebuild ran were re-ranked in the
    version then active (deltas after ``since``): re-rank them in the new one too, from
    what is stored now. The new version's deltas let other workers do the same."""
    changed = db.session.execute(
        select(MatchDelta.side, MatchDelta.item_id, func.max(MatchDelta.id).label("last"))
        .where(MatchDelta.version_id == previous, MatchDelta.id > since)
        .group_by(MatchDelta.side, MatchDelta.item_id)
        .order_by("last")
    ).all()
    last_delta = 0
    for side, item_id, _ in changed:
        item = load_item(side, item_id, populate_existing=True)
        analysed = None if item is None else stored_analysis(item)
        last_delta = rerank(index, version_id, side, item_id, analysed).id
    return last_delta


def _delete_versions_before(version_id: int) -> None:
    """Versions older than the one just retired, with their pairs and deltas. Outside
    the switch, and a few hundred needs' pairs per transaction, so that neither the
    switch nor a web save waits for millions of deletes (SQLite has one writer)."""
    for old in db.session.scalars(select(MatchVersion.id).where(MatchVersion.id < version_id)).all():
        low, high = db.session.execute(
            select(func.min(MatchPair.need_id), func.max(MatchPair.need_id)).where(MatchPair.version_id == old)
        ).one()
        for start in range(low or 0, (high or -1) + 1, DELETE_STEP):
            with _roomy_cache():
                db.session.execute(
                    delete(MatchPair)
                    .where(
                        MatchPair.version_id == old, MatchPair.need_id >= start, MatchPair.need_id < start + DELETE_STEP
                    )
                    .execution_options(synchronize_session=False)
                )
            db.session.commit()
        db.session.execute(delete(MatchDelta).where(MatchDelta.version_id == old))
        db.session.execute(delete(MatchVersion).where(MatchVersion.id == old))
        db.session.commit()

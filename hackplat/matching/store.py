"""The ranking in the database: full rebuilds, incremental updates, the shared model.

A rebuild fits a new ``MatchVersion`` while the old one stays active, writes its pairs,
stores the fitted model, and switches in one transaction. Saving a need or seed
re-ranks that item in the active version at once and logs a ``MatchDelta``; every
worker keeps the active model in memory and replays the deltas it has not seen before
scoring, so all workers and hosts rank against the same data.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from hackplat.extensions import db
from hackplat.matching.index import DEFAULT_K, MatchIndex
from hackplat.matching.live import active_version_id, cache, pair_rows
from hackplat.matching.analyzer import Analysed, Analyzer
from hackplat.matching.parallel import default_processes
from hackplat.matching.texts import text_columns, text_of
from hackplat.models import MatchDelta, MatchPair, MatchVersion, MatchVersionStatus, Need, Seed, Synonym, utcnow

INSERT_BATCH = 5_000
Progress = Callable[[str, int], None]  # (stage, items done in that stage)
_analyser = Analyzer()


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


ANALYSE_CHUNK = 10_000


def _analysed(model: type[Need] | type[Seed], progress: Progress) -> list[tuple[int, Analysed]]:
    """Every item's kept tokens; those never analysed (or by an older analyser) are
    analysed now, in worker processes, and the tokens written back."""
    analyses: dict[int, Analysed | None] = {}
    for item_id, stored in db.session.execute(select(model.id, model.analysis).order_by(model.id)):
        current = Analysed.from_json(stored) if stored else None
        analyses[item_id] = current if current is not None and current.is_current() else None
    missing = [item_id for item_id, analysed in analyses.items() if analysed is None]
    for start in range(0, len(missing), ANALYSE_CHUNK):
        query = select(model.id, *text_columns(model)).where(model.id.in_(missing[start:start + ANALYSE_CHUNK]))
        chunk = db.session.execute(query).all()
        fresh = _analyser.analyse_many([text_of(row, model) for row in chunk], processes=default_processes())
        table = model.__table__
        write = update(table).where(table.c.id == bindparam("item_id")).values(analysis=bindparam("tokens"))
        db.session.execute(write, [{"item_id": i.id, "tokens": a.to_json()} for i, a in zip(chunk, fresh)])
        analyses.update((row.id, analysed) for row, analysed in zip(chunk, fresh, strict=True))
        progress(f"analyse {model.__tablename__}", start + len(chunk))
    return [(item_id, analysed) for item_id, analysed in analyses.items() if analysed is not None]


def _insert_pairs(rows: Iterable[dict[str, Any]], progress: Progress) -> int:
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == INSERT_BATCH:
            db.session.execute(insert(MatchPair), batch)
            total += len(batch)
            batch = []
            progress("pairs", total)
    if batch:
        db.session.execute(insert(MatchPair), batch)
        total += len(batch)
    return total


def rebuild(progress: Progress = lambda stage, n: None, k: int = DEFAULT_K) -> RebuildReport:
    """Refit on every need and seed and switch to the new ranking atomically."""
    started = time.perf_counter()
    version = MatchVersion(status=MatchVersionStatus.BUILDING)
    db.session.add(version)
    db.session.commit()  # readers ignore a version that is building
    needs, seeds = _analysed(Need, progress), _analysed(Seed, progress)
    index = MatchIndex.fit(needs, seeds, synonyms=synonym_table())
    progress("fit", len(needs) + len(seeds))
    pairs = _insert_pairs(pair_rows(version.id, index.iter_top_pairs(k)), progress)
    version.artifact = index.to_bytes()
    version.needs_count, version.seeds_count, version.pairs_count = len(needs), len(seeds), pairs
    version.skipped = [[side, key] for side, key in index.skipped]
    version.seconds = round(time.perf_counter() - started, 2)
    _switch_to(version)
    db.session.commit()
    cache.put(version.id, index, last_delta=0)
    return RebuildReport(version.id, len(needs), len(seeds), pairs, len(index.skipped), version.seconds)


def _switch_to(version: MatchVersion) -> None:
    """Retire the active version and activate ``version`` in the caller's transaction;
    versions older than the one retired now are deleted with their pairs."""
    previous = active_version_id()
    db.session.execute(
        update(MatchVersion).where(MatchVersion.status == MatchVersionStatus.ACTIVE).values(status=MatchVersionStatus.RETIRED)
    )
    version.status, version.activated_at = MatchVersionStatus.ACTIVE, utcnow()
    if previous is not None:
        stale = select(MatchVersion.id).where(MatchVersion.id < previous, MatchVersion.id != version.id)
        for model in (MatchPair, MatchDelta):
            db.session.execute(delete(model).where(model.version_id.in_(stale)))
        db.session.execute(delete(MatchVersion).where(MatchVersion.id.in_(stale)))

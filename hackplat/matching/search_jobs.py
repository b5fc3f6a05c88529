"""Keeping the search index whole: ``flask --app hackplat search reindex`` and a job
that catches up every ten minutes; and SQLite's statistics of the index a seeds search
joins its hits by, measured again every night.

Saves keep the index current on their own (search_index.py). What they cannot tell it:
items written before the index existed (after ``flask db upgrade``) and items whose
terms an older analyser made (the analyser's version moved on with a deploy). Both are
found by one anti-join each and indexed from the kept tokens, re-analysed only where
those are stale, a chunk per transaction so that saves are never locked out for long.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from huey import crontab
from sqlalchemy import text

from hackplat.caching.stamp import note_write
from hackplat.extensions import db
from hackplat.jobs.queue import huey, in_app_context
from hackplat.matching.search_index import KINDS, recount, refresh

search = AppGroup("search", help="キーワード検索の索引 / The keyword search's index.")


def catch_up(*, everything: bool = False) -> dict[str, int]:
    """Index what is missing or stale (or ``everything``), committing each chunk, then
    count each kind's totals afresh, and its terms' counts where items were missing or
    stale (rows were written past the index's writer; 3.6 million postings of 100,000
    seeds take ~1 s to count, not to be done every ten minutes); how many items of
    each kind were written."""
    done: dict[str, int] = {}
    for kind, count in refresh(db.session.connection, everything=everything):
        note_write(db.session())  # search results change: kept public pages must go
        db.session.commit()
        done[kind] = count
    for kind in KINDS:  # the totals of rows written past the index's writer are accounted for
        recount(db.session.connection(), kind, terms=kind in done)
        if kind in done:  # what searches read since the last chunk (and kept) is counted anew
            note_write(db.session())
        db.session.commit()  # each kind's row locked only for its own count
    return done


@search.command("reindex", help="索引にない・古い課題、シーズ、事例、教訓を索引に入れます（--all: すべて作り直し）。")
@click.option("--all", "everything", is_flag=True, help="すべての項目を索引し直します。")
def reindex_command(everything: bool) -> None:
    done = catch_up(everything=everything)
    labels = {"need": "課題", "seed": "シーズ", "case": "事例", "lesson": "教訓", "support": "支援の依頼"}
    summary = "、".join(f"{labels[kind]} {count:,} 件" for kind, count in done.items()) or "索引は最新です"
    click.echo(f"完了: {summary}")


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def catch_up_search_index() -> dict[str, int]:
    return catch_up()


#: Indexes SQLite's planner uses well only once ANALYZE has measured them: for ``id = ?``
#: it otherwise takes the rowid, here each seed's wide row, two to a page (the search
#: of スマホ joins 13,800 hits: 30 ms by rows, 10 ms by this index; migration 0033).
MEASURED_INDEXES = ("ix_seeds_id_version_public_updated_at",)


def measure_indexes() -> None:
    """SQLite: ANALYZE the ``MEASURED_INDEXES`` (an index's entries read once, ~15 ms at
    100,000 seeds), so that the planner knows them on a database that grew since the
    migration measured it; SQLite reads the statistics when a connection opens (a worker's
    at its start), not in connections already open. PostgreSQL: nothing (its autovacuum
    analyses on its own). Only these indexes: every other plan was chosen and tested
    without statistics (with these, the seeds table's size is known too)."""
    if db.session.connection().dialect.name != "sqlite":
        return
    for name in MEASURED_INDEXES:
        db.session.execute(text(f"ANALYZE {name}"))
    db.session.commit()


@huey.periodic_task(crontab(minute="40", hour="18"))  # 03:40 in Japan
@in_app_context
def measure_indexes_nightly() -> None:
    measure_indexes()

"""Benchmark: the pages' server time at the size of a national programme (issue 16).

    .venv/bin/python tests/bench/bench_pages.py                      # SQLite, full size
    scripts/with-postgres.sh .venv/bin/python tests/bench/bench_pages.py --database postgres
    .venv/bin/python tests/bench/bench_pages.py --needs 1000 --seeds 5000 --proposals 2500 \\
        --organisations 200 --people 2000                            # quick check (~1 min)

Generates ~10,000 needs (with their texts, 85 % open), ~100,000 seeds (80 % public),
~50,000 proposals, ~2,000 organisations, 20,000 members, ~3 questions a need (70 %
answered, most answers published), 1,000 working groups, 200 pilots and a knowledge
case for each evaluated or rolled-out pilot, by bulk inserts (the dashboard benchmark's
``build_programme`` and the matcher benchmark's seed rows, texts from
``synthetic_corpus.py``); then the matcher's full rebuild (the suggestions on a need's
page) and the search index, as a deploy does.

The generated database is cached under ``instance/bench/`` keyed by the size flags: a
SQLite file copied for each run, or on PostgreSQL a ``pg_dump`` restored into the empty
database (``--database postgres`` takes ``--database-url`` or ``TEST_DATABASE_URL``,
which ``scripts/with-postgres.sh`` sets); ``--fresh`` regenerates.

Then signs in a member, a department's staff, a coordinator and an admin, and times each
page in process (a signed-out visitor's page made afresh each time: the pages kept per
process, hackplat/caching/pages.py, are emptied before each request, except on the row
marked "kept page") through the Flask test client (the whole request: routing, sign-in
check, every query, rendering), ``--repeats`` runs after ``--warmup`` runs: p50 / p95
in ms, with the SQL statements a request runs and their time (median). Targets (issue
16): p95 ≤ 50 ms for pages, ≤ 100 ms for searches. Nothing is asserted; the figures go
to stderr and the last stdout line is one JSON object.

``--explain`` prints the plan of every distinct SQL statement each page runs (EXPLAIN
QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), captured with a ``before_cursor_execute``
listener, and flags full scans of large tables. ``--profile LABEL[,LABEL]`` prints
cProfile's top functions (cumulative) for those pages.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask
from sqlalchemy import event, func, insert, inspect, select, text

from hackplat import create_app
from hackplat.extensions import db
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS
from hackplat.matching.search_index import KINDS, recount
from hackplat.matching.search_jobs import catch_up, measure_indexes
from hackplat.matching.store import versions
from hackplat.models import (
    ContentChange,
    KnowledgeCase,
    Need,
    NeedStatus,
    Organisation,
    OrganisationStatus,
    Pilot,
    PilotStage,
    Proposal,
    Question,
    Role,
    Seed,
    Synonym,
    User,
)
from hackplat.models.exchange import DEFAULT_THEMES
from hackplat.models.knowledge import CaseStatus
from hackplat.search import search_text
from tests.bench import bench_dashboard
from tests.bench.bench_matcher import StageClock, bulk_insert, drop_database, need_fields, percentile, seed_row
from tests.bench.bench_search import QUERIES
from tests.bench.synthetic_corpus import generate_needs, generate_questions, generate_seeds

try:  # the public pages kept per process (issue 16); absent from older commits
    from hackplat.caching.pages import STORE as KEPT_PAGES
except ImportError:  # pragma: no cover
    KEPT_PAGES = None
try:  # the collector's settings for serving pages (issue 16); absent from older commits
    from hackplat.memory import settle_collector
except ImportError:  # pragma: no cover

    def settle_collector() -> None:
        gc.collect()
        gc.freeze()


#: Bump when the generated data, or the definition of a cached table's key or index, changes
#: (the cache key holds it; catch_up_schema adds only indexes missing by name).
GENERATOR_VERSION = 2
CACHE_DIR = ROOT / "instance" / "bench"
TARGET_PAGE_MS, TARGET_SEARCH_MS = 50, 100
#: Tables at least this large are "large" for --explain's flags.
LARGE_TABLE_ROWS = 5_000
#: How often each status occurs among the generated needs (the rest are open).
NEED_STATUSES = [(NeedStatus.WORKING_GROUP, 0.05), (NeedStatus.PILOTING, 0.04), (NeedStatus.RESOLVED, 0.03),
                 (NeedStatus.CLOSED, 0.02), (NeedStatus.DRAFT, 0.01)]  # fmt: skip
log = bench_dashboard.log


# ---------------------------------------------------------------- generating


def dresser(n_needs: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Completes the dashboard generator's need rows: texts, a status mix, deadlines."""
    posts = iter(generate_needs(n_needs))
    rng = random.Random(16)
    today = date.today()

    def dress(row: dict[str, Any]) -> dict[str, Any]:
        fields = need_fields(next(posts))
        draw, status = rng.random(), NeedStatus.OPEN
        for candidate, share in NEED_STATUSES:
            if draw < share:
                status = candidate
                break
            draw -= share
        published = None if status is NeedStatus.DRAFT else row["published_at"]
        deadline = today + timedelta(days=rng.randrange(-30, 120)) if status is NeedStatus.OPEN else None
        return {**row, **fields, "status": status, "published_at": published, "deadline": deadline,
                "updated_at": published or row["published_at"], "search_text": search_text(*fields.values())}  # fmt: skip

    return dress


def approved_organisations() -> list[int]:
    return list(db.session.scalars(select(Organisation.id).where(Organisation.status == OrganisationStatus.APPROVED)))


def insert_seeds(n_seeds: int, themes: int) -> None:
    log(f"generating {n_seeds:,} seeds ...")
    ref, rng = {"organisations": approved_organisations()}, random.Random(7)
    rows = ({**seed_row(post, ref, rng), "theme_id": rng.randint(1, themes)} for post in generate_seeds(n_seeds))
    bulk_insert(Seed, rows, n_seeds)


def insert_questions(n_questions: int, n_needs: int) -> None:
    """Questions about needs by approved organisations; 70 % answered, 80 % of those published."""
    log(f"generating {n_questions:,} questions ...")
    organisations, rng = approved_organisations(), random.Random(3)
    start = datetime(2024, 4, 1, tzinfo=UTC)
    rows = []
    for qa in generate_questions(n_questions):
        asked = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        answered = asked + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.7 else None
        rows.append({"need_id": rng.randint(1, n_needs), "organisation_id": rng.choice(organisations),
                     "body": qa["body"], "asked_at": asked, "answer": qa["answer"] if answered else None,
                     "answered_at": answered, "is_public": answered is not None and rng.random() < 0.8})  # fmt: skip
    bench_dashboard.bulk(Question, rows)


def insert_cases() -> None:
    """A published knowledge case for each evaluated or rolled-out pilot, a draft for some others."""
    pilots = db.session.execute(select(Pilot.id, Pilot.department_id, Pilot.need_id, Pilot.stage)).all()
    posts = generate_needs(len(pilots), seed=16)
    rows = []
    for (pilot_id, department_id, need_id, stage), post in zip(pilots, posts, strict=True):
        done = stage in (PilotStage.EVALUATED, PilotStage.ROLLED_OUT)
        if not done and pilot_id % 3:
            continue
        fields = need_fields(post)
        rows.append({"pilot_id": pilot_id, "department_id": department_id, "theme_id": 1 + need_id % len(DEFAULT_THEMES),
                     "title": fields["title"], "need_summary": fields["background"], "solution": fields["problem"],
                     "results": fields["desired_outcome"], "lessons": fields["expected_effect"],
                     "organisation_name": "組織1", "status": CaseStatus.PUBLISHED if done else CaseStatus.DRAFT,
                     "published_at": datetime.now(UTC) if done else None,
                     "search_text": search_text(*fields.values())})  # fmt: skip
    bench_dashboard.bulk(KnowledgeCase, rows)
    log(f"  inserted {len(rows)} knowledge cases")


def reset_sequences() -> None:
    """Rows were inserted with their ids: move PostgreSQL's sequences past them."""
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )  # fmt: skip
            )


def generate(app: Flask, args: argparse.Namespace) -> dict[str, float]:
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        log(f"building the programme: {args.organisations:,} organisations, {args.people:,} members, "
            f"{args.needs:,} needs, {args.proposals:,} proposals ...")  # fmt: skip
        bench_dashboard.build_programme(args, random.Random(6), dresser(args.needs), DEFAULT_THEMES)
        db.session.add_all(Synonym(variant=v, canonical=c) for v, c in SEED_SYNONYMS.items())
        insert_seeds(args.seeds, len(DEFAULT_THEMES))
        insert_questions(args.questions, args.needs)
        insert_cases()
        if db.engine.dialect.name == "postgresql":
            reset_sequences()
        db.session.commit()
        inserted = time.perf_counter()
        log("the matcher's full rebuild (suggestions) ...")
        versions.rebuild(StageClock())
        log("the search index ...")
        log(f"  indexed {catch_up()}")
        db.session.commit()
        db.session.remove()
    ended = time.perf_counter()
    log(
        f"generated in {ended - started:.0f} s (inserts {inserted - started:.0f} s, matcher and index {ended - inserted:.0f} s)"
    )
    return {"insert_s": round(inserted - started, 1), "rebuild_and_index_s": round(ended - inserted, 1)}


# ------------------------------------------------------------------- caching


def cache_key(args: argparse.Namespace) -> str:
    return (f"pages-v{GENERATOR_VERSION}-n{args.needs}-s{args.seeds}-p{args.proposals}-o{args.organisations}"
            f"-u{args.people}-q{args.questions}")  # fmt: skip


def libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def database_url(args: argparse.Namespace, workdir: Path) -> str:
    if args.database == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}"
    given = args.database_url or os.environ.get("TEST_DATABASE_URL")
    if not given:
        raise SystemExit("--database postgres needs --database-url or TEST_DATABASE_URL (scripts/with-postgres.sh)")
    return "postgresql+psycopg://" + given.split("://", 1)[1]


def refuse_used_database(app: Flask) -> None:
    with app.app_context():
        existing = set(inspect(db.engine).get_table_names()) & set(db.metadata.tables)
        db.engine.dispose()
    if existing:  # never restore into (and then drop) a database someone uses
        raise SystemExit(f"refusing: the database already has tables {sorted(existing)[:5]}...; give an empty one")


def catch_up_schema(app: Flask) -> None:
    """Tables added to the models since the cache was made are created (empty); a
    column missing from a cached table means the cache is stale: regenerate."""
    with app.app_context():
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue
            missing = {column.name for column in table.c} - {c["name"] for c in inspector.get_columns(table.name)}
            if missing:
                raise SystemExit(
                    f"the cached database predates the models ({table.name}: {sorted(missing)}); use --fresh"
                )
        db.create_all()
        for table in db.metadata.sorted_tables:  # indexes added since (create_all skips existing tables')
            for index in table.indexes:
                index.create(db.engine, checkfirst=True)
        db.engine.dispose()


def code_version() -> str:
    """The commit measured, with a + when the work tree differs from it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "hackplat"], cwd=ROOT,
                           capture_output=True, text=True).stdout  # fmt: skip
    return head.strip() + ("+" if dirty.strip() else "")


def restore(url: str, workdir: Path, cached: Path) -> None:
    log(f"restoring the cached database {cached.name} ...")
    if url.startswith("sqlite"):
        shutil.copyfile(cached, workdir / "bench.db")
    else:
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--jobs", "2", "-d", libpq_url(url), str(cached)],
                       check=True)  # fmt: skip


def save(app: Flask, url: str, workdir: Path, cached: Path) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    with app.app_context():
        if url.startswith("sqlite"):
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite"):
        shutil.copyfile(workdir / "bench.db", partial)
    else:
        subprocess.run(["pg_dump", "-Fc", "-f", str(partial), libpq_url(url)], check=True)
    partial.rename(cached)
    log(f"cached as {cached} ({cached.stat().st_size / 2**20:,.0f} MiB)")


def prepare(app: Flask, args: argparse.Namespace, url: str, workdir: Path) -> dict[str, Any]:
    """The generated database, from the cache when it holds one of this size."""
    suffix = ".sqlite" if url.startswith("sqlite") else ".pgdump"
    cached = CACHE_DIR / (cache_key(args) + suffix)
    if not url.startswith("sqlite"):
        refuse_used_database(app)
    if cached.exists() and not args.fresh:
        started = time.perf_counter()
        restore(url, workdir, cached)
        catch_up_schema(app)
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect() as conn:
                    analyse = "VACUUM ANALYZE" if args.vacuum else "ANALYZE"
                    autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
                    autocommit.execute(text(analyse))
                    # the restore's and the vacuum's pages written now, not while the first pages are timed
                    autocommit.execute(text("CHECKPOINT"))
            measure_indexes()  # SQLite: as the nightly job has (a cache made before 0033 lacks it)
            for kind in KINDS:  # as migrations 0034 and 0035 fill them (a cache made before has none)
                recount(db.session.connection(), kind, terms=True)
            db.session.commit()
        return {"cached": True, "restore_s": round(time.perf_counter() - started, 1)}
    figures = generate(app, args)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        measure_indexes()  # SQLite: as the nightly job does
    save(app, url, workdir, cached)
    return {"cached": False, **figures}


# ----------------------------------------------------------------- measuring


@dataclass
class SqlMeter:
    """The SQL statements of the requests being measured (engine listeners)."""

    counting: bool = False
    capturing: bool = False
    count: int = 0
    seconds: float = 0.0
    #: (statement, parameters, ms of its execute) while capturing
    captured: list[tuple[str, Any, float]] = field(default_factory=list)

    def before(self, conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        conn.info["bench_started"] = time.perf_counter()
        if self.capturing:
            self.captured.append((statement, parameters, 0.0))

    def after(self, conn: Any, *_args: Any) -> None:
        seconds = time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())
        if self.counting:
            self.count += 1
            self.seconds += seconds
        if self.capturing and self.captured:
            statement, parameters, _ = self.captured[-1]
            self.captured[-1] = (statement, parameters, seconds * 1000)

    @contextmanager
    def measuring(self) -> Iterator[None]:
        self.count, self.seconds, self.counting = 0, 0.0, True
        try:
            yield
        finally:
            self.counting = False


@dataclass
class Page:
    label: str
    path: str
    client: Any
    search: bool = False
    #: serve it from the pages kept per process when it can (else empty them first)
    kept: bool = False
    #: content written just before each request: what is kept per content version (the
    #: search's hits and counts, the lists' totals) is read afresh, as after an edit
    after_write: bool = False
    ms: list[float] = field(default_factory=list)
    sql_count: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)

    def ready(self) -> None:
        """Untimed, before each request: a page is made afresh unless ``kept``."""
        if KEPT_PAGES is not None and not self.kept:
            with KEPT_PAGES.lock:
                KEPT_PAGES.pages.clear()
                KEPT_PAGES.size = 0
        if self.after_write:
            with self.client.application.app_context():
                db.session.execute(insert(ContentChange))  # a new content version
                db.session.commit()

    def get(self) -> None:
        self.ready()
        self.fetch()

    def fetch(self) -> None:
        response = self.client.get(self.path)
        if response.status_code != 200:
            where = response.headers.get("Location", "")
            raise SystemExit(f"{self.label}: GET {self.path} answered {response.status_code} {where}")

    @property
    def target(self) -> int:
        return TARGET_SEARCH_MS if self.search else TARGET_PAGE_MS

    def figures(self) -> dict[str, Any]:
        p95 = percentile(self.ms, 95)
        return {"path": self.path, "p50_ms": round(statistics.median(self.ms), 1), "p95_ms": round(p95, 1),
                "sql_statements": statistics.median(self.sql_count), "sql_ms_p50": round(statistics.median(self.sql_ms), 1),
                "target_ms": self.target, "met": p95 <= self.target}  # fmt: skip


def measure(page: Page, meter: SqlMeter, warmup: int, repeats: int) -> None:
    for _ in range(warmup):
        page.get()
    for _ in range(repeats):
        page.ready()
        with meter.measuring():
            started = time.perf_counter()
            page.fetch()
            page.ms.append((time.perf_counter() - started) * 1000)
        page.sql_count.append(meter.count)
        page.sql_ms.append(meter.seconds * 1000)


# --------------------------------------------------------------------- pages


def one(statement: Any) -> Any:
    value = db.session.scalar(statement)
    if value is None:
        raise SystemExit(f"the generated data lacks what a page needs: {statement}")
    return value


def subjects() -> dict[str, int]:
    """The rows the pages show: the member's organisation (the most proposals), the
    busiest open need of department 1 (the staff's), a public seed."""
    approved = Organisation.status == OrganisationStatus.APPROVED
    busiest_org = (select(Proposal.organisation_id).join(Organisation, Organisation.id == Proposal.organisation_id)
                   .where(approved).group_by(Proposal.organisation_id).order_by(func.count().desc()).limit(1))  # fmt: skip
    busiest_need = (select(Question.need_id).join(Need, Need.id == Question.need_id)
                    .where(Need.department_id == 1, Need.status == NeedStatus.OPEN, Question.is_public)
                    .group_by(Question.need_id).order_by(func.count().desc()).limit(1))  # fmt: skip
    public_seed = (select(Seed.id).join(Organisation, Organisation.id == Seed.organisation_id)
                   .where(Seed.is_public, approved).order_by(Seed.id).limit(1))  # fmt: skip
    open_needs = db.session.scalar(select(func.count()).select_from(Need).where(Need.status == NeedStatus.OPEN)) or 0
    return {"organisation": one(busiest_org), "need": one(busiest_need), "seed": one(public_seed),
            "next_user": one(select(func.max(User.id))) + 1, "open_needs": open_needs}  # fmt: skip


def sign_in(app: Flask, ids: dict[str, int]) -> dict[str, Any]:
    """A client per role, each request in an app context of its own (no outer one: the
    signed-in user is kept on ``g``, which an outer context would share between clients)."""
    user, sign = ids["next_user"], bench_dashboard.signed_in_client
    return {
        "anonymous": app.test_client(),
        "member": sign(app, user, Role.MEMBER, organisation_id=ids["organisation"], joined_at=datetime.now(UTC)),
        "staff": sign(app, user + 1, Role.STAFF, department_id=1),
        "coordinator": sign(app, user + 2, Role.COORDINATOR),
        "admin": sign(app, user + 3, Role.ADMIN),
    }


def pages(clients: dict[str, Any], ids: dict[str, int]) -> list[Page]:
    anonymous, coordinator = clients["anonymous"], clients["coordinator"]
    deep = min(400, max(1, -(-ids["open_needs"] // 20)))  # page 400, or the last one of a smaller run
    listed = [
        Page("/ (public home)", "/", anonymous),
        Page("/needs/ page 1", "/needs/", anonymous),
        Page("/needs/ page 1 (kept page)", "/needs/", anonymous, kept=True),
        Page("/needs/ filtered", "/needs/?theme=2&department=3&sort=deadline", anonymous),
        Page(f"/needs/ page {deep}", f"/needs/?page={deep}", anonymous),
        Page("need page (anonymous)", f"/needs/{ids['need']}", anonymous),
        Page("need page + suggestions, Q&A (coordinator)", f"/needs/{ids['need']}", coordinator),
        Page("need page + suggestions, Q&A (staff)", f"/needs/{ids['need']}", clients["staff"]),
        Page("/seeds/ page 1", "/seeds/", anonymous),
        Page("seed page", f"/seeds/{ids['seed']}", anonymous),
        Page("/knowledge/", "/knowledge/", anonymous),
        *(Page(f"/home ({role})", "/home", clients[role]) for role in ("member", "staff", "coordinator", "admin")),
        Page("/dashboard (coordinator)", "/dashboard", coordinator),
    ]
    for path, kind in (("/needs/", "needs"), ("/seeds/", "seeds")):
        listed += [
            Page(
                f"{path}?q={query}{after}", f"{path}?q={quote(query)}", anonymous, search=True, after_write=bool(after)
            )
            for after in ("", " (after a write)")
            for query in QUERIES[kind]
        ]
    return listed


# ------------------------------------------------------------------- explain


#: A plain scan of a table (not "SCAN t USING [COVERING] INDEX i", a walk in index order).
SQLITE_SCAN = re.compile(r"\bSCAN (\w+)\b(?! USING)")
PG_SCAN = re.compile(r"Seq Scan on (\w+)")


def large_tables() -> set[str]:
    sizes = {name: db.session.scalar(text(f'SELECT count(*) FROM "{name}"')) or 0 for name in db.metadata.tables}
    return {name for name, rows in sizes.items() if rows >= LARGE_TABLE_ROWS}


def plan(raw: Any, statement: str, parameters: Any) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    cursor = raw.cursor()
    cursor.execute(prefix + statement, parameters)
    rows = [" | ".join(str(cell) for cell in row) for row in cursor.fetchall()]
    cursor.close()
    return rows


def full_scans(lines: list[str], large: set[str]) -> set[str]:
    pattern = SQLITE_SCAN if db.engine.dialect.name == "sqlite" else PG_SCAN
    return {match.group(1) for line in lines for match in pattern.finditer(line) if match.group(1) in large}


def explain(app: Flask, listed: list[Page], meter: SqlMeter) -> dict[str, Any]:
    """Print the plan of each distinct statement of each page (with its time in one
    request); the full scans of large tables, and each page's slowest statement."""
    flagged: dict[str, list[str]] = {}
    slowest: dict[str, str] = {}
    captured = {}
    for page in listed:  # each request in its own app context, as when timed
        meter.captured, meter.capturing = [], True
        page.get()
        meter.capturing = False
        captured[page.label] = meter.captured
    with app.app_context():
        large, raw, seen = large_tables(), db.engine.raw_connection(), set()
        for page in listed:
            log(f"\n=== {page.label}: {len(captured[page.label])} statements")
            statement, _, ms = max(captured[page.label], key=lambda row: row[2])
            slowest[page.label] = f"{ms:.1f} ms: {' '.join(statement.split())[:300]}"
            for statement, parameters, ms in captured[page.label]:
                flat = " ".join(statement.split())
                if not flat.upper().startswith(("SELECT", "WITH")) or flat in seen:
                    continue
                seen.add(flat)
                lines = plan(raw, statement, parameters)
                scans = full_scans(lines, large)
                log(
                    ("\n!! FULL SCAN of " + ", ".join(sorted(scans)) + ": " if scans else "\n")
                    + f"[{ms:.1f} ms] "
                    + flat[:300]
                )
                log("\n".join("   " + line for line in lines))
                if scans:
                    flagged.setdefault(page.label, []).append(f"{', '.join(sorted(scans))}: {flat[:200]}")
        raw.close()
    return {"full_scans": flagged, "slowest_statement": slowest}


def profile(listed: list[Page], labels: str, repeats: int) -> None:
    for page in listed:
        if page.label in labels.split("|"):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(repeats):
                page.get()
            profiler.disable()
            log(f"\n=== cProfile of {page.label} ({repeats} requests), by cumulative time")
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)


# -------------------------------------------------------------------- report


def machine_speed() -> float:
    """Milliseconds a fixed piece of pure Python takes now: this virtual machine's speed
    moves by 2× and more within minutes, which the load average does not show (no steal
    time is reported), so each run says how fast the machine was around it."""
    started = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i * i % 7
    return round((time.perf_counter() - started) * 1000, 1)


def report(result: dict[str, Any]) -> None:
    log(
        f"\n{result['database']} at {result['code']}: {result['size']}; load average {result['loadavg_start']} → "
        f"{result['loadavg_end']}; machine speed (ms of a fixed loop, lower is faster) {result['speed_start_ms']} → "
        f"{result['speed_end_ms']}"
    )
    log(f"{'page':50} {'p50 ms':>8} {'p95 ms':>8} {'SQL n':>6} {'SQL ms':>7} {'target':>7}  met")
    for label, row in result["pages"].items():
        log(f"{label[:50]:50} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['sql_statements']:>6g} {row['sql_ms_p50']:>7} "
            f"{'≤ ' + str(row['target_ms']):>7}  {'yes' if row['met'] else 'NO'}")  # fmt: skip
    met = sum(row["met"] for row in result["pages"].values())
    log(f"targets met: {met} of {len(result['pages'])}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=100_000)
    parser.add_argument("--proposals", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--questions", type=int, help="questions about needs (default: 3 a need)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", help="PostgreSQL: an EMPTY database (default: TEST_DATABASE_URL)")
    parser.add_argument("--repeats", type=int, default=20, help="timed requests of each page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests of each page first")
    parser.add_argument("--fresh", action="store_true", help="regenerate even if the cache holds this size")
    parser.add_argument("--explain", action="store_true", help="print each page's query plans; flag full scans")
    parser.add_argument("--vacuum", action="store_true",
                        help="PostgreSQL: VACUUM ANALYZE the restored copy, as autovacuum does a live database "
                             "(its visibility map lets index-only scans skip the table)")  # fmt: skip
    parser.add_argument(
        "--profile", default="", help="labels (separated by |: labels hold commas) of pages to profile with cProfile"
    )
    parser.add_argument(
        "--only", default="", help="time only the pages whose label holds one of these (separated by |)"
    )
    args = parser.parse_args()
    if args.questions is None:
        args.questions = 3 * args.needs
    return args


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="hackplat-bench-pages-"))
    os.environ["HACKPLAT_INSTANCE"] = str(workdir / "instance")
    url = database_url(args, workdir)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})  # fmt: skip
    try:
        built = prepare(app, args, url, workdir)
        loadavg_start = [round(x, 2) for x in os.getloadavg()]
        speed_start = machine_speed()
        with app.app_context():
            ids = subjects()
            meter = SqlMeter()
            event.listen(db.engine, "before_cursor_execute", meter.before)
            event.listen(db.engine, "after_cursor_execute", meter.after)
        clients = sign_in(app, ids)
        listed = [
            page
            for page in pages(clients, ids)
            if not args.only or any(part in page.label for part in args.only.split("|"))
        ]
        settle_collector()  # as wsgi.py does once a worker has its app
        for page in listed:
            log(f"timing {page.label} ...")
            measure(page, meter, args.warmup, args.repeats)
        result = {
            "database": url.split(":", 1)[0].split("+", 1)[0], "code": code_version(),
            "size": {k: getattr(args, k) for k in ("needs", "seeds", "proposals", "organisations", "people", "questions")},
            **built, "repeats": args.repeats, "loadavg_start": loadavg_start,
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "speed_start_ms": speed_start, "speed_end_ms": machine_speed(),
            "pages": {page.label: page.figures() for page in listed},
        }  # fmt: skip
        report(result)
        if args.explain:
            result.update(explain(app, listed, meter))
        if args.profile:
            profile(listed, args.profile, args.repeats)
    finally:
        if not url.startswith("sqlite"):
            drop_database(app)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

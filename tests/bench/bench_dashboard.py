"""Benchmark: the coordinators' dashboard (/dashboard) at the size of issue 6.

Builds 2,000 organisations (90 % approved, over FY2021–2026), 20,000 members, 10,000
needs, 50,000 proposals, 1,000 working groups and 200 pilots with stage changes and
KPIs, by bulk inserts into an empty database; then signs a coordinator in and times
``GET /dashboard`` (the whole request: every aggregate query, both charts, the
template) and ``build_report`` alone. Prints the figures, and as its last stdout line
one JSON object. Target: the page in < 300 ms (p50) on SQLite and PostgreSQL.

    .venv/bin/python tests/bench/bench_dashboard.py
    scripts/with-postgres.sh sh -c '.venv/bin/python tests/bench/bench_dashboard.py \
        --database-url "$TEST_DATABASE_URL"'

``--explain`` also prints the plan of every query of one report (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL). ``--database-url`` must name an empty database: the
tables are created and dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pyotp
from flask import Flask
from sqlalchemy import event, insert, text

from hackplat import create_app
from hackplat.accounts.passwords import hash_password
from hackplat.dashboard.report import build_report
from hackplat.dashboard.strategy import STRATEGY_FIRST_YEAR, seed_strategy
from hackplat.extensions import db
from hackplat.models import (
    Department,
    DepartmentKind,
    Need,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Pilot,
    PilotKpi,
    PilotStage,
    PilotStageChange,
    Proposal,
    ProposalStatus,
    Role,
    Theme,
    User,
    WorkingGroup,
)
from tests.bench.bench_matcher import database_url, drop_database, percentile

PASSWORD = "Bench-Dashboard-Password-42"
START = datetime(2021, 4, 1, tzinfo=UTC)
SPAN_DAYS = 6 * 365  # FY2021 – FY2026
BATCH = 5_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def moment(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.randrange(SPAN_DAYS * 86_400))


def bulk(model: type, rows: list[dict[str, Any]]) -> None:
    for n in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[n : n + BATCH])
    if len(rows) > BATCH:
        log(f"  inserted {len(rows):,} {model.__tablename__}")


def build_programme(
    args: argparse.Namespace,
    rng: random.Random,
    dress_need: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    themes: Sequence[str] = ("行政手続",),
) -> None:
    """Every row by bulk insert, ids given, so that references need no lookups.
    ``dress_need`` may complete each need's row (texts, status: bench_pages.py), and
    the needs are spread over ``themes``."""
    seed_strategy()
    bulk(Theme, [{"id": n, "name": name, "position": n} for n, name in enumerate(themes, start=1)])
    bulk(Department, [{"id": n, "name": f"部署{n}", "kind": DepartmentKind.BUREAU} for n in range(1, 21)])
    kinds = list(OrganisationKind)
    statuses = [OrganisationStatus.APPROVED] * 18 + [OrganisationStatus.PENDING, OrganisationStatus.REJECTED]
    organisations = []
    for n in range(1, args.organisations + 1):
        status = rng.choice(statuses)
        organisations.append({"id": n, "name": f"組織{n}", "kind": rng.choice(kinds), "is_startup": rng.random() < 0.2,
                              "status": status, "approved_at": moment(rng) if status is OrganisationStatus.APPROVED else None})  # fmt: skip
    bulk(Organisation, organisations)
    bulk(User, [{"id": n, "email": f"m{n}@example.jp", "name": f"会員{n}", "role": Role.MEMBER, "password_hash": "x",
                 "organisation_id": 1 + n % args.organisations} for n in range(1, args.people + 1)])  # fmt: skip
    needs = [{"id": n, "department_id": 1 + n % 20, "theme_id": 1 + n % len(themes), "title": f"課題{n}",
              "status": NeedStatus.OPEN, "published_at": moment(rng)} for n in range(1, args.needs + 1)]  # fmt: skip
    bulk(Need, [dress_need(row) for row in needs] if dress_need else needs)
    bulk(Proposal, [{"id": n, "need_id": 1 + n % args.needs, "organisation_id": 1 + (n // args.needs + n % args.needs) % args.organisations,
                     "status": ProposalStatus.SUBMITTED, "submitted_at": moment(rng)} for n in range(args.proposals)])  # fmt: skip
    bulk(
        WorkingGroup,
        [
            {"id": n, "need_id": n, "name": f"WG{n}", "created_at": moment(rng)}
            for n in range(1, min(1000, args.needs) + 1)
        ],
    )
    build_pilots(args, rng)
    db.session.commit()


def build_pilots(args: argparse.Namespace, rng: random.Random) -> None:
    stages = [PilotStage.CONSIDERED, PilotStage.RUNNING, PilotStage.EVALUATED, PilotStage.ROLLED_OUT]
    pilots, changes, kpis = [], [], []
    for n in range(1, 201):
        reached = stages[: rng.randint(1, 4)]
        day = moment(rng).date()
        for stage in reached:
            changes.append({"pilot_id": n, "to_stage": stage, "changed_on": day})
            day += timedelta(days=rng.randint(30, 200))
        proposal = n * 7  # distinct proposals
        pilots.append({"id": n, "proposal_id": proposal, "need_id": 1 + proposal % args.needs, "department_id": 1,
                       "organisation_id": 1, "title": f"試行{n}", "stage": reached[-1], "stage_changed_on": date(2024, 1, 1)})  # fmt: skip
        kpis += [{"pilot_id": n, "procedure": "申請", "minutes_before": 60.0, "minutes_after": rng.uniform(5, 55)}
                 for _ in range(rng.randint(1, 3))]  # fmt: skip
    bulk(Pilot, pilots)
    bulk(PilotStageChange, changes)
    bulk(PilotKpi, kpis)


def signed_in_client(app: Flask, user_id: int, role: Role = Role.COORDINATOR, **fields: Any) -> Any:
    """A test client signed in as a new user of ``role`` (``fields``: its organisation or
    department), with a second step: coordinators sign in with TOTP (#13)."""
    secret, now, email = pyotp.random_base32(), datetime.now(UTC), f"{role.value}@example.jp"
    with app.app_context():  # the requests below out of it when the caller is (g holds the signed-in user)
        db.session.add(User(id=user_id, email=email, name=role.value, role=role,
                            password_hash=hash_password(PASSWORD), email_verified_at=now,
                            totp_secret=secret, totp_enabled_at=now, **fields))  # fmt: skip
        db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.status_code
    return client


def time_ms(action: Any, repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def explain_report(app: Flask) -> None:
    """Print the plan of every statement one report runs."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        build_report(STRATEGY_FIRST_YEAR)
        event.remove(db.engine, "before_cursor_execute", capture)
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        raw = db.engine.raw_connection()
        for statement, parameters in statements:
            cursor = raw.cursor()
            cursor.execute(prefix + statement, parameters)
            log("\n" + " ".join(statement.split())[:160] + " …")
            for row in cursor.fetchall():
                log("   " + " | ".join(str(cell) for cell in row))
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--proposals", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="hackplat-bench-"))
    url = database_url(args.database_url, workdir)
    os.environ["HACKPLAT_INSTANCE"] = str(workdir / "instance")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})  # fmt: skip
    try:
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            build_programme(args, random.Random(6))
            insert_s = time.perf_counter() - started
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect() as conn:
                    conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
            log(f"data inserted in {insert_s:.1f} s")
            client = signed_in_client(app, args.people + 1)  # ids were given: no sequence used

        def page() -> None:
            response = client.get("/dashboard")
            assert response.status_code == 200, response.status_code

        def report_only() -> None:
            with app.app_context():
                build_report(STRATEGY_FIRST_YEAR)

        time_ms(page, 2)  # warm: templates compiled, connections open
        pages, reports = time_ms(page, args.repeats), time_ms(report_only, args.repeats)
        if args.explain:
            explain_report(app)
        result = {
            "database": url.split(":", 1)[0].split("+", 1)[0], "organisations": args.organisations,
            "people": args.people, "needs": args.needs, "proposals": args.proposals, "insert_s": round(insert_s, 1),
            "dashboard_ms_p50": round(statistics.median(pages), 1), "dashboard_ms_p95": round(percentile(pages, 95), 1),
            "report_ms_p50": round(statistics.median(reports), 1), "repeats": args.repeats,
            "target_ms": 300, "loadavg": [round(x, 2) for x in os.getloadavg()],
        }  # fmt: skip
    finally:
        drop_database(app)
        shutil.rmtree(workdir, ignore_errors=True)
    log(f"GET /dashboard p50 {result['dashboard_ms_p50']} ms, p95 {result['dashboard_ms_p95']} ms; "
        f"build_report p50 {result['report_ms_p50']} ms")  # fmt: skip
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

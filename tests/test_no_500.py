"""No input gives a 500, and a refused request changes nothing (Hypothesis).

For each role, every route of the URL map (``static`` aside) is sent generated path
values, query strings and — to the routes that take POST — form bodies with a valid
CSRF token, so that the forms and services really run. The values are what broke the
site before: huge, negative and full-width integers, NUL, CR LF, 10,000 characters,
invalid UTF-8, absurd dates and minutes, 128-character texts (passwords), an
e-mail that grows under ``.lower()``. Each route gets a few examples of its own;
they are few and derandomised, so that ``make test`` stays quick and repeatable.
"""

from __future__ import annotations

import os
import re
import zlib
from typing import Any
from urllib.parse import quote, unquote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from wtforms.fields.core import UnboundField

from hackplat.extensions import db
from hackplat.forms import BaseForm
from hackplat.labs.services import LabFields, create_lab
from hackplat.models import AuditRecord, NeedStatus, Pilot
from hackplat.models.startups import MentoringRequest
from hackplat.models.support import SupportPath
from hackplat.pilots.lessons import LessonFields, add_lesson
from hackplat.support.services import RequestFields, open_request, triage_request
from tests.helpers.database import READS
from tests.pilots.conftest import Cast

ROLES = ["public", "member", "staff", "coordinator", "admin"]
#: Generated examples per route and role: three on SQLite, which tries the variety of
#: inputs; one on PostgreSQL, whose run adds what that database itself refuses (NUL,
#: integers past 2**63 — the central guards for these are checked one by one in
#: tests/test_input_safety.py — and, with the every-field-at-its-longest POST sent on
#: both, column lengths). A second PostgreSQL example cost ~80 worker-seconds of `make
#: test`, the sweep being that run's largest item; more examples cost minutes for each
#: new page.
EXAMPLES_PER_ROUTE = 1 if os.environ.get("TEST_DATABASE_URL") else 3
#: A password manager's password of 100 characters (zxcvbn scores at most 72).
LONG_VALUE = "Tq7%21vR9x" * 12 + "Tq7%21"
#: URL-encoded fragments: each is a path segment, a query value or a form value as sent.
ATOMS = [
    "1", "2", "0", "-1", "9" * 25, str(2**31), str(2**63), "%EF%BC%91%EF%BC%92%EF%BC%93",  # １２３
    "%00", "a%00b", "%0D%0AX:1", "%0Aevil", "%FF%FE", "%C3%28", "x" * 10_000, "%E2%80%AE",
    "1e-320", "1e400", "nan", "-0", "0001-01-01", "9999-12-31", "2024-02-30", "%3Cscript%3E",
    "%2F%2Fevil.example", "%2F%5Cevil", "..%2F..", "%25",
    "3", "2022", "60", "2024-04-01", "y", "staff", "bureau", "company", "open", "a%40example.jp",
    LONG_VALUE, "%C4%B0" * 254,  # 'İ' grows under .lower()
]  # fmt: skip
#: Up to 128 characters, every field's longest limit but the texts' (a password manager's
#: 73-128-character password broke zxcvbn, review of #13 finding 1).
VALUES = st.one_of(st.sampled_from(ATOMS), st.text(max_size=128).map(lambda s: quote(s, safe="")))
#: Path values: often an id that exists, so that the routes get past their look-up.
PATH_VALUES = st.one_of(st.sampled_from(["1", "2", "3"]), VALUES)
QUERY_NAMES = ["page", "q", "theme", "department", "status", "need", "proposal", "pilot", "cycle", "next", "seed"]
#: Sessions, the sign-in's failure records and the throttle's counters are written by refused
#: sign-ins by design.
UNCOUNTED_TABLES = {"login_sessions", "audit_records", "jobs", "throttle_counters"}
#: Ending the session would make the rest of the sweep anonymous.
SKIPPED_ENDPOINTS = {"static", "accounts.logout"}
ARGUMENT = re.compile(r"<[^>]+>")
#: A path argument with a fixed set of values (``<any(group, pilot):kind>``): one of them.
CHOICES = re.compile(r"<any\(([^)]*)\):\w+>")


def choices(argument: str) -> list[str]:
    match = CHOICES.fullmatch(argument)
    return [value.strip(" '\"") for value in match.group(1).split(",")] if match else []


def form_field_names() -> list[str]:
    """Every field name of every form of the project (forms are built on BaseForm)."""
    names: set[str] = set()
    forms: list[type] = [BaseForm]
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        names.update(name for name in dir(form) if isinstance(getattr(form, name, None), UnboundField))
    return sorted(names - {"csrf_token"})


def fingerprint() -> tuple[int, ...]:
    """Row counts of every table (audit records other than sign-in failures included)."""
    counts = [
        select(func.count()).select_from(table).scalar_subquery()
        for table in db.metadata.sorted_tables
        if table.name not in UNCOUNTED_TABLES
    ]
    audit = select(func.count()).select_from(AuditRecord).where(AuditRecord.action.not_like("auth.%"))
    return tuple(db.session.execute(select(*counts, audit.scalar_subquery())).one())


class CommittedWrites:
    """Whether a transaction with a write statement was committed since the last look.

    The row counts can change only then, so the sweep counts the rows again only after
    such a request instead of twice per request (a fifth of its time went to counting).
    Conservative: a write later undone by a savepoint still asks for a recount."""

    def __init__(self) -> None:
        self.pending: set[int] = set()  # connections with a write in their transaction
        self.committed = False

    def saw(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(READS):
            self.pending.add(id(conn))

    def commit(self, conn: Any) -> None:
        if id(conn) in self.pending:
            self.pending.discard(id(conn))
            self.committed = True

    def rollback(self, conn: Any) -> None:
        self.pending.discard(id(conn))

    def take(self) -> bool:
        committed, self.committed = self.committed, False
        return committed

    def __enter__(self) -> CommittedWrites:
        event.listen(Engine, "before_cursor_execute", self.saw)
        event.listen(Engine, "commit", self.commit)
        event.listen(Engine, "rollback", self.rollback)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self.saw)
        event.remove(Engine, "commit", self.commit)
        event.remove(Engine, "rollback", self.rollback)


def build_world(factories: dict[str, Any]) -> dict[str, Any]:
    """One of each thing a route can point at (ids 1, 2, … exist), and a user per role."""
    cast = Cast(**factories)
    pilot = cast.pilot()
    cast.kpi(pilot, 60, 30)
    factories["make_need"](department=cast.department, status=NeedStatus.DRAFT, title="下書き")
    add_programme_schemes(cast, pilot)
    return {"member": cast.member, "staff": cast.staff, "coordinator": cast.coordinator, "admin": cast.admin}


def path_value(argument: str, draw: Any) -> str:
    if options := choices(argument):
        return draw(st.sampled_from(options))
    return draw(PATH_VALUES) or "1"


def add_programme_schemes(cast: Cast, pilot: Pilot) -> None:
    """A lab, a startup's mentoring request, support requests on the project (id 1) and
    search (id 2) paths and an internal lesson: the routes of issue 17 get past their
    look-ups instead of answering 404 to every example."""
    create_lab(LabFields("共創ラボ"), actor=cast.coordinator)
    for path in (SupportPath.PROJECT, SupportPath.SEARCH):
        request = open_request(RequestFields("窓口の混雑", "窓口に申請者が集中している。"), actor=cast.staff)
        triage_request(request, path, "理由", expected_version=request.version, actor=cast.coordinator)
    db.session.add(MentoringRequest(proposal_id=pilot.proposal_id, requested_by_id=cast.member.id))
    add_lesson(pilot, LessonFields("procurement", "調達", "仕様書に計測方法を書く。"), actor=cast.staff)
    db.session.commit()


def url_of(rule: Any, draw: Any) -> str:
    path = ARGUMENT.sub(lambda m: path_value(m.group(), draw), rule.rule)
    query = draw(st.dictionaries(st.sampled_from(QUERY_NAMES), VALUES, max_size=3))
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def send(client: Any, rule: Any, draw: Any, token: str, fields: list[str]) -> Any:
    url = url_of(rule, draw)
    if "POST" in rule.methods and ("GET" not in rule.methods or draw(st.booleans())):
        form = draw(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUES)))
        body = "&".join([f"csrf_token={token}", *(f"{k}={v}" for k, v in form.items())])
        return client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_500_nor_changes_data_when_refused(
    app: Flask, client: Any, login: Any, role: str, make_user: Any, make_organisation: Any,
    make_department: Any, make_need: Any, make_proposal: Any,
) -> None:  # fmt: skip
    factories = {"make_user": make_user, "make_organisation": make_organisation,
                 "make_department": make_department, "make_need": make_need, "make_proposal": make_proposal}  # fmt: skip
    users = build_world(factories)
    if role != "public":
        login(users[role])
    token = client.csrf_token("/login" if role == "public" else "/me")
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED_ENDPOINTS), key=str)
    fields = form_field_names()

    @settings(
        max_examples=EXAMPLES_PER_ROUTE, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )  # fmt: skip
    @given(data=st.data())
    def probe(rule: Any, data: st.DataObject) -> None:
        before = counts[0]
        response = send(client, rule, data.draw, token, fields)
        assert response.status_code < 500, f"{rule.rule} ({role}): {response.request.url}"
        if writes.take():
            counts[0] = fingerprint()
            if response.status_code >= 400:
                assert counts[0] == before, f"refused but written: {response.request.url}"

    with CommittedWrites() as writes:
        counts = [fingerprint()]  # as of the last committed write
        for rule in rules:  # a seed of its own per route and role: other values, still repeatable
            seed(zlib.crc32(f"{role} {rule.rule} {sorted(rule.methods)}".encode()))(probe)(rule)
            if "POST" in rule.methods:  # and once with every field at its longest: a password of 100
                long_body = "&".join([f"csrf_token={token}", *(f"{name}={LONG_VALUE}" for name in fields)])
                url = ARGUMENT.sub(lambda m: (choices(m.group()) or ["1"])[0], rule.rule)
                response = client.post(url, data=long_body, content_type="application/x-www-form-urlencoded")
                assert response.status_code < 500, f"{rule.rule} ({role}): every field {len(unquote(LONG_VALUE))} long"
                if writes.take():  # accepted and written: the next refusal compares with these counts
                    counts[0] = fingerprint()

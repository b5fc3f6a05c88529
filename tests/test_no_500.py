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

import re
import zlib
from typing import Any
from urllib.parse import quote, unquote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField

from hackplat.extensions import db
from hackplat.forms import BaseForm
from hackplat.models import AuditRecord, NeedStatus
from tests.pilots.conftest import Cast

ROLES = ["public", "member", "staff", "coordinator", "admin"]
EXAMPLES_PER_ROUTE = 4
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


def build_world(factories: dict[str, Any]) -> dict[str, Any]:
    """One of each thing a route can point at (ids 1, 2, … exist), and a user per role."""
    cast = Cast(**factories)
    pilot = cast.pilot()
    cast.kpi(pilot, 60, 30)
    factories["make_need"](department=cast.department, status=NeedStatus.DRAFT, title="下書き")
    return {"member": cast.member, "staff": cast.staff, "coordinator": cast.coordinator, "admin": cast.admin}


def url_of(rule: Any, draw: Any) -> str:
    path = ARGUMENT.sub(lambda _m: draw(PATH_VALUES) or "1", rule.rule)
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
        before = fingerprint()
        response = send(client, rule, data.draw, token, fields)
        assert response.status_code < 500, f"{rule.rule} ({role}): {response.request.url}"
        if response.status_code >= 400:
            assert fingerprint() == before, f"refused but written: {response.request.url}"

    for rule in rules:  # a seed of its own per route and role: other values, still repeatable
        seed(zlib.crc32(f"{role} {rule.rule} {sorted(rule.methods)}".encode()))(probe)(rule)
        if "POST" in rule.methods:  # and once with every field at its longest: a password of 100
            long_body = "&".join([f"csrf_token={token}", *(f"{name}={LONG_VALUE}" for name in fields)])
            url = ARGUMENT.sub("1", rule.rule)
            response = client.post(url, data=long_body, content_type="application/x-www-form-urlencoded")
            assert response.status_code < 500, f"{rule.rule} ({role}): every field {len(unquote(LONG_VALUE))} long"

"""Startup support (#17 item 3): the founding year, startup-friendly needs first for a
startup's members, and the dashboards' startup figures per fiscal year."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hackplat.dashboard.strategy import seed_strategy
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import JAPAN, japan_today
from hackplat.models import Organisation, OrganisationStatus, Pilot, Role
from hackplat.needs.services import NeedFilters, public_needs_query
from hackplat.startups.counts import startup_years
from hackplat.startups.founding import checked_founded_year
from hackplat.startups.ordering import is_startup_member
from tests.conftest import PASSWORD
from tests.startups.conftest import proposal_of

THIS_YEAR = japan_today().year


@pytest.mark.parametrize(
    ("startup", "year", "expected"),
    [(True, 2019, 2019), (True, 1868, 1868), (True, THIS_YEAR, THIS_YEAR), (False, None, None), (False, 1990, 1990),
     (True, None, "入力してください"), (True, 1867, "1868年から"), (True, THIS_YEAR + 1, "1868年から")],
)  # fmt: skip
def test_founding_year_rules(startup, year, expected) -> None:
    if isinstance(expected, str):
        with pytest.raises(InvalidInput) as refused:
            checked_founded_year(startup, year)
        assert expected in refused.value.message
        assert refused.value.field == "founded_year"
    else:
        assert checked_founded_year(startup, year) == expected


def test_registration_of_a_startup_needs_its_founding_year(client) -> None:
    form = {"kind": "company", "name": "株式会社ミナトスタート", "is_startup": "y", "founded_year": "二千",
            "contact_name": "港 花子", "email": "hanako@example.jp", "password": PASSWORD, "password_confirm": PASSWORD}  # fmt: skip
    refused = client.submit("/register", form)
    assert refused.status_code == 400
    assert "創業年は西暦4桁の数字で入力してください" in refused.get_data(as_text=True)
    assert 'value="二千"' in refused.get_data(as_text=True)  # kept as typed
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
    assert client.submit("/register", {**form, "founded_year": ""}).status_code == 400
    assert client.submit("/register", {**form, "founded_year": "２０２１年"}).status_code == 302
    assert db.session.scalar(select(Organisation.founded_year)) == 2021


def test_the_profile_form_keeps_the_rule(client, login, cast) -> None:
    login(cast.member)
    url = f"/organisations/{cast.startup.id}/edit"
    form = {"profile": "紹介", "is_startup": "y", "founded_year": "1800", "version": str(cast.startup.version)}
    refused = client.submit(url, form)
    assert refused.status_code == 400
    assert f"創業年は1868年から{THIS_YEAR}年までの西暦で入力してください。" in refused.get_data(as_text=True)
    assert client.submit(url, {**form, "founded_year": "２０１８"}).status_code == 302
    assert cast.startup.founded_year == 2018


def _titles(client, url: str) -> list[str]:
    return re.findall(r'<a href="/needs/\d+">([^<]+)</a>', client.get(url).get_data(as_text=True))


def test_startup_members_see_startup_friendly_needs_first(client, login, cast, make_need, make_user) -> None:
    make_need(department=cast.friendly.department, title="最新の課題")
    assert _titles(client, "/needs/") == ["最新の課題", "道路の補修", "保育所の空き状況"]  # newest first for the public
    assert not is_startup_member(make_user(Role.MEMBER))  # other members get the public order
    assert is_startup_member(cast.member)
    login(cast.member)
    assert _titles(client, "/needs/") == ["保育所の空き状況", "最新の課題", "道路の補修"]
    assert _titles(client, "/needs/?sort=deadline&status=all")[0] == "保育所の空き状況"
    assert _titles(client, "/needs/?startup=y") == ["保育所の空き状況"]
    assert "スタートアップ歓迎" in client.get(f"/needs/{cast.friendly.id}").get_data(as_text=True)


def test_an_index_serves_the_startup_order(app, cast) -> None:
    """EXPLAIN on the backend of the run. PostgreSQL is told to avoid a scan of the whole
    table and a sort, as it would on these few rows: whether it sorted instead depended on
    the statistics that earlier tests of the run left (autovacuum), and the question is
    whether an index gives the order at all."""
    query = public_needs_query(NeedFilters(startup_first=True))
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.name == "sqlite":
        explain = f"EXPLAIN QUERY PLAN {sql}"
    else:
        db.session.execute(db.text("SET LOCAL enable_seqscan = off"))
        db.session.execute(db.text("SET LOCAL enable_sort = off"))
        explain = f"EXPLAIN {sql}"
    plan = " ".join(str(row) for row in db.session.execute(db.text(explain)))
    assert "ix_needs_status_startup_published_at" in plan


def _at(year: int) -> datetime:
    return datetime(year, 10, 1, 12, tzinfo=JAPAN)


def test_dashboard_counts_startups_per_fiscal_year(client, cast, make_organisation) -> None:
    cast.startup.approved_at = _at(2023)
    pending = make_organisation(name="審査待ち", status=OrganisationStatus.PENDING)
    pending.is_startup = True
    company = make_organisation(name="大企業")  # not a startup: counted nowhere
    submitted = proposal_of(cast, cast.startup)
    submitted.submitted_at = _at(2024)
    proposal_of(cast, cast.startup, cast.ordinary).submitted_at = _at(2024)  # the same startup: once
    proposal_of(cast, company).submitted_at = _at(2024)
    db.session.add(Pilot(proposal=submitted, need=cast.friendly, department=cast.friendly.department,
                         organisation=cast.startup, title="試行", stage_changed_on=date(2025, 5, 1),
                         created_at=_at(2025)))  # fmt: skip
    db.session.commit()
    years = startup_years([2023, 2024, 2025])
    assert [(y.approved, y.proposing, y.pilots) for y in years] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert startup_years([]) == []
    seed_strategy()  # the programme's cycle FY2022-2025, so that /programme has a page
    db.session.commit()
    page = client.get("/programme?cycle=2022").get_data(as_text=True)
    table = page[page.index('class="table figures startup-years"') :]
    assert "提案を提出したスタートアップ" in table
    assert re.search(r"FY2024）</th>\s*<td[^>]*>0</td><td[^>]*>1</td><td[^>]*>0</td>", table)

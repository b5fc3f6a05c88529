"""The coordinators' rebuild button: a new version (the job runs at once in the test
suite's immediate mode), its figures on the page, an audit record; nobody else may
press it. The job and its page: tests/jobs/."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.matching import store
from hackplat.matching.store.live import active_version_id
from hackplat.models import AuditRecord, MatchVersion, Role
from tests.matching.pages import section

URL = "/matching/synonyms"


def rebuild(client):
    return client.submit("/matching/rebuild")


def test_the_page_says_when_there_is_no_ranking_yet(client, login, make_user) -> None:
    login(make_user(Role.COORDINATOR))
    figures = section(client.get(URL).get_data(as_text=True), 'aria-labelledby="match-version"') or ""
    assert "まだ順位付けが作られていません" in figures
    assert "今すぐ再構築する" in figures


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_rebuilding_switches_to_a_new_version_and_reports_it(client, login, make_user, childcare, role) -> None:
    first = store.rebuild().version_id
    user = make_user(role)
    login(user)
    response = rebuild(client)
    assert response.status_code == 303  # to the job's page (tests/jobs/ follow it there)
    assert "/jobs/" in response.headers["Location"]
    version = db.session.get(MatchVersion, active_version_id())
    assert version.id != first
    assert (version.needs_count, version.seeds_count, version.pairs_count) == (1, 3, 3)
    figures = section(client.get(URL).get_data(as_text=True), 'aria-labelledby="match-version"') or ""
    for label, value in (("課題", "1件"), ("シーズ", "3件"), ("ペア", "3件"), ("所要時間", f"{version.seconds:.1f}秒")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in figures
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "match.rebuilt"))
    assert (audit.actor_id, audit.object_id) == (user.id, str(version.id))
    assert audit.detail["pairs"] == 3


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF])
def test_only_the_programme_office_rebuilds(client, login, make_user, childcare, role) -> None:
    first = store.rebuild().version_id
    login(make_user(role))
    assert rebuild(client).status_code == 403
    assert active_version_id() == first
    assert db.session.scalar(select(MatchVersion.id).where(MatchVersion.id != first)) is None


@pytest.mark.parametrize(("role", "shown"), [(Role.MEMBER, False), (Role.STAFF, False),
                                             (Role.COORDINATOR, True), (Role.ADMIN, True)])  # fmt: skip
def test_the_navigation_offers_the_matcher_page_to_the_office(client, login, make_user, role, shown) -> None:
    login(make_user(role))
    nav = client.get("/me").get_data(as_text=True).split("</header>")[0]
    assert ('href="/matching/synonyms">マッチング</a>' in nav) is shown


def test_the_page_says_how_many_items_had_nothing_to_rank(client, login, make_user, childcare, make_seed) -> None:
    make_seed(title="！！！", summary="…", description="★★★")
    login(make_user(Role.COORDINATOR))
    rebuild(client)
    figures = section(client.get(URL).get_data(as_text=True), 'aria-labelledby="match-version"') or ""
    assert "<dt>内容語がなく除外</dt><dd>1件</dd>" in figures

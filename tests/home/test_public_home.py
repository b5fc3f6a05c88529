"""The public home page (/): open needs by nearest deadline, the latest published
knowledge cases and the headline figures of the current cycle."""

from __future__ import annotations

from datetime import date, timedelta

from hackplat.dashboard.strategy import seed_strategy
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.home.public import HEADLINE_KEYS, headline_figures, open_needs
from hackplat.models import CaseStatus, NeedStatus, ProposalStatus, utcnow
from tests.knowledge.conftest import build_case, build_pilot


def test_open_needs_with_a_deadline_ahead_come_nearest_first(make_need) -> None:
    today = japan_today()
    make_need(title="来月締切", deadline=today + timedelta(days=30))
    make_need(title="明日締切", deadline=today + timedelta(days=1))
    make_need(title="締切済み", deadline=today - timedelta(days=1))
    make_need(title="審議中", status=NeedStatus.WORKING_GROUP, deadline=today + timedelta(days=2))
    make_need(title="下書き", status=NeedStatus.DRAFT, deadline=today + timedelta(days=2))
    closed = make_need(title="早めに締切", deadline=today + timedelta(days=3))
    closed.call_closed_at = utcnow()  # the department closed the call early: no longer calling
    db.session.commit()
    assert [need.title for need in open_needs(today)] == ["明日締切", "来月締切"]


def test_the_page_lists_needs_cases_and_says_how_to_join(client, make_need, make_organisation, make_proposal) -> None:
    need = make_need(title="窓口の混雑を減らしたい", deadline=japan_today() + timedelta(days=3))
    done = make_need(title="解決済みの課題", status=NeedStatus.RESOLVED)
    proposal = make_proposal(done, make_organisation(), ProposalStatus.SELECTED)
    build_case(build_pilot(proposal), CaseStatus.PUBLISHED, title="公開された事例")
    build_case(build_pilot(make_proposal(done, make_organisation("別の組織"), ProposalStatus.SELECTED)),
               title="下書きの事例")  # fmt: skip
    page = client.get("/").get_data(as_text=True)
    assert f'href="/needs/{need.id}"' in page
    assert "あと3日" in page
    assert "公開された事例" in page
    assert "下書きの事例" not in page
    assert 'href="/register"' in page
    assert 'href="/needs/?sort=deadline"' in page


def test_headline_figures_are_the_current_cycles_in_their_order() -> None:
    seed_strategy()
    db.session.commit()
    headlines = headline_figures(date(2025, 6, 1))  # FY2025: the strategy's 4Q
    assert headlines.first_year == 2022
    assert [row.indicator.key for row in headlines.rows] == list(HEADLINE_KEYS)
    assert headline_figures(date(2030, 6, 1)).rows == []  # no cycle: no figures, no error


def test_cards_say_whether_a_figure_is_a_total_or_the_years(client, monkeypatch) -> None:
    seed_strategy()
    db.session.commit()
    monkeypatch.setattr("hackplat.home.public.japan_today", lambda: date(2025, 6, 1))
    page = client.get("/").get_data(as_text=True)
    assert '<span class="headline-scope">累計</span>' in page  # participants
    assert '<span class="headline-scope">年度内</span>' in page  # needs posted
    assert '<span class="headline-scope">期間内の累計</span>' in page  # trials run

"""The public library: published cases only, newest first, filtered by theme, department
and keywords, paginated with the filters kept; drafts exist only for coordinators."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from hackplat.models import CaseStatus, NeedStatus, utcnow


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/knowledge/\d+">(.*?)</a></td>', html)


def library(client, query: str = "") -> str:
    response = client.get(f"/knowledge/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def shelf(make_case, make_pilot, make_need, make_department, themes):
    """Three published cases of two departments and two themes, and a draft."""
    childcare, refuse = make_department("こども青少年局"), make_department("資源循環局")

    def case(title: str, department, theme, days_ago: int, status=CaseStatus.PUBLISHED, **fields):
        need = make_need(department=department, status=NeedStatus.PILOTING, theme=theme)
        published_at = utcnow() - timedelta(days=days_ago)
        return make_case(
            status,
            pilot=make_pilot(need=need),
            title=title,
            theme_id=theme.id,
            published_at=published_at if status is CaseStatus.PUBLISHED else None,
            **fields,
        )

    return {
        "nursery": case("保育所の入所申請をオンライン化", childcare, themes[1], 3, solution="スマートフォンで申請"),
        "checkup": case("乳幼児健診の予約", childcare, themes[0], 1, solution="ＷＥＢ予約"),
        "refuse": case("粗大ごみ受付のチャットボット", refuse, themes[0], 2, solution="LINEで受付"),
        "draft": case("下書きの保育事例", childcare, themes[1], 0, CaseStatus.DRAFT),
        "departments": (childcare, refuse),
    }


def test_published_cases_newest_first_and_never_a_draft(client, shelf) -> None:
    assert titles(library(client)) == [
        "乳幼児健診の予約",
        "粗大ごみ受付のチャットボット",
        "保育所の入所申請をオンライン化",
    ]


@pytest.mark.parametrize("kind", ["public", "member", "staff"])
def test_a_draft_is_404_to_anyone_who_may_not_edit_it(client, login, person, shelf, kind) -> None:
    user = person(kind)
    if user:
        login(user)
    draft = shelf["draft"]
    response = client.get(f"/knowledge/{draft.id}")
    assert response.status_code == 404
    assert "下書きの保育事例" not in response.get_data(as_text=True)
    assert client.get("/knowledge/999999").status_code == 404  # the same answer as for nothing
    assert "下書きの保育事例" not in library(client, "?q=下書き")
    assert client.get(f"/knowledge/{shelf['nursery'].id}").status_code == 200


@pytest.mark.parametrize("kind", ["coordinator", "admin"])
def test_the_office_sees_drafts_apart_from_the_library(client, login, person, shelf, kind) -> None:
    login(person(kind))
    assert "下書きの保育事例" not in titles(library(client))
    drafts = client.get("/knowledge/drafts").get_data(as_text=True)
    assert titles(drafts) == ["下書きの保育事例"]
    page = client.get(f"/knowledge/{shelf['draft'].id}")
    assert page.status_code == 200
    assert "公開の同意を求める" in page.get_data(as_text=True)


def test_filter_by_theme_and_department(client, shelf, themes) -> None:
    childcare, refuse = shelf["departments"]
    assert titles(library(client, f"?theme={themes[1].id}")) == ["保育所の入所申請をオンライン化"]
    assert titles(library(client, f"?department={refuse.id}")) == ["粗大ごみ受付のチャットボット"]
    assert titles(library(client, f"?theme={themes[0].id}&department={childcare.id}")) == ["乳幼児健診の予約"]


@pytest.mark.parametrize(("query", "expected"), [
    ("保育", ["保育所の入所申請をオンライン化"]),
    ("ｗｅｂ", ["乳幼児健診の予約"]),  # full-width and case folded, in the solution
    ("ちゃっとぼっと", ["粗大ごみ受付のチャットボット"]),  # hiragana finds katakana
    ("申請 スマートフォン", ["保育所の入所申請をオンライン化"]),
    ("オンライン ごみ", []),
    ("申_", []),  # "_" is a character, not LIKE's wildcard (every case has 申請 in its results)
])  # fmt: skip
def test_keyword_search(client, shelf, query, expected) -> None:
    assert titles(library(client, f"?q={query}")) == expected


def test_pages_keep_the_filters(client, app, monkeypatch, shelf, themes) -> None:
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 1)
    html = library(client, f"?theme={themes[0].id}")
    assert titles(html) == ["乳幼児健診の予約"]
    next_link = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    assert f"theme={themes[0].id}" in next_link
    assert "page=2" in next_link
    assert titles(library(client, next_link.removeprefix("/knowledge/"))) == ["粗大ごみ受付のチャットボット"]
    assert 'rel="next"' not in library(client, f"?theme={themes[0].id}&page=2")

"""The public list of needs (filters, Japanese keyword search, pagination), the detail
page, and the staff's own list."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hackplat.extensions import db
from hackplat.models import NeedStatus, Role, utcnow

S = NeedStatus


def listed(client, query: str = "") -> str:
    response = client.get(f"/needs/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_list_shows_open_needs_by_default(client, make_need) -> None:
    for status in NeedStatus:
        make_need(status=status, title=f"状態が{status.value}の課題")
    page = listed(client)
    assert "状態がopenの課題" in page
    assert all(f"状態が{s.value}の課題" not in page for s in NeedStatus if s is not S.OPEN)


@pytest.mark.parametrize("status", [S.WORKING_GROUP, S.PILOTING, S.RESOLVED, S.CLOSED])
def test_the_status_filter_shows_one_published_status(client, make_need, status) -> None:
    for each in NeedStatus:
        make_need(status=each, title=f"状態が{each.value}の課題")
    page = listed(client, f"?status={status.value}")
    assert f"状態が{status.value}の課題" in page
    assert "状態がopenの課題" not in page


@pytest.mark.parametrize("status", ["all", "draft", "nonsense"])
def test_every_published_status_but_never_a_draft(client, make_need, status) -> None:
    for each in NeedStatus:
        make_need(status=each, title=f"状態が{each.value}の課題")
    page = listed(client, f"?status={status}")
    assert all(f"状態が{s.value}の課題" in page for s in NeedStatus if s is not S.DRAFT)
    assert "状態がdraftの課題" not in page


def test_a_draft_closed_before_publication_stays_private(client, login, make_need, make_user) -> None:
    need = make_need(status=S.DRAFT, title="公開しなかった課題")
    need.status = S.CLOSED
    db.session.commit()
    assert "公開しなかった課題" not in listed(client, "?status=all")
    assert client.get(f"/needs/{need.id}").status_code == 404
    login(make_user(Role.STAFF, department=need.department))
    assert client.get(f"/needs/{need.id}").status_code == 200


def test_theme_and_department_filters(client, make_need, make_department, themes) -> None:
    ward = make_department("港北区")
    make_need(department=ward, theme=themes[2], title="港北区の防災の課題")
    make_need(department=ward, theme=themes[1], title="港北区の子育ての課題")
    make_need(theme=themes[2], title="他部署の防災の課題")
    page = listed(client, f"?theme={themes[2].id}&department={ward.id}")
    assert "港北区の防災の課題" in page
    assert "港北区の子育ての課題" not in page
    assert "他部署の防災の課題" not in page
    assert "他部署の防災の課題" in listed(client, f"?theme={themes[2].id}")
    assert "港北区の子育ての課題" in listed(client, "?theme=abc&department=")


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("ほいくしょの空き状況", "ﾎｲｸｼｮ"),
        ("ほいくしょの空き状況", "ホイクショ"),
        ("ホイクショの空き状況", "ほいくしょ"),
        ("ＡＩで窓口を案内", "ai"),
        ("AIで窓口を案内", "ＡＩ"),
        ("スマートフォンで申請", "ｽﾏｰﾄﾌｫﾝ"),
        ("ｽﾏｰﾄﾌｫﾝで申請", "すまーとふぉん"),
        ("ＤＸ推進の子育て支援", "子育て　dx"),
    ],
)
def test_keyword_search_finds_japanese_text_written_another_way(client, make_need, written, typed) -> None:
    make_need(title="見つかるべき課題", problem=written)
    make_need(title="関係のない課題", problem="道路の補修")
    page = listed(client, f"?q={typed}")
    assert "見つかるべき課題" in page
    assert "関係のない課題" not in page


def test_search_never_finds_a_draft(client, make_need) -> None:
    make_need(status=S.DRAFT, title="下書きの課題", problem="ほいくしょの空き状況")
    assert "下書きの課題" not in listed(client, "?q=ﾎｲｸｼｮ&status=all")


def test_the_list_is_paginated_newest_first_and_keeps_the_filters(client, make_need, themes) -> None:
    start = utcnow() - timedelta(days=30)
    for n in range(25):
        need = make_need(theme=themes[3], title=f"教育の課題No.{n:02d}")
        need.published_at = start + timedelta(days=n)
    db.session.commit()
    first = listed(client, f"?theme={themes[3].id}&q=教育")
    assert first.count("教育の課題No.") == 20
    assert "教育の課題No.24" in first
    assert "教育の課題No.04" not in first
    assert first.index("No.24") < first.index("No.23")
    assert f"page=2&amp;q=%E6%95%99%E8%82%B2&amp;theme={themes[3].id}&amp;status=open" in first
    second = listed(client, f"?page=2&theme={themes[3].id}&q=教育")
    assert second.count("教育の課題No.") == 5
    assert "教育の課題No.00" in second


def test_the_detail_page_shows_every_field(client, make_need) -> None:
    need = make_need(
        title="窓口の待ち時間", background="現状の文", problem="課題の文", desired_outcome="解決策の文",
        expected_effect="効果の文", startup_support=True,
    )  # fmt: skip
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    for text in (
        "窓口の待ち時間",
        "現状の文",
        "課題の文",
        "解決策の文",
        "効果の文",
        need.department.name,
        need.theme.name,
        "募集中",
        "スタートアップ歓迎",
        need.deadline.strftime("%Y/%m/%d"),
    ):
        assert text in page
    assert "編集する" not in page
    assert "終了する" not in page


def test_a_missing_need_is_a_404(client, login, make_user) -> None:
    assert client.get("/needs/99999").status_code == 404
    login(make_user(Role.COORDINATOR))
    assert client.get("/needs/99999/edit").status_code == 404
    assert client.submit("/needs/99999/publish").status_code == 404


def test_staff_see_their_departments_needs_including_drafts(client, login, make_need, make_user) -> None:
    own = make_need(status=S.DRAFT, title="自部署の下書き")
    make_need(status=S.OPEN, title="他部署の課題")
    login(make_user(Role.STAFF, department=own.department))
    page = client.get("/needs/mine").get_data(as_text=True)
    assert "自部署の下書き" in page
    assert "他部署の課題" not in page


def test_coordinators_see_every_need_including_drafts(client, login, make_need, make_user) -> None:
    make_need(status=S.DRAFT, title="ある部署の下書き")
    make_need(status=S.CLOSED, title="別の部署の終了した課題")
    login(make_user(Role.COORDINATOR))
    page = client.get("/needs/mine").get_data(as_text=True)
    assert "ある部署の下書き" in page
    assert "別の部署の終了した課題" in page

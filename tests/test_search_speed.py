"""The search's speed-ups keep its results (#14 item 6): a searched list's page is what
``db.paginate`` made of it, and the substring fallback's texts, kept per process, follow
what another process writes."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, update
from werkzeug.exceptions import NotFound

from hackplat.extensions import db
from hackplat.matching import search_query
from hackplat.matching.search_query import searched_page
from hackplat.models import Need
from hackplat.needs.services import NeedFilters, public_needs_query


def titles(keywords: str) -> list[str]:
    return [need.title for need in db.session.scalars(public_needs_query(NeedFilters(keywords=keywords)))]


@pytest.mark.parametrize("keywords", ["見守り", "すまほ", '"見守り"'])  # ranked, the fallback, a phrase
def test_a_searched_page_is_what_db_paginate_made(make_need, keywords) -> None:
    for n in range(5):
        make_need(title=f"高齢者の見守り{n}", problem="見守り" * n + "すまほ")
    make_need(title="道路の補修", problem="穴の報告")
    query = public_needs_query(NeedFilters(keywords=keywords))
    for page in (1, 2, 3):
        ours, theirs = searched_page(query, page, 2), db.paginate(query, page=page, per_page=2)
        assert ours is not None
        assert (ours.total, [n.id for n in ours.items]) == (theirs.total, [n.id for n in theirs.items])
        assert ours.total == 5
    with pytest.raises(NotFound):
        searched_page(query, 4, 2)
    assert searched_page(public_needs_query(NeedFilters()), 1, 2) is None  # no search: db.paginate's


def test_the_fallback_follows_what_another_process_writes(make_need) -> None:
    first = make_need(title="すまほで申請")
    make_need(title="道路の補修")
    assert titles("すまほ") == ["すまほで申請"]
    # Written behind this process's back (no flush here): a bumped version says so.
    db.session.execute(update(Need).where(Need.id == first.id).values(search_text="窓口", version=Need.version + 1))
    assert titles("すまほ") == []
    assert titles("窓口") == [first.title]
    db.session.execute(delete(Need).where(Need.id == first.id))
    assert titles("窓口") == []


def test_the_fallback_reads_only_the_newest_items(make_need, monkeypatch) -> None:
    monkeypatch.setattr(search_query, "FALLBACK_WINDOW", 2)
    search_query._windows.clear()
    for n in range(3):
        make_need(title=f"すまほ{n}")
    assert sorted(titles("すまほ")) == ["すまほ1", "すまほ2"]


def test_a_search_is_read_once_per_content_version(make_need) -> None:
    """The hits' ids and the index's counts are kept until content is written (#16):
    the same search again reads no posting; a new need is found at the next search."""
    make_need(title="高齢者の見守り", problem="見守りの担い手")
    make_need(title="道路の補修", problem="穴の報告")
    postings: list[str] = []

    def saw(_conn, _cursor, statement, *_args) -> None:
        if "search_terms" in statement:
            postings.append(statement)

    def page_titles() -> list[str]:
        page = searched_page(public_needs_query(NeedFilters(keywords="見守り")), 1, 20)
        assert page is not None
        return [need.title for need in page.items]

    event.listen(db.engine, "before_cursor_execute", saw)
    try:
        assert page_titles() == ["高齢者の見守り"]
        assert postings  # the counts and the hits read
        postings.clear()
        assert page_titles() == ["高齢者の見守り"]
        assert postings == []  # kept: nothing written since
        make_need(title="見守り見守り見守り", problem="見守り")
        assert page_titles() == ["見守り見守り見守り", "高齢者の見守り"]
        assert postings  # read again after the write
    finally:
        event.remove(db.engine, "before_cursor_execute", saw)

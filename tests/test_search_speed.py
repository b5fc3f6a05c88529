"""The search's speed-ups keep its results (#14 item 6): a searched list's page is what
``db.paginate`` made of it, and the substring fallback's texts, kept per process, follow
what another process writes."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, select, text, update
from werkzeug.exceptions import NotFound

from hackplat.extensions import db
from hackplat.listing import statement_key
from hackplat.matching import search_query
from hackplat.matching.search_jobs import measure_indexes
from hackplat.matching.search_query import SEARCHED, searched_page
from hackplat.models import Need
from hackplat.needs.services import NeedFilters, public_needs_query
from hackplat.seeds.services import SeedFilters, public_seeds_query


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


def test_a_seeds_search_joins_its_hits_by_the_measured_index(make_seed) -> None:
    """SQLite joins the hits to the public list by the (id, version, is_public, updated_at)
    index once the nightly job has measured it, and by each seed's row before (#16,
    migration 0033); PostgreSQL keeps its own statistics: the job leaves it alone."""
    for n in range(3):
        make_seed(title=f"スマホで申請{n}", is_public=True)
    query = public_seeds_query(SeedFilters(q="スマホ"))
    id_column = query.get_execution_options()[SEARCHED][1]
    compiled = query.with_only_columns(id_column).compile(db.engine, compile_kwargs={"literal_binds": True})
    sent: list[str] = []

    def saw(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", saw)
    try:
        measure_indexes()
    finally:
        event.remove(db.engine, "before_cursor_execute", saw)
    assert any("ANALYZE" in statement for statement in sent) == (db.engine.dialect.name == "sqlite")
    if db.engine.dialect.name != "sqlite":
        return
    db.session.remove()
    db.engine.dispose()  # a connection reads the statistics when it opens: a new one
    try:
        stats = db.session.execute(text("SELECT idx, stat FROM sqlite_stat1")).all()
        assert stats == [("ix_seeds_id_version_public_updated_at", "3 1 1 1 1")]
        plan = " ".join(row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "SEARCH seeds USING COVERING INDEX ix_seeds_id_version_public_updated_at (id=?)" in plan
    finally:  # no statistics for the tests after this one, in any connection
        db.session.execute(text("DELETE FROM sqlite_stat1"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # a connection reads the statistics when it opens
    plan = " ".join(row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "SEARCH seeds USING INTEGER PRIMARY KEY (rowid=?)" in plan


def test_hits_joined_by_hashing_are_the_hits_joined_by_probing(make_seed, themes, monkeypatch) -> None:
    """From ``HASHED_JOIN_FROM`` possible hits PostgreSQL joins them to the unfiltered public
    seeds as ``id + 0`` (a hash join); the list is the same, in the same order. SQLite
    always probes; so does a phrase, and a list filtered by what the index does not hold."""
    theme = themes[0]
    make_seed(title="スマホで申請", is_public=True, theme=theme)
    for n, title in enumerate(["スマホ スマホ 窓口", "道路の補修"]):
        make_seed(title=title, summary="窓口" * n, is_public=True)

    def listed(keywords: str, **filters) -> tuple[list[str], str]:
        query = public_seeds_query(SeedFilters(q=keywords, **filters))
        statement = query.with_only_columns(query.get_execution_options()[SEARCHED][1])
        return [seed.title for seed in db.session.scalars(query)], str(statement.compile(db.engine))

    probed, probing_sql = listed("スマホ")
    monkeypatch.setattr(search_query, "HASHED_JOIN_FROM", 2)  # スマホ: 2 postings
    hashed, hashing_sql = listed("スマホ")
    assert hashed == probed == ["スマホ スマホ 窓口", "スマホで申請"]
    assert "seeds.id + " not in probing_sql
    assert ("seeds.id + " in hashing_sql) == (db.engine.dialect.name == "postgresql")
    assert "seeds.id + " not in listed('"スマホ"')[1]  # a phrase reads each hit's row: probed
    assert listed("スマホ", theme_id=theme.id)[0] == ["スマホで申請"]
    assert "seeds.id + " not in listed("スマホ", theme_id=theme.id)[1]  # the theme is not in the index
    assert "seeds.id + " not in listed("スマホ 道路")[1]  # 道路 has 1 posting: at most 1 hit


def test_kept_lists_are_told_apart_by_their_parameters(make_need) -> None:
    """statement_key: the same statement built twice is one key; another value of any
    parameter (an IN list, a limit, a search word) is another."""
    base = select(Need.id).where(Need.id.in_([1, 2]))
    assert statement_key(base) == statement_key(select(Need.id).where(Need.id.in_([1, 2])))
    others = [select(Need.id).where(Need.id.in_([1, 3])), base.limit(5), base.limit(6)]
    assert len({statement_key(s) for s in [base, *others]}) == 4
    make_need(title="高齢者の見守り")
    make_need(title="街路灯の点検")
    searched = [public_needs_query(NeedFilters(keywords=word)) for word in ("見守り", "街路灯", "見守り")]
    keys = [statement_key(q) for q in searched]
    assert keys[0] == keys[2] != keys[1]


def test_hit_ids_are_the_statements_rows_in_its_order(make_need, monkeypatch) -> None:
    """_hit_ids reads them as one array on PostgreSQL (array_agg in the statement's order:
    the score, then the list's own order for equal scores), as rows on SQLite and for what
    an aggregate would undo (grouping, DISTINCT, a limit or an offset)."""
    for title in ("見守り b", "見守り d", "見守り a", "見守り c"):  # equal scores: the list's order decides
        make_need(title=title)
    make_need(title="見守り 見守り 見守り")  # the best match
    query = public_needs_query(NeedFilters(keywords="見守り"))
    searched = query.with_only_columns(query.get_execution_options()[SEARCHED][1])
    ordered = select(Need.id).order_by(Need.title.desc())
    undone = [ordered.limit(2), ordered.offset(1), select(Need.id).distinct().order_by(Need.id.desc()),
              select(Need.id).group_by(Need.id, Need.title).order_by(Need.title)]  # fmt: skip
    arrays: list[object] = []
    as_array = search_query._as_one_array
    monkeypatch.setattr(
        search_query, "_as_one_array", lambda statement: arrays.append(statement) or as_array(statement)
    )
    for statement in [searched, ordered, *undone]:
        assert list(search_query._hit_ids(statement)) == list(db.session.scalars(statement))
    assert len(list(db.session.scalars(searched))) == 5
    assert sorted(search_query._hit_ids(select(Need.id))) == sorted(db.session.scalars(select(Need.id)))  # no order
    aggregated = [searched, ordered, select(Need.id)] if db.engine.dialect.name == "postgresql" else []
    assert [str(statement) for statement in arrays] == [str(statement) for statement in aggregated]

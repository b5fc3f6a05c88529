"""Search through the matcher's analyser (#14 item 4): lemmas, the synonym table, BM25F
ranking, phrases, numbers and names, the other stages, and an index that follows saves
and a change of analyser."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from hackplat.extensions import db
from hackplat.matching import search_index, search_jobs
from hackplat.matching.search_jobs import catch_up
from hackplat.matching.search_query import Plan, _scores, document_counts, plan
from hackplat.models import Need, NeedStatus, SearchDocument, SearchTerm, SearchTermCount, SearchTotal, Synonym
from hackplat.needs.services import NeedFilters, other_stage_counts, public_needs_query
from hackplat.seeds.services import SeedFilters, public_seeds_query


def need_titles(keywords: str, status: NeedStatus | None = NeedStatus.OPEN, **filters) -> list[str]:
    query = public_needs_query(NeedFilters(status=status, keywords=keywords, **filters))
    return [need.title for need in db.session.scalars(query)]


def seed_titles(keywords: str) -> list[str]:
    return [seed.title for seed in db.session.scalars(public_seeds_query(SeedFilters(q=keywords)))]


def add_synonyms(**pairs: str) -> None:
    db.session.add_all(Synonym(variant=variant, canonical=canonical) for variant, canonical in pairs.items())
    db.session.commit()


@pytest.fixture
def phones(make_need):
    add_synonyms(スマホ="スマートフォン")
    make_need(title="スマホで申請", problem="窓口に来ずに手続きしたい")
    make_need(title="スマートフォン向けの案内", problem="窓口の混雑")
    make_need(title="道路の補修", problem="穴の報告")


@pytest.mark.parametrize("typed", ["スマートフォン", "スマホ", "ｽﾏｰﾄﾌｫﾝ"])
def test_a_synonym_finds_every_wording(phones, typed) -> None:
    assert set(need_titles(typed)) == {"スマートフォン向けの案内", "スマホで申請"}


def test_what_the_analyser_cannot_read_falls_back_to_substrings(phones) -> None:
    assert need_titles("すまほ") == ["スマホで申請"]  # hiragana for katakana: no lemma, the text
    assert need_titles("スマホ 道路") == []  # the fallback too needs every word


@pytest.mark.parametrize("typed", ["子供", "子ども", "こども"])
def test_spelling_variants_meet_through_the_lemma(make_need, typed) -> None:
    make_need(title="子どもの見守り")
    make_need(title="こども食堂の案内")
    make_need(title="子供の居場所")
    make_need(title="高齢者の見守り")
    assert set(need_titles(typed)) == {"こども食堂の案内", "子どもの見守り", "子供の居場所"}


@pytest.mark.parametrize(("typed", "other"), [("ウェブ会議", "Web会議の導入"), ("Web会議", "ウェブ会議の導入"),
                                              ("WEB会議", "ウェブ会議の導入")])  # fmt: skip
def test_web_meeting_in_katakana_and_latin_letters(make_need, typed, other) -> None:
    add_synonyms(ウェブ="web", オンライン会議="web会議")  # the first as migration 0019 adds it
    make_need(title=other)
    make_need(title="オンライン会議の録画")
    make_need(title="会議室の予約")
    assert set(need_titles(typed)) == {other, "オンライン会議の録画"}


def test_a_word_the_analyser_cuts_otherwise_is_found_by_its_text(make_need) -> None:
    make_need(title="見守りの実証")
    make_need(title="高齢者の見守りを続けたい")  # MeCab reads 見 + 守り here
    assert need_titles("見守り") == ["見守りの実証", "高齢者の見守りを続けたい"]  # the index's hit first


def test_a_synonym_edit_is_in_force_at_the_next_search(make_need) -> None:
    make_need(title="育児の相談窓口")
    assert need_titles("子育て") == []
    add_synonyms(育児="子育て")
    assert need_titles("子育て") == ["育児の相談窓口"]
    db.session.execute(Synonym.__table__.delete())
    db.session.commit()
    assert need_titles("子育て") == []


def test_every_word_must_match_and_title_hits_rank_first(make_need) -> None:
    make_need(title="防災情報の発信", problem="避難所の混雑を知らせたい")
    make_need(title="避難所の混雑予測", problem="防災アプリと連携したい")
    make_need(title="避難所の運営", problem="職員の配置")
    assert need_titles("避難所 混雑") == ["避難所の混雑予測", "防災情報の発信"]
    assert need_titles("防災") == ["防災情報の発信", "避難所の混雑予測"]


def test_a_wording_of_several_terms_needs_each_of_them(phones, make_need) -> None:
    make_need(title="スマートな行政")  # スマート without フォン: not a wording of スマホ
    assert set(need_titles("スマホ")) == {"スマートフォン向けの案内", "スマホで申請"}


def test_a_query_of_more_terms_than_one_mark_column_holds(make_need) -> None:
    """Each term's postings carry its bit in a 30-bit mark column: a query of 71 terms the
    index holds needs three, and a wording may join terms of two (w03 in the first column,
    w65 in the third)."""
    terms = [f"w{i:02d}" for i in range(71)]
    held = {
        "both": ["w03", "w65"],
        "all": ["w03", "w65", "w70"],
        "second only": ["w65"],
        "first only": ["w03", "w64"],
        "every other": [t for t in terms if t != "w03"],
    }
    ids = {}
    for title, its_terms in held.items():
        item_id = make_need(title=title).id
        ids[item_id] = title
        db.session.add_all(SearchTerm(kind="need", term=t, item_id=item_id, weight=0.5) for t in its_terms)
    db.session.commit()
    the_plan = Plan(groups=(tuple(((t,),) for t in terms), ((("w03",), ("w65",)),)), phrases=(), substrings=())
    df = {t: sum(t in its_terms for its_terms in held.values()) for t in terms}
    scores = _scores("need", the_plan, len(held), df)
    found = db.session.scalars(select(scores.c.item_id).order_by(scores.c.score.desc()))
    assert [ids[item_id] for item_id in found] == ["all", "both"]


def test_a_quoted_phrase_must_occur_as_written(make_need) -> None:
    make_need(title="窓口の予約", problem="オンラインで予約したい")
    make_need(title="オンライン予約の窓口")
    assert set(need_titles("オンライン 予約")) == {"オンライン予約の窓口", "窓口の予約"}
    assert need_titles('"オンライン予約"') == ["オンライン予約の窓口"]
    assert need_titles("「オンライン予約」") == ["オンライン予約の窓口"]


def test_a_quoted_phrase_is_searched_as_written_without_the_synonym_table(phones) -> None:
    """スマホ unquoted also finds スマートフォン (the table); quoted, only the text as
    written, and the index is asked for its own terms alone (no other wording's postings)."""
    assert set(plan("スマホ").terms) >= {"スマホ", "スマート", "フォン"}
    assert plan('"スマホ"').terms == ["スマホ"]
    assert need_titles('"スマホ"') == ["スマホで申請"]
    assert need_titles("「スマートフォン」") == ["スマートフォン向けの案内"]


def test_years_numbers_and_organisations(make_need, make_seed, make_organisation) -> None:
    make_need(title="令和5年度の実証", problem="報告")
    make_need(title="2024年度の実証")
    company = make_organisation(name="ヨコハマ・テック株式会社")
    company.corporate_number = "1234567890123"
    make_seed(organisation=company, title="窓口案内ロボット")
    make_seed(title="別の会社のロボット")
    assert need_titles("2023") == ["令和5年度の実証"]
    assert need_titles("令和6年度") == ["2024年度の実証"]
    assert seed_titles("1234567890123") == ["窓口案内ロボット"]
    assert seed_titles("ヨコハマ・テック ロボット") == ["窓口案内ロボット"]


def test_renaming_an_organisation_reindexes_its_seeds(make_seed, make_organisation) -> None:
    company = make_organisation(name="旧名商事")
    make_seed(organisation=company, title="窓口案内ロボット")
    company.name = "新名テクノロジー"
    db.session.commit()
    assert seed_titles("テクノロジー") == ["窓口案内ロボット"]


def test_a_search_with_no_open_hits_counts_the_other_stages(make_need) -> None:
    make_need(title="終わった見守りの課題", status=NeedStatus.CLOSED)
    make_need(title="見守りの実証", status=NeedStatus.PILOTING)
    make_need(title="関係のない課題", status=NeedStatus.OPEN)
    make_need(title="見守りの下書き", status=NeedStatus.DRAFT)
    assert need_titles("見守り") == []
    filters = NeedFilters(keywords="見守り")
    assert other_stage_counts(filters) == {NeedStatus.PILOTING: 1, NeedStatus.CLOSED: 1}
    assert other_stage_counts(NeedFilters(keywords="")) == {}


def test_the_list_links_to_the_other_stages(client, make_need) -> None:
    make_need(title="終わった見守りの課題", status=NeedStatus.CLOSED)
    html = client.get("/needs/?q=見守り").get_data(as_text=True)
    assert "「募集中」の課題には見つかりませんでした。" in html
    assert "「終了」の課題に1件あります" in html
    assert "status=closed" in html
    assert "終わった見守りの課題" in client.get("/needs/?q=見守り&status=closed").get_data(as_text=True)


def test_the_index_follows_edits_and_deletes(make_need) -> None:
    need = make_need(title="防犯カメラの設置")
    need.title = "街路灯の点検"
    need.refresh_search_text()
    db.session.commit()
    assert need_titles("防犯") == []
    assert need_titles("街路灯") == ["街路灯の点検"]
    db.session.delete(need)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SearchTerm).where(SearchTerm.item_id == need.id)) == 0


def test_a_change_of_analyser_is_caught_up(make_need) -> None:
    need = make_need(title="防犯カメラの設置")
    db.session.execute(update(SearchDocument).values(analyser_version=0))
    db.session.execute(SearchTerm.__table__.delete())
    db.session.commit()
    assert catch_up() == {"need": 1}
    assert need_titles("防犯") == [need.title]
    assert catch_up() == {}


def test_rows_written_before_the_index_existed_are_caught_up(make_need, runner) -> None:
    make_need(title="防犯カメラの設置")
    for table in (SearchTerm, SearchDocument):
        db.session.execute(table.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert "課題 1 件" in result.output
    assert need_titles("防犯") == ["防犯カメラの設置"]


def test_weights_are_the_matchers_bm25f() -> None:
    from hackplat.matching.core.analyser import Analysed

    doc = search_index.document("need", 1, Analysed(("防犯",), ("防犯", "カメラ", "_2023", "_1")))
    weights = search_index.weights(doc, (1.0, 3.0))
    assert set(weights) == {"防犯", "カメラ", "_2023"}  # a lone digit is not a term
    assert weights["防犯"] > weights["カメラ"] > 0
    assert all(w < 1 for w in weights.values())


def test_the_totals_follow_saves_deletes_and_the_catch_up(make_need) -> None:
    """search_totals holds what counting search_documents gives: kept by saves and deletes,
    counted afresh by the catch-up after rows were written past the index's writer."""

    def kept() -> tuple[int, int, int] | None:
        row = db.session.execute(
            select(SearchTotal.documents, SearchTotal.title_length, SearchTotal.body_length).where(
                SearchTotal.kind == "need"
            )
        ).one_or_none()
        return None if row is None else tuple(row)

    def counted() -> tuple[int, int, int]:
        lengths = (
            func.coalesce(func.sum(SearchDocument.title_length), 0),
            func.coalesce(func.sum(SearchDocument.body_length), 0),
        )
        return tuple(db.session.execute(select(func.count(), *lengths).where(SearchDocument.kind == "need")).one())

    first = make_need(title="防犯カメラの設置", problem="夜道が暗い")
    second = make_need(title="街路灯の点検")
    assert kept() == counted()
    assert counted()[0] == 2
    first.title = "防犯カメラと街路灯の設置と点検の計画"
    first.refresh_search_text()
    db.session.commit()
    assert kept() == counted()
    db.session.delete(second)
    db.session.commit()
    assert kept() == counted()
    assert counted()[0] == 1
    db.session.execute(SearchDocument.__table__.delete())  # past the writer: the totals lag
    db.session.commit()
    assert kept() != counted()
    catch_up()
    assert kept() == counted()
    assert counted()[0] == 1
    assert need_titles("防犯") == [first.title]


def test_the_term_counts_follow_saves_edits_deletes_renames_and_the_catch_up(
    make_need, make_seed, make_organisation, monkeypatch
):
    """search_term_counts holds what grouping the postings gives (a term no item holds any
    more goes): kept by the writer through saves (several in one flush), edits, deletes
    and an organisation's renaming (its seeds), and counted afresh by the catch-up once it
    re-indexed rows written past the writer; a search after it reads the new counts."""

    def kept(kind: str) -> dict[str, int]:
        rows = select(SearchTermCount.term, SearchTermCount.documents).where(SearchTermCount.kind == kind)
        return dict(db.session.execute(rows).all())

    def counted(kind: str) -> dict[str, int]:
        rows = select(SearchTerm.term, func.count()).where(SearchTerm.kind == kind).group_by(SearchTerm.term)
        return dict(db.session.execute(rows).all())

    first = make_need(title="防犯カメラの設置", problem="夜道が暗い")
    second = make_need(title="防犯灯の点検", problem="防犯の強化")
    company = make_organisation(name="旧名商事")
    make_seed(organisation=company, title="窓口案内ロボット")
    assert kept("need") == counted("need")
    assert kept("need")["防犯"] == 2
    assert kept("seed") == counted("seed")
    assert "旧名" in kept("seed")
    first.title = "街路灯の設置"
    first.refresh_search_text()
    company.name = "新名物産"
    db.session.commit()
    assert kept("need") == counted("need")
    assert kept("need")["防犯"] == 1
    assert kept("seed") == counted("seed")
    assert "旧名" not in kept("seed")
    db.session.delete(second)
    db.session.commit()
    assert kept("need") == counted("need")
    assert "防犯" not in kept("need")
    assert document_counts("need", ["街路", "防犯"]) == (1, {"街路": 1})
    db.session.add_all(
        [Need(department_id=first.department_id, theme_id=first.theme_id, title=f"防犯パトロール{n}") for n in range(3)]
    )
    db.session.commit()  # three in one flush
    assert kept("need") == counted("need")
    assert kept("need")["防犯"] == 3
    db.session.execute(update(SearchDocument).values(analyser_version=0))  # stale: re-indexed
    db.session.execute(SearchTerm.__table__.delete().where(SearchTerm.kind == "need"))  # past the writer
    db.session.commit()
    real_recount = search_jobs.recount

    def searched_first(connection, kind: str, **options) -> None:  # a search between re-index and recount
        document_counts("need", ["防犯"])
        real_recount(connection, kind, **options)

    monkeypatch.setattr(search_jobs, "recount", searched_first)
    catch_up()
    assert kept("need") == counted("need")
    assert kept("need")["街路"] == 1
    assert kept("seed") == counted("seed")
    assert document_counts("need", ["防犯"])[1] == {"防犯": 3}  # not what the search between them kept


def test_a_save_weighs_by_the_mean_lengths_of_the_items_it_leaves(make_need) -> None:
    """A kind without kept totals (rows removed past the writer) is counted from its rows,
    which a re-indexed item has already left: its lengths are not taken off twice."""
    make_need(title="防犯カメラの設置", problem="夜道が暗い 夜道 夜道 夜道")
    need = make_need(title="防犯灯の点検")
    db.session.execute(SearchTotal.__table__.delete())
    db.session.commit()
    need.problem = "街灯が少ない"
    need.refresh_search_text()
    db.session.commit()
    lengths = select(func.count(), func.sum(SearchDocument.title_length), func.sum(SearchDocument.body_length))
    count, title, body = db.session.execute(lengths.where(SearchDocument.kind == "need")).one()
    doc = search_index.read_documents(db.session.connection(), "need", [need.id])[0]
    expected = search_index.weights(doc, (title / count, body / count))
    stored = select(SearchTerm.term, SearchTerm.weight).where(SearchTerm.kind == "need", SearchTerm.item_id == need.id)
    assert dict(db.session.execute(stored).all()) == pytest.approx(expected)


def test_counts_of_more_terms_than_a_row_holds(make_need) -> None:
    """A support request's long text asks for hundreds of terms' counts at once."""
    make_need(title="防犯カメラの設置")
    make_need(title="防犯灯の点検")
    terms = [f"w{i}" for i in range(2_000)] + ["防犯"]
    assert document_counts("need", terms) == (2, {"防犯": 2})
    assert document_counts("need", ["防犯", "w1"]) == (2, {"防犯": 2})

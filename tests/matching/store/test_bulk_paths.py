"""The rebuild's bulk paths give what the plain ones give: pairs written straight to the
driver, their shared terms as JSON, tokens from one streaming pool of workers."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from hackplat.extensions import db
from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.parallel import analyse_stream
from hackplat.matching.store import live, versions
from hackplat.models import MatchPair


@pytest.mark.parametrize(
    "terms",
    [
        [],
        ["子育て"],
        ["子育て", "スマートフォン", "申請"],
        ['say "hi"'],
        ["back\\slash"],
        ["tab\there"],
        ["line\nbreak"],
        ['","'],
        ["絵文字😀", "IoT"],
    ],
)
def test_terms_json_is_the_json_array_of_the_terms(terms: list[str]) -> None:
    assert json.loads(versions.terms_json(terms)) == terms


def test_the_stored_pairs_are_exactly_the_fitted_models_pairs(corpus, monkeypatch) -> None:
    monkeypatch.setattr(versions, "INSERT_BATCH", 3)  # several batches through the writer thread
    version_id = versions.rebuild().version_id
    stored = {
        (p.need_id, p.seed_id): (p.score, p.similarity, p.shared_terms)
        for p in db.session.scalars(select(MatchPair).where(MatchPair.version_id == version_id))
    }
    index = live.cache.current(version_id).index
    expected = {(m.need_key, m.seed_key): (m.score, m.similarity, m.shared_terms) for m in index.iter_top_pairs()}
    assert stored == expected
    assert len(stored) > 3


POSTS = [
    ("保育所の入所申請", "スマートフォンで申請したい。"),
    ("粗大ごみ", "電話がつながらない。"),
    ("", ""),
    ("！？", "https://example.jp/ 😀"),
    ("高齢者の見守り", "IoTセンサーで安否確認。"),
] * 3


@pytest.mark.parametrize("processes", [1, 2])
def test_analyse_stream_gives_each_batch_its_tokens_in_order(processes: int) -> None:
    batches = [(n, POSTS[n : n + 2]) for n in range(0, len(POSTS), 2)]
    analyser = Analyser()
    got = list(analyse_stream(iter(batches), processes))
    assert got == [(tag, [analyser.analyse(t, b) for t, b in posts]) for tag, posts in batches]


def test_postgresql_plans_with_statistics_that_know_the_new_version(app, corpus) -> None:
    """Otherwise re-ranking a saved need chose a wrong index (2 s a save at scale)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("planner statistics: PostgreSQL only")
    versions.rebuild()
    second = versions.rebuild().version_id
    known = db.session.scalar(
        text("SELECT most_common_vals::text FROM pg_stats WHERE tablename = 'match_pairs' AND attname = 'version_id'")
    )
    assert str(second) in known.strip("{}").split(",")

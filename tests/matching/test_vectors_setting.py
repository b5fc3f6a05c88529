"""The one setting of the matcher (MATCHER_VECTORS): "off" ranks by BM25F alone, with
its own, lower floor for suggestions; a rebuild then stores no dense model."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string

from hackplat.extensions import db
from hackplat.matching import store
from hackplat.matching.core.explain import SIMILAR_WORDING
from hackplat.matching.core.persist import index_from_bytes
from hackplat.matching.settings import vectors_on, word_vectors
from hackplat.matching.suggestions import MIN_SIMILARITY, MIN_SIMILARITY_BM25F, min_similarity, seeds_for_need
from hackplat.models import MatchPair, MatchVersion, Role


@pytest.fixture
def vectors_off(app: Flask):
    before = app.config.get("MATCHER_VECTORS")
    app.config["MATCHER_VECTORS"] = "off"
    yield
    app.config["MATCHER_VECTORS"] = before


def test_off_means_bm25f_alone_with_its_floor(vectors_off) -> None:
    assert word_vectors() is None
    assert not vectors_on()
    assert min_similarity() == MIN_SIMILARITY_BM25F < MIN_SIMILARITY


def test_a_rebuild_with_the_setting_off_ranks_by_bm25f(vectors_off, childcare, make_user) -> None:
    version_id = store.rebuild().version_id
    artifact = db.session.get(MatchVersion, version_id).artifact
    assert index_from_bytes(artifact).weighting.dense is None
    pairs = db.session.query(MatchPair).filter_by(version_id=version_id).all()
    assert pairs
    assert all(SIMILAR_WORDING not in pair.shared_terms for pair in pairs)
    shown = [s.seed.id for s in seeds_for_need(childcare.need, viewer=make_user(role=Role.COORDINATOR))]
    assert set(shown[:2]) == {childcare.public_seed.id, childcare.private_seed.id}
    assert childcare.unrelated_seed.id not in shown  # below the BM25F floor


def test_the_similar_wording_marker_is_said_in_words_not_highlighted_as_a_term(app: Flask) -> None:
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "matching/_suggestions.html" import shared_terms %}{{ shared_terms(terms) }}',
            terms=["保育", SIMILAR_WORDING],
        )
    assert "<mark>保育</mark>" in html
    assert "似た表現" in html
    assert SIMILAR_WORDING not in html

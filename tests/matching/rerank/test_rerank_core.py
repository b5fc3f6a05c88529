"""The re-ranker's learning on generated feedback: labels from a hidden rule over the
features, which it must learn (and then beat the blend on held-out needs), and labels
it cannot improve on, for which it must stay off."""

from __future__ import annotations

import numpy as np
import pytest

from hackplat.matching.rerank.core import FEATURES, MIN_GAIN, Reranker, held_out_ndcg, train

PAIRS_PER_NEED = 10


def generated(needs: int, rule, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``needs`` × PAIRS_PER_NEED pairs with plausible features; labels by ``rule``."""
    rng = np.random.default_rng(seed)
    n = needs * PAIRS_PER_NEED
    x = np.zeros((n, len(FEATURES)))
    col = {name: i for i, name in enumerate(FEATURES)}
    x[:, col["bm25f"]] = rng.uniform(0.05, 0.6, n)
    x[:, col["cosine"]] = rng.uniform(0.2, 0.9, n)
    x[:, col["blend"]] = 0.85 * x[:, col["bm25f"]] + 0.15 * x[:, col["cosine"]]
    x[:, col["shared_terms"]] = rng.integers(1, 8, n)
    x[:, col["theme_match"]] = rng.random(n) < 0.3
    x[:, col["department_organisation"]] = np.log1p(rng.poisson(0.5, n))
    x[:, col["department_theme"]] = np.log1p(rng.poisson(1.0, n))
    groups = np.repeat(np.arange(needs), PAIRS_PER_NEED)
    return x, rule(x, col, rng).astype(int), groups


def theme_and_history(x, col, rng):
    """Coordinators invite seeds of the need's theme from organisations the department
    already knows; the text score barely matters."""
    signal = 2.0 * x[:, col["theme_match"]] + 1.5 * x[:, col["department_organisation"]] + x[:, col["blend"]]
    return signal + rng.normal(0, 0.3, len(signal)) > 1.5


def blend_only(x, col, rng):
    """Labels the blend already orders as well as anything can."""
    return x[:, col["blend"]] > np.median(x[:, col["blend"]])


def test_it_learns_a_hidden_rule_and_beats_the_blend_on_held_out_needs() -> None:
    x, y, groups = generated(40, theme_and_history)
    assert len(y) >= 200
    assert 0 < y.sum() < len(y)
    found = train(x, y, groups)
    assert found.model is not None
    weights = dict(zip(FEATURES, found.model.coef, strict=True))
    assert weights["theme_match"] > 0
    assert weights["department_organisation"] > 0
    assert weights["theme_match"] > abs(weights["shared_terms"])  # the rule's features, not noise
    assert found.held_out_needs >= 8
    assert found.ndcg_after >= found.ndcg_before + 0.1
    assert found.beats_blend
    assert found.train_labels + found.held_out_labels == len(y)


def test_the_split_is_by_need_never_by_pair() -> None:
    x, y, groups = generated(40, theme_and_history)
    from sklearn.model_selection import GroupShuffleSplit

    from hackplat.matching.rerank.core import HELD_OUT

    train_rows, test_rows = next(GroupShuffleSplit(1, test_size=HELD_OUT, random_state=0).split(x, y, groups))
    assert not set(groups[train_rows]) & set(groups[test_rows])


def test_it_stays_off_when_the_blend_already_orders_the_labels() -> None:
    x, y, groups = generated(40, blend_only)
    found = train(x, y, groups)
    assert found.model is not None
    assert found.ndcg_before == pytest.approx(1.0)
    assert found.ndcg_after < found.ndcg_before + MIN_GAIN
    assert not found.beats_blend


def test_it_stays_off_with_one_kind_of_label_only() -> None:
    x, _, groups = generated(30, theme_and_history)
    found = train(x, np.ones(len(groups), int), groups)
    assert found.model is None
    assert not found.beats_blend


def test_the_stored_model_scores_as_the_fitted_one() -> None:
    x, y, groups = generated(40, theme_and_history)
    model = train(x, y, groups).model
    assert model is not None
    again = Reranker.from_json(model.to_json())
    assert np.array_equal(again.decision(x), model.decision(x))
    with pytest.raises(ValueError, match="other features"):
        Reranker.from_json({**model.to_json(), "features": ["blend"], "coef": [1.0]})


def test_held_out_ndcg_ignores_needs_with_one_kind_of_label() -> None:
    model = Reranker(coef=[1.0] + [0.0] * (len(FEATURES) - 1), intercept=0.0, mean=[0.0] * 7, scale=[1.0] * 7)
    x = np.zeros((4, len(FEATURES)))
    x[:, 0] = [0.9, 0.1, 0.8, 0.2]
    before, after, needs = held_out_ndcg(
        np.array([0.1, 0.9, 0.5, 0.4]), x, np.array([1, 0, 1, 1]), np.array([1, 1, 2, 2]), model
    )
    assert needs == 1  # need 2 has positives only
    assert after == pytest.approx(1.0)
    assert before == pytest.approx(1 / np.log2(3))

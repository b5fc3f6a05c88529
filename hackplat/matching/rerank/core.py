"""The feedback re-ranker's learning part: no Flask, no database (#14 item 5).

Each labelled need–seed pair is a row of FEATURES; its label is 1 (a coordinator made
the seed an invitation candidate, or the seed's proposal was shortlisted or selected)
or 0 (a coordinator called the pair not relevant). A logistic regression over the
standardised features learns which pairs coordinators want; its decision value
re-orders a need's candidates (the best ``DEPTH`` pairs of the blend).

Before it may be switched on it is judged on feedback it has not seen: the labels are
split **by need** (``GroupShuffleSplit``: every pair of a held-out need is held out, so
the model cannot have learnt a need from its own other pairs), and on each held-out need
with at least one positive and one negative label, the labelled pairs are ordered once
by the blend and once by the model. The model is usable only if its mean nDCG@10 beats
the blend's by at least ``MIN_GAIN``. The fitted model is plain numbers (coefficients,
means and scales of the features), stored as JSON: no pickle, every worker scores alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DEPTH",
    "FEATURES",
    "HELD_OUT",
    "MIN_GAIN",
    "Evaluation",
    "Reranker",
    "held_out_ndcg",
    "train",
]

#: The pair's features, in the order of a feature row.
FEATURES = (
    "blend",  # the score of the blend (BM25F + α · cosine), what ranks without the re-ranker
    "bm25f",  # the BM25F part alone (0 … 1)
    "cosine",  # the dense view's cosine alone (0 without word vectors)
    "shared_terms",  # how many index terms need and seed share
    "theme_match",  # 1 when the seed's theme is the need's
    "department_organisation",  # log(1 + proposals the department's earlier needs got from the seed's organisation)
    "department_theme",  # log(1 + shortlisted/selected proposals on the department's earlier needs in the seed's theme)
)
DEPTH = 50  # a need's candidates the re-ranker re-orders
HELD_OUT = 0.3  # share of the labelled needs held out for the evaluation
MIN_GAIN = 0.01  # the held-out nDCG@10 the model must add to the blend's to be used
K = 10


@dataclass
class Reranker:
    """A fitted logistic regression as plain numbers."""

    coef: list[float]
    intercept: float
    mean: list[float]
    scale: list[float]
    features: list[str] = field(default_factory=lambda: list(FEATURES))

    def decision(self, x: np.ndarray) -> np.ndarray:
        """The model's score of each feature row (higher: more wanted)."""
        z = (np.asarray(x, np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef) + self.intercept

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reranker:
        model = cls(
            coef=[float(c) for c in data["coef"]],
            intercept=float(data["intercept"]),
            mean=[float(m) for m in data["mean"]],
            scale=[float(s) for s in data["scale"]],
            features=[str(f) for f in data.get("features", FEATURES)],
        )
        if model.features != list(FEATURES) or len(model.coef) != len(FEATURES):
            raise ValueError("the stored re-ranker has other features than this code")
        return model


@dataclass
class Evaluation:
    """What training found: the figures the matcher page shows."""

    labels: int
    positives: int
    train_labels: int
    held_out_labels: int
    held_out_needs: int  # held-out needs with both a positive and a negative label
    ndcg_before: float  # the blend's mean nDCG@10 on them
    ndcg_after: float  # the model's
    model: Reranker | None  # None: too few labels or only one class to learn from

    @property
    def beats_blend(self) -> bool:
        return self.model is not None and self.held_out_needs > 0 and self.ndcg_after >= self.ndcg_before + MIN_GAIN


def fit(x: np.ndarray, y: np.ndarray) -> Reranker:
    """A logistic regression on standardised features (balanced classes: coordinators
    give far more of one kind of feedback than the other)."""
    from sklearn.linear_model import LogisticRegression  # here: importing scikit-learn costs ~1.6 s a process

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit((x - mean) / scale, y)
    return Reranker(
        coef=[float(c) for c in model.coef_[0]],
        intercept=float(model.intercept_[0]),
        mean=[float(m) for m in mean],
        scale=[float(s) for s in scale],
    )


def _ndcg(order: np.ndarray, labels: np.ndarray, k: int = K) -> float:
    gains = labels[order][:k]
    dcg = float(sum(g / math.log2(i + 2) for i, g in enumerate(gains)))
    ideal = np.sort(labels)[::-1][:k]
    idcg = float(sum(g / math.log2(i + 2) for i, g in enumerate(ideal)))
    return dcg / idcg if idcg > 0 else 0.0


def held_out_ndcg(
    scores: np.ndarray, x: np.ndarray, y: np.ndarray, groups: np.ndarray, model: Reranker
) -> tuple[float, float, int]:
    """Mean nDCG@10 of the blend (``scores``) and of the model over the groups (needs)
    that have both a positive and a negative label; ties keep the given order."""
    learnt = model.decision(x)
    before, after = [], []
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        if y[rows].min() == y[rows].max():
            continue  # nothing to order: every ranking scores alike
        before.append(_ndcg(np.argsort(-scores[rows], kind="stable"), y[rows]))
        after.append(_ndcg(np.argsort(-learnt[rows], kind="stable"), y[rows]))
    if not before:
        return 0.0, 0.0, 0
    return float(np.mean(before)), float(np.mean(after)), len(before)


def train(x: np.ndarray, y: np.ndarray, groups: Sequence[int] | np.ndarray, *, seed: int = 0) -> Evaluation:
    """Fit on the training needs, judge on the held-out needs (see the module docstring)."""
    from sklearn.model_selection import GroupShuffleSplit

    x, y, g = np.asarray(x, np.float64), np.asarray(y, np.int64), np.asarray(groups)
    positives = int(y.sum())
    empty = Evaluation(len(y), positives, 0, 0, 0, 0.0, 0.0, None)
    if len(np.unique(g)) < 2 or positives == 0 or positives == len(y):
        return empty
    split = GroupShuffleSplit(n_splits=1, test_size=HELD_OUT, random_state=seed)
    train_rows, test_rows = next(split.split(x, y, g))
    if len(np.unique(y[train_rows])) < 2:
        return Evaluation(len(y), positives, len(train_rows), len(test_rows), 0, 0.0, 0.0, None)
    model = fit(x[train_rows], y[train_rows])
    blend = x[:, FEATURES.index("blend")]
    before, after, needs = held_out_ndcg(blend[test_rows], x[test_rows], y[test_rows], g[test_rows], model)
    return Evaluation(len(y), positives, len(train_rows), len(test_rows), needs, before, after, model)

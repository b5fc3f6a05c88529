"""From stored analyses to index input: synonym expansion, skipping, labels.

Kept apart from the index so that the same preparation serves a full rebuild and a
single incremental item.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from hackplat.matching.core.analyser import Analysed
from hackplat.matching.core.side import Key
from hackplat.matching.core.synonyms import CompiledSynonyms
from hackplat.matching.core.weighting import Terms

__all__ = ["as_analysed", "prepare", "term_labels", "record_entry", "drop_entry"]


def as_analysed(value: Analysed | Mapping[str, Any] | str) -> Analysed:
    """Accept an Analysed, its ``to_dict()`` or its ``to_json()``."""
    if isinstance(value, Analysed):
        return value
    if isinstance(value, str):
        return Analysed.from_json(value)
    return Analysed.from_dict(dict(value))


def prepare(
    items: Sequence[tuple[Key, Any]], rules: CompiledSynonyms, side: str, skipped: list[tuple[str, Key]]
) -> tuple[list[Key], list[Terms], list[Analysed]]:
    """Keys, terms (before one-word synonyms, which the weighting adds column-wise)
    and analyses of the items that have content words; the others are appended to
    ``skipped``. A repeated key: the last item wins."""
    latest = {key: as_analysed(a) for key, a in items}
    keys: list[Key] = []
    docs: list[Terms] = []
    kept: list[Analysed] = []
    for key, a in latest.items():
        terms = (rules.phrase_terms(a.title), rules.phrase_terms(a.body))
        if not terms[0] and not terms[1]:
            skipped.append((side, key))
            continue
        keys.append(key)
        docs.append(terms)
        kept.append(a)
    return keys, docs, kept


def term_labels(terms: list[str], items: Iterable[Analysed]) -> list[str]:
    """Readable label per term: how posts most often wrote it (ごみ, not 塵)."""
    seen: Counter[tuple[str, str]] = Counter()
    for a in items:
        seen.update(a.surfaces.items())
    best: dict[str, str] = {}
    for (key, surface), _ in seen.most_common():
        best.setdefault(key, surface)
    return [best.get(t, t) for t in terms]


def record_entry(top: np.ndarray, scores: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Rows whose recorded top-k a new item with ``scores`` enters; updates ``top``.

    Ties with the k-th recorded score count as entering: the caller may then hold a
    pair more than the true top-k, never fewer."""
    rows = np.flatnonzero(valid & (scores >= top[:, -1]))
    if rows.size:
        merged = np.hstack([top[rows], scores[rows, None]])
        top[rows] = -np.sort(-merged, axis=1)[:, :-1]
    return rows


def drop_entry(top: np.ndarray, scores: np.ndarray, valid: np.ndarray) -> None:
    """Take a removed item's scores out of the recorded top-k; its slot becomes free
    (-inf), so that any later item may take it."""
    for r in np.flatnonzero(valid & (scores >= top[:, -1])):
        hit = np.flatnonzero(top[r] == scores[r])
        if hit.size:
            top[r, hit[0]] = -np.inf
            top[r] = -np.sort(-top[r])

"""From stored analyses to index input: synonym expansion, skipping, labels.

Kept apart from the index so that the same preparation serves a full rebuild and a
single incremental item. A rebuild decodes, prepares and counts its posts in worker
processes (``count_corpus``): the parent only joins the parts' counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.analyser import Analysed
from hackplat.matching.core.counts import LocalCounts, local_counts, merged_counts
from hackplat.matching.core.forking import fork_map
from hackplat.matching.core.side import Key
from hackplat.matching.core.synonyms import CompiledSynonyms
from hackplat.matching.core.weighting import Terms

__all__ = [
    "Counted",
    "as_analysed",
    "count_corpus",
    "drop_entry",
    "labels_of_surfaces",
    "prepare",
    "record_entry",
    "term_labels",
]

PARALLEL_FROM = 4_000  # fewer posts than this are counted in the calling process
PARTS_PER_PROCESS = 2  # parts of each side per worker (a slower part does not hold up the pool)


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


@dataclass
class Counted:
    """A corpus as the fit needs it: the kept keys of each side, the title and body
    counts (needs' rows first; synonym terms included) over ``vocab``, and how often
    each term was written each way (for ``labels_of_surfaces``)."""

    need_keys: list[Key]
    seed_keys: list[Key]
    title: sp.csr_matrix
    body: sp.csr_matrix
    vocab: dict[str, int]
    surfaces: Counter[tuple[str, str]]


def count_corpus(
    needs: Sequence[tuple[Key, Any]],
    seeds: Sequence[tuple[Key, Any]],
    rules: CompiledSynonyms,
    skipped: list[tuple[str, Key]],
    processes: int,
) -> Counted:
    """:func:`prepare` both sides and count their terms, in parts split between worker
    processes: each decodes its stored analyses (JSON as kept in the database), applies
    the synonym rules and counts; the parent joins the counts. The same keys, skipped
    items, matrices, vocabulary and labels as preparing and counting in one process."""
    sides = {"need": list(dict(needs).items()), "seed": list(dict(seeds).items())}
    if sum(len(items) for items in sides.values()) < PARALLEL_FROM:
        processes = 1
    jobs = []
    for side, items in sides.items():
        step = max(1, -(-len(items) // (processes * PARTS_PER_PROCESS)))
        jobs += [(side, i, i + step) for i in range(0, len(items), step)]
    parts = fork_map(_count_part, (sides, rules), jobs, processes)
    surfaces: Counter[tuple[str, str]] = Counter()
    keys: dict[str, list[Key]] = {"need": [], "seed": []}
    for (side, _, _), (part_keys, part_skipped, part_surfaces, _) in zip(jobs, parts, strict=True):
        keys[side] += part_keys
        skipped += part_skipped
        surfaces.update(part_surfaces)
    title, body, vocab = merged_counts([p[3] for p in parts], rules.single)
    return Counted(keys["need"], keys["seed"], title, body, vocab, surfaces)


def _count_part(
    shared: tuple[dict[str, list[tuple[Key, Any]]], CompiledSynonyms], job: tuple[str, int, int]
) -> tuple[list[Key], list[tuple[str, Key]], Counter[tuple[str, str]], LocalCounts]:
    sides, rules = shared
    side, start, stop = job
    skipped: list[tuple[str, Key]] = []
    keys, docs, items = prepare(sides[side][start:stop], rules, side, skipped)
    surfaces: Counter[tuple[str, str]] = Counter()
    for a in items:
        surfaces.update(a.surfaces.items())
    return keys, skipped, surfaces, local_counts(docs)


def term_labels(terms: list[str], items: Iterable[Analysed]) -> list[str]:
    """Readable label per term: how posts most often wrote it (ごみ, not 塵)."""
    seen: Counter[tuple[str, str]] = Counter()
    for a in items:
        seen.update(a.surfaces.items())
    return labels_of_surfaces(terms, seen)


def labels_of_surfaces(terms: list[str], seen: Counter[tuple[str, str]]) -> list[str]:
    """:func:`term_labels` from the counts of (term, surface) pairs."""
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

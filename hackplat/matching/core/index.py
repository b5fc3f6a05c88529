"""MatchIndex: needs and seeds scored by one dot product, ranked both ways.

Fit once over all needs and seeds (a "full rebuild"); keep it current with
``add_or_update_*``/``remove_*``, which vectorise one item with the frozen model
(vocabulary, idf, field lengths, dense model, reference sets) and never refit: the
changed item then ranks exactly as it would after a rebuild with that frozen model
(``fit(..., frozen=index)``; see tests/matching/core/test_incremental.py).

Score: BM25F blended with the dense view (see ``weighting``); ``Match.similarity`` is
the same number, which ranks (see ``ranking``). Keys are the caller's ids
(str or int; one side's keys must be mutually comparable: ties are broken by them).
Items are given as ``Analysed`` values or their stored ``to_dict()``/``to_json()`` forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.analyser import Analysed, Analyser
from hackplat.matching.core.bounds import References, all_bounds, bounds_of_needs, bounds_of_seeds, build_model
from hackplat.matching.core.corpus import (
    as_analysed,
    count_corpus,
    drop_entry,
    labels_of_surfaces,
    prepare,
    record_entry,
    term_labels,
)
from hackplat.matching.core.explain import (
    SIMILAR_WORDING,
    WIDTH,
    json_label_table,
    label_table,
    labels_of,
    shared_term_ids,
    shared_term_ids_chunked,
    split_stored,
    terms_json_of,
)
from hackplat.matching.core.forking import default_processes, fork_imap, fork_map, gc_paused
from hackplat.matching.core.pairs import TopPairs, compute_top_pairs
from hackplat.matching.core.ranking import ranked, top_of_row
from hackplat.matching.core.side import Key, Side, dense_columns
from hackplat.matching.core.synonyms import CompiledSynonyms, compile_synonyms
from hackplat.matching.core.weighting import ALPHA, Terms, Weighting
from hackplat.matching.core.wordvectors import WordVectors

__all__ = ["DEFAULT_K", "Match", "MatchIndex", "PairRow", "as_analysed"]

DEFAULT_K = 20
EXPLAIN_BATCH = 100_000
ROWS_BATCH = 50_000  # pairs per batch of iter_pair_rows (one task of a worker)
PairRow = tuple[Any, Any, float, float, str]  # need key, seed key, score, similarity, shared terms (JSON)


class Match(NamedTuple):
    """One ranked pair. ``score`` ranks and is shown (in (0, 1]); ``shared_terms``
    explain it, biggest contribution first, then SIMILAR_WORDING where the dense view
    carries it; ``similarity`` equals ``score``. A named tuple: cheap by the million,
    ready for executemany."""

    need_key: Key
    seed_key: Key
    score: float
    shared_terms: list[str]
    similarity: float


class MatchIndex:
    """See the module docstring. Build with :meth:`fit`, or load with ``persist.index_from_bytes``."""

    def __init__(
        self,
        weighting: Weighting,
        synonyms: Mapping[str, str],
        needs: Side,
        seeds: Side,
        labels: list[str],
        skipped: list[tuple[str, Key]],
        model: References,
        bounds: tuple[np.ndarray, np.ndarray] | None = None,
        k: int | None = None,
    ) -> None:
        self.weighting, self.model = weighting, model
        self.synonyms = dict(synonyms)
        self.rules: CompiledSynonyms = compile_synonyms(self.synonyms, Analyser().phrase)
        self.needs, self.seeds, self.labels = needs, seeds, labels
        self._label_table: np.ndarray | None = None
        self._json_label_table: np.ndarray | None = None
        dense = weighting.dense is not None
        needs.set_layout(len(weighting.terms), ALPHA if dense else None)  # scores by parts: see split.py
        seeds.set_layout(len(weighting.terms), 1.0 if dense else None)
        self.skipped = skipped  # ("need" | "seed", key) of items without content words
        self.bounds = bounds  # lower bounds of each row's k-th best score, for _bounds_k
        self._bounds_k = DEFAULT_K
        self.k = k  # k of the recorded top-k scores (needs.top / seeds.top)
        self.processes = default_processes()

    @classmethod
    def fit(
        cls,
        needs: Sequence[tuple[Key, Any]],
        seeds: Sequence[tuple[Key, Any]],
        synonyms: Mapping[str, str] | None = None,
        *,
        vectors: WordVectors | None = None,
        frozen: MatchIndex | None = None,
        processes: int | None = None,
    ) -> MatchIndex:
        """Full rebuild; ``vectors`` adds the dense view (None: BM25F alone). ``frozen``
        reuses another index's model (to check or reproduce incremental updates)."""
        with gc_paused():
            return cls._fit(needs, seeds, synonyms, vectors, frozen, processes)

    @classmethod
    def _fit(
        cls,
        needs: Sequence[tuple[Key, Any]],
        seeds: Sequence[tuple[Key, Any]],
        synonyms: Mapping[str, str] | None,
        vectors: WordVectors | None,
        frozen: MatchIndex | None,
        processes: int | None,
    ) -> MatchIndex:
        synonyms = frozen.synonyms if frozen is not None else (synonyms or {})
        rules = compile_synonyms(synonyms, Analyser().phrase)
        skipped: list[tuple[str, Key]] = []
        processes = processes or default_processes()
        if frozen is None:
            need_side, seed_side, weighting, labels = _fitted(needs, seeds, rules, skipped, vectors, processes)
            model = build_model(
                need_side.matrix(),
                need_side.ranks(),
                need_side.alive,
                seed_side.matrix(),
                seed_side.ranks(),
                seed_side.alive,
            )
        else:
            need_side, seed_side, labels = _vectorised(needs, seeds, rules, skipped, frozen.weighting)
            weighting, model = frozen.weighting, frozen.model
        index = cls(weighting, synonyms, need_side, seed_side, labels, skipped, model)
        index.processes = processes
        index._refresh_bounds(DEFAULT_K)
        return index

    def _refresh_bounds(self, k: int) -> None:
        """Recompute every row's k-th-score lower bound against the reference sets."""
        self.bounds = all_bounds(
            self.model, self.needs.matrix(), self.seeds.matrix(), k, self.processes, len(self.weighting.terms)
        )
        self._bounds_k = k

    @property
    def label_table(self) -> np.ndarray:
        """``labels`` as explain.label_table, built once (the vocabulary is frozen)."""
        if self._label_table is None or self._label_table.size != len(self.labels) + 1:
            self._label_table = label_table(self.labels)
        return self._label_table

    @property
    def json_label_table(self) -> np.ndarray:
        """``labels`` as explain.json_label_table, built once."""
        if self._json_label_table is None or self._json_label_table.size != len(self.labels) + 1:
            self._json_label_table = json_label_table(self.labels)
        return self._json_label_table

    def terms_of(self, analysed: Analysed | Mapping[str, Any] | str) -> Terms:
        """Index terms (synonyms applied) of a stored analysis: (title, body)."""
        a = as_analysed(analysed)
        return self.rules.terms(a.title), self.rules.terms(a.body)

    # ------------------------------------------------------------------ queries
    def top_seeds(self, need_key: Key, k: int = 10, exclude: Iterable[Key] = ()) -> list[Match]:
        """The ``k`` best seeds for a need; [] for unknown or skipped needs."""
        i = self.needs.pos.get(need_key)
        if i is None:
            return []
        vec = self.needs.vector(i)
        cos, score = self._seed_scores(vec)
        score[[self.seeds.pos[s] for s in exclude if s in self.seeds.pos]] = -np.inf
        rows = top_of_row(score, k, self.seeds.ranks())
        return self._matches(np.full(rows.size, i), rows, score, cos, need_vec=vec)

    def top_needs(self, seed_key: Key, k: int = 10, exclude: Iterable[Key] = ()) -> list[Match]:
        """The ``k`` best needs for a seed; [] for unknown or skipped seeds."""
        j = self.seeds.pos.get(seed_key)
        if j is None:
            return []
        vec = self.seeds.vector(j)
        cos, score = self._need_scores(vec)
        score[[self.needs.pos[n] for n in exclude if n in self.needs.pos]] = -np.inf
        rows = top_of_row(score, k, self.needs.ranks())
        return self._matches(rows, np.full(rows.size, j), score, cos, seed_vec=vec)

    def iter_top_pairs(self, k: int = DEFAULT_K) -> Iterator[Match]:
        """Top-k seeds of every need and top-k needs of every seed, each pair once,
        ordered by need. Also records every row's top-k scores, which the incremental
        methods use to tell which other rankings a changed item enters."""
        with gc_paused():
            pairs = self._compute_tops(k)
            ids = self._explain_parallel(pairs.need_rows, pairs.seed_rows)
        nk, sk = self.needs.keys, self.seeds.keys
        for start in range(0, pairs.scores.size, EXPLAIN_BATCH):
            part = slice(start, start + EXPLAIN_BATCH)
            with gc_paused():
                batch = [
                    Match(nk[n], sk[s], v, t, c)
                    for n, s, v, c, t in zip(
                        pairs.need_rows[part].tolist(),
                        pairs.seed_rows[part].tolist(),
                        pairs.scores[part].tolist(),
                        pairs.cosines[part].tolist(),
                        labels_of(ids[part], self.label_table),
                        strict=True,
                    )
                ]
            yield from batch

    def iter_pair_rows(self, k: int = DEFAULT_K, batch: int = ROWS_BATCH) -> Iterator[list[PairRow]]:
        """The pairs of :meth:`iter_top_pairs` as batches of plain rows ready for a
        database driver (the shared terms as their JSON array): batches in need order,
        the rows of each in seed order, so that a database's seed-side index takes a
        batch's inserts in key order (on SQLite ~10 % of writing the pairs). The shared
        terms are found and written as JSON in worker processes, ahead of the caller, so
        that writing one batch overlaps building the next; only those strings travel
        back, and the rows are zipped here from the arrays this process holds (pickling
        50,000 tuples a batch both ways cost more than building them)."""
        with gc_paused():
            pairs = self._compute_tops(k)
        need_keys, seed_keys = (np.array(side.keys, dtype=object) for side in (self.needs, self.seeds))
        shared = (self._explain_split(), self.json_label_table)
        orders = [
            start + np.argsort(pairs.seed_rows[start : start + batch], kind="stable")
            for start in range(0, pairs.scores.size, batch)
        ]
        parts = [(pairs.need_rows[order], pairs.seed_rows[order]) for order in orders]
        for order, terms in zip(orders, fork_imap(_terms_part, shared, parts, self.processes), strict=True):
            with gc_paused():
                rows = list(
                    zip(
                        need_keys[pairs.need_rows[order]].tolist(),
                        seed_keys[pairs.seed_rows[order]].tolist(),
                        pairs.scores[order].tolist(),
                        pairs.cosines[order].tolist(),
                        terms,
                        strict=True,
                    )
                )
            yield rows

    def _explain_split(self) -> tuple[Split, Split]:
        """Both sides' stored rows split for explaining (see explain.split_stored). A
        seed's dense view is stored unscaled, on the grid, so the seeds' scoring parts
        are those values already: no second copy of 100,000 × 300 floats."""
        n_terms = len(self.weighting.terms)
        needs = split_stored(self.needs.matrix(), n_terms)
        if self.weighting.dense is None:
            return needs, split_stored(self.seeds.matrix(), n_terms)
        parts = self.seeds.all_split()
        return needs, (parts.terms, parts.dense)

    # -------------------------------------------------------------- incremental
    def add_or_update_seed(self, key: Key, analysed: Any, k: int | None = None) -> list[Match]:
        """Re-vectorise one seed (no refit) and return its pairs both ways: its top-k
        needs, and every need whose recorded top-k it now enters."""
        return self._upsert("seed", key, analysed, k)

    def add_or_update_need(self, key: Key, analysed: Any, k: int | None = None) -> list[Match]:
        """As :meth:`add_or_update_seed`, for a need (scored against all seeds)."""
        return self._upsert("need", key, analysed, k)

    def remove_seed(self, key: Key) -> bool:
        return self._remove("seed", key)

    def remove_need(self, key: Key) -> bool:
        return self._remove("need", key)

    # ---------------------------------------------------------------- internals
    def _seed_scores(self, need_vec: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        parts = self.needs.split_vector(need_vec)
        cos = self.seeds.times_split(dense_columns(parts.terms), parts.dense.T).ravel()
        cos[~self.seeds.alive] = 0
        return cos, ranked(cos)

    def _need_scores(self, seed_vec: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        cos = self.needs.dot_rows_split(self.seeds.split_vector(seed_vec)).ravel()
        cos[~self.needs.alive] = 0
        return cos, ranked(cos)

    def _compute_tops(self, k: int) -> TopPairs:
        if self.bounds is None or self._bounds_k != k:
            self._refresh_bounds(k)
        assert self.bounds is not None
        pairs = compute_top_pairs(self.needs, self.seeds, self.bounds, k, self.processes)
        self.needs.top, self.seeds.top, self.k = pairs.need_top, pairs.seed_top, k
        return pairs

    def _upsert(self, side: str, key: Key, analysed: Any, k: int | None) -> list[Match]:
        if self.k is None or (k is not None and k != self.k):
            self._compute_tops(k or DEFAULT_K)
        own, other = (self.seeds, self.needs) if side == "seed" else (self.needs, self.seeds)
        self._remove(side, key)
        vec = self.weighting.vectorise([self.terms_of(analysed)], side)
        if vec.nnz == 0:
            self.skipped.append((side, key))
            return []
        bound = (
            bounds_of_seeds(vec, self.model.needs, self._bounds_k)
            if side == "seed"
            else bounds_of_needs(vec, self.model.seeds, self._bounds_k)
        )
        cos, score = self._need_scores(vec) if side == "seed" else self._seed_scores(vec)
        assert self.k is not None  # both set by _compute_tops
        assert other.top is not None
        best = top_of_row(score, self.k, other.ranks())
        entering = record_entry(other.top, score, np.isfinite(score))
        top_row = np.full(self.k, -np.inf, np.float32)
        top_row[: best.size] = score[best]
        i = own.append(key, vec, top_row)
        self._extend_bounds(side, bound[0])
        rows = np.union1d(best, entering)
        rows = rows[np.lexsort((other.ranks()[rows], -score[rows]))]
        if side == "seed":
            return self._matches(rows, np.full(rows.size, i), score, cos, seed_vec=vec)
        return self._matches(np.full(rows.size, i), rows, score, cos, need_vec=vec)

    def _extend_bounds(self, side: str, bound: np.float32) -> None:
        if self.bounds is not None:
            nb, sb = self.bounds
            self.bounds = (np.append(nb, bound), sb) if side == "need" else (nb, np.append(sb, bound))

    def _remove(self, side: str, key: Key) -> bool:
        """Forget ``key``; its scores leave the other side's recorded top-k."""
        self.skipped = [s for s in self.skipped if s != (side, key)]
        own, other = (self.seeds, self.needs) if side == "seed" else (self.needs, self.seeds)
        i = own.pos.get(key)
        if i is None:
            return False
        if other.top is not None:
            vec = own.vector(i)
            _, score = self._need_scores(vec) if side == "seed" else self._seed_scores(vec)
            drop_entry(other.top, score, np.isfinite(score))
        own.kill(key)
        if self.model.mark_dead(side, i):
            self.bounds = None  # a reference row died: bounds must be recomputed
        return True

    def _explain_parallel(self, need_rows: np.ndarray, seed_rows: np.ndarray) -> np.ndarray:
        """Shared-term ids of many pairs, split between worker processes."""
        step = max(1, -(-need_rows.size // self.processes))
        n_terms = len(self.weighting.terms)
        parts = fork_map(
            _explain_part,
            (split_stored(self.needs.matrix(), n_terms), split_stored(self.seeds.matrix(), n_terms)),
            [(need_rows[i : i + step], seed_rows[i : i + step]) for i in range(0, need_rows.size, step)],
            self.processes,
        )
        return np.vstack(parts) if parts else np.full((0, WIDTH), -1, np.int32)

    def _matches(
        self,
        need_rows: np.ndarray,
        seed_rows: np.ndarray,
        score: np.ndarray,
        cos: np.ndarray,
        need_vec: sp.csr_matrix | None = None,
        seed_vec: sp.csr_matrix | None = None,
    ) -> list[Match]:
        """Matches for row pairs of one item; ``score``/``cos`` are indexed by the
        partner's row; ``*_vec`` is the item's own vector (it may not be stacked yet)."""
        partner = seed_rows if need_vec is not None else need_rows
        left = need_vec if need_vec is not None else self.needs.rows(need_rows)
        right = seed_vec if seed_vec is not None else self.seeds.rows(seed_rows)
        ids = shared_term_ids(
            left,
            right,
            need_rows * 0 if need_vec is not None else np.arange(need_rows.size),
            seed_rows * 0 if seed_vec is not None else np.arange(seed_rows.size),
            len(self.weighting.terms),
        )
        nk, sk = self.needs.keys, self.seeds.keys
        return [
            Match(nk[n], sk[s], float(score[p]), t, float(cos[p]))
            for n, s, p, t in zip(
                need_rows.tolist(), seed_rows.tolist(), partner.tolist(), labels_of(ids, self.label_table), strict=True
            )
        ]


def _fitted(
    needs: Sequence[tuple[Key, Any]],
    seeds: Sequence[tuple[Key, Any]],
    rules: CompiledSynonyms,
    skipped: list[tuple[str, Key]],
    vectors: WordVectors | None,
    processes: int,
) -> tuple[Side, Side, Weighting, list[str]]:
    """Both sides' rows, the weighting fitted on them and the terms' labels; the posts
    decoded, prepared and counted in worker processes (see corpus.count_corpus)."""
    counted = count_corpus(needs, seeds, rules, skipped, processes)
    n_needs = len(counted.need_keys)
    weighting, xn, xs = Weighting.fit_counts(counted.title, counted.body, counted.vocab, n_needs, vectors)
    labels = [*labels_of_surfaces(weighting.terms, counted.surfaces), SIMILAR_WORDING]
    return Side(counted.need_keys, xn), Side(counted.seed_keys, xs), weighting, labels


def _vectorised(
    needs: Sequence[tuple[Key, Any]],
    seeds: Sequence[tuple[Key, Any]],
    rules: CompiledSynonyms,
    skipped: list[tuple[str, Key]],
    weighting: Weighting,
) -> tuple[Side, Side, list[str]]:
    """Both sides' rows with a frozen weighting, and the terms' labels."""
    n_keys, n_docs, n_items = prepare(needs, rules, "need", skipped)
    s_keys, s_docs, s_items = prepare(seeds, rules, "seed", skipped)
    xn = weighting.vectorise([_with_single(rules, d) for d in n_docs], "need")
    xs = weighting.vectorise([_with_single(rules, d) for d in s_docs], "seed")
    labels = [*term_labels(weighting.terms, n_items + s_items), SIMILAR_WORDING]
    return Side(n_keys, xn), Side(s_keys, xs), labels


def _with_single(rules: CompiledSynonyms, doc: Terms) -> Terms:
    """Add one-word synonym terms to phrase-level terms (see Weighting.fit)."""
    title, body = ([*part, *(rules.single[t] for t in part if t in rules.single)] for part in doc)
    return title, body


Split = tuple[sp.csr_matrix, np.ndarray]


def _terms_part(shared: tuple[tuple[Split, Split], np.ndarray], part: tuple[np.ndarray, np.ndarray]) -> list[str]:
    """The shared terms of one batch of :meth:`MatchIndex.iter_pair_rows` as JSON arrays
    (labels as explain.json_label_table)."""
    (need_split, seed_split), labels = shared
    need_rows, seed_rows = part
    with gc_paused():
        return terms_json_of(shared_term_ids_chunked(need_split, seed_split, need_rows, seed_rows), labels)


def _explain_part(shared: tuple[Split, Split], rows: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return shared_term_ids_chunked(shared[0], shared[1], rows[0], rows[1])

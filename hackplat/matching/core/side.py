"""One side of a match index (needs or seeds): keys, row vectors, liveness, top-k.

Rows are never reused or moved between rebuilds: an update appends a new row and
marks the old one dead, so row ids held elsewhere stay valid and an incremental
change costs O(one row), not a copy of a 100,000-row matrix. New rows wait in a small
list; products use the main matrix and the new rows separately.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.split import Parts, combine, dense_columns, split_rows

__all__ = ["Key", "Side", "key_ranks", "dense_columns"]

Key = str | int  # keys of one side must be mutually comparable (ties are broken by them)


def key_ranks(keys: Sequence[Key]) -> np.ndarray:
    """Rank of each key in sorted order (ties in scores are broken by it)."""
    try:
        order = sorted(range(len(keys)), key=keys.__getitem__)
    except TypeError:  # mixed key types: fall back to a total order on (type, text)
        order = sorted(range(len(keys)), key=lambda i: (type(keys[i]).__name__, str(keys[i])))
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(keys))
    return ranks


class Side:
    """Keys ↔ rows, vectors, liveness and recorded top-k scores."""

    def __init__(
        self,
        keys: list[Key],
        matrix: sp.csr_matrix,
        alive: np.ndarray | None = None,
        top: np.ndarray | None = None,
    ) -> None:
        self.keys = keys
        self._main = matrix
        self._pending: list[sp.csr_matrix] = []
        self._main_t: sp.csr_matrix | None = None
        self._pending_t: sp.csr_matrix | None = None
        self.alive = np.ones(len(keys), bool) if alive is None else alive
        self.pos = {k: i for i, k in enumerate(keys) if self.alive[i]}
        self.top = top  # (rows × k) best ranking scores against the other side, best first
        self._ranks: np.ndarray | None = None
        self._layout: tuple[int, float | None] | None = None  # see set_layout
        self._split_main: tuple[sp.csr_matrix, Parts, sp.csr_matrix | None] | None = None
        self._split_pending: tuple[int, Parts, sp.csr_matrix | None] | None = None

    # ------------------------------------------------- split scoring (see split.py)
    def set_layout(self, n_terms: int, dense_scale: float | None) -> None:
        """Where the term columns end, and the dense view's scale on this side (α for
        needs, 1 for seeds; None: no dense view)."""
        self._layout = (n_terms, dense_scale)
        self._split_main = self._split_pending = None

    def _split(self, m: sp.csr_matrix) -> Parts:
        n_terms, scale = self._layout if self._layout is not None else (m.shape[1], None)
        return split_rows(m, n_terms, scale)

    def split_parts(self) -> list[tuple[Parts, sp.csr_matrix | None]]:
        """The main rows' parts, then the pending rows' (each with a cached transpose of
        its terms, made on first use by :meth:`dot_rows_split`)."""
        if self._split_main is None or self._split_main[0] is not self._main:
            self._split_main = (self._main, self._split(self._main), None)
        out = [(self._split_main[1], self._split_main[2])]
        if self._pending:
            if self._split_pending is None or self._split_pending[0] != len(self._pending):
                self._split_pending = (len(self._pending), self._split(sp.vstack(self._pending, format="csr")), None)
            out.append((self._split_pending[1], self._split_pending[2]))
        return out

    def all_split(self) -> Parts:
        """Every row's parts (stacks pending rows first, as :meth:`matrix` does)."""
        self.matrix()
        return self.split_parts()[0][0]

    def times_split(self, term_columns: np.ndarray, dense_columns_: np.ndarray) -> np.ndarray:
        """Scores of every row against items given as term columns (terms × items) and
        dense columns (dims × items): as the all-pairs pass computes them."""
        parts = [
            combine(p.terms @ term_columns, p.dense @ dense_columns_ if p.dense.shape[1] else None)
            for p, _ in self.split_parts()
        ]
        return np.vstack(parts) if len(parts) > 1 else parts[0]

    def dot_rows_split(self, left: Parts) -> np.ndarray:
        """Scores of one item (``left``, one row) against every row, (1 × rows): the
        terms summed in ``left``'s order, as :meth:`times_split` sums the other side's."""
        self.split_parts()
        outs = []
        for which in ("_split_main", "_split_pending"):
            cached = getattr(self, which)
            if cached is None or (which == "_split_pending" and not self._pending):
                continue
            key, parts, transposed = cached
            if transposed is None:
                transposed = parts.terms.T.tocsr()
                setattr(self, which, (key, parts, transposed))
            terms = (left.terms @ transposed).toarray().astype(np.float32)
            dense = (parts.dense @ left.dense[0])[None, :] if parts.dense.shape[1] else None
            outs.append(combine(terms, dense))
        return np.hstack(outs) if len(outs) > 1 else outs[0]

    def split_vector(self, vector: sp.csr_matrix) -> Parts:
        """One row of this side's layout (a saved item's vector), split."""
        return self._split(vector)

    def __len__(self) -> int:
        return len(self.pos)

    @property
    def n_rows(self) -> int:
        return len(self.keys)

    def matrix(self) -> sp.csr_matrix:
        """All rows (dead ones included: callers mask with ``alive``)."""
        if self._pending:
            self._main = sp.vstack([self._main, *self._pending], format="csr")
            self._pending, self._main_t, self._pending_t = [], None, None
        return self._main

    def rows(self, ids: np.ndarray) -> sp.csr_matrix:
        """Some rows, without stacking pending rows into the main matrix."""
        main_rows = self._main.shape[0]
        if not self._pending or ids.size == 0 or ids.max() < main_rows:
            return self._main[ids]
        return sp.vstack([self.vector(int(i)) for i in ids], format="csr")

    def vector(self, i: int) -> sp.csr_matrix:
        main_rows = self._main.shape[0]
        return self._main[i] if i < main_rows else self._pending[i - main_rows]

    def times_dense(self, columns: np.ndarray) -> np.ndarray:
        """``rows @ columns`` (rows × columns.shape[1]); each score sums this side's
        terms in row order, the one order used everywhere for a pair's cosine."""
        parts = [self._main @ columns]
        if self._pending:
            parts.append(sp.vstack(self._pending, format="csr") @ columns)
        return np.vstack(parts) if len(parts) > 1 else parts[0]

    def dot_rows(self, left: sp.csr_matrix) -> np.ndarray:
        """``left @ rows.T`` for one-row ``left``, summing ``left``'s terms in order."""
        if self._main_t is None:
            self._main_t = self._main.T.tocsr()
        parts = [(left @ self._main_t).toarray()]
        if self._pending:
            if self._pending_t is None or self._pending_t.shape[1] != len(self._pending):
                self._pending_t = sp.vstack(self._pending, format="csr").T.tocsr()
            parts.append((left @ self._pending_t).toarray())
        return np.hstack(parts) if len(parts) > 1 else parts[0]

    def ranks(self) -> np.ndarray:
        if self._ranks is None or self._ranks.size != self.n_rows:
            self._ranks = key_ranks(self.keys)
        return self._ranks

    def append(self, key: Key, vector: sp.csr_matrix, top_row: np.ndarray | None) -> int:
        """Add a row for ``key`` (whose old row, if any, must be killed first)."""
        i = self.n_rows
        self.keys.append(key)
        self._pending.append(vector)
        self.alive = np.append(self.alive, True)
        self.pos[key] = i
        self._ranks = None
        if self.top is not None and top_row is not None:
            self.top = np.vstack([self.top, top_row[None, :]])
        return i

    def kill(self, key: Key) -> int | None:
        """Mark ``key``'s row dead; returns the row, or None if the key is unknown."""
        i = self.pos.pop(key, None)
        if i is not None:
            self.alive[i] = False
        return i

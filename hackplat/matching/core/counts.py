"""Term counts per field (title, body), for a whole corpus or a few frozen-vocabulary items.

A rebuild counts every token in C (chain, dict.fromkeys, map: ~10× faster than a Python
loop per token) and applies one-word synonym rules to whole columns; a single item
gets the same counts from its terms listed one by one (``CompiledSynonyms.terms``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
import scipy.sparse as sp

__all__ = ["field_counts", "frozen_counts"]

DTYPE = np.float32

Terms = tuple[Sequence[str], Sequence[str]]
Unknown = dict[str, tuple[float, float]]  # term → (title count, body count)


def _matrix(parts: list[list[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    flat = list(chain.from_iterable(parts))
    cols = np.fromiter(map(vocab.__getitem__, flat), np.int64, len(flat))
    rows = np.repeat(np.arange(len(parts)), np.fromiter(map(len, parts), np.int64, len(parts)))
    counts = sp.csr_matrix((np.ones(len(flat), DTYPE), (rows, cols)), shape=(len(parts), len(vocab)))
    counts.sum_duplicates()
    return counts


def _synonym_map(vocab: dict[str, int], expand: Mapping[str, str]) -> sp.csr_matrix:
    """I + E over the words of ``vocab``: each word's count also goes to its synonym
    term's column (``vocab`` gains the synonym terms it lacked)."""
    width = len(vocab)
    pairs = [(vocab[word], term) for word, term in expand.items() if word in vocab]
    for _, term in pairs:
        vocab.setdefault(term, len(vocab))
    src = np.array([w for w, _ in pairs] + list(range(width)), np.int64)
    dst = np.array([vocab[t] for _, t in pairs] + list(range(width)), np.int64)
    return sp.csr_matrix((np.ones(src.size, DTYPE), (src, dst)), shape=(width, len(vocab)))


def field_counts(
    docs: Sequence[Terms], expand: Mapping[str, str]
) -> tuple[sp.csr_matrix, sp.csr_matrix, dict[str, int]]:
    """(title counts, body counts, vocabulary) of a corpus, synonym terms included."""
    titles = [list(d[0]) for d in docs]
    bodies = [list(d[1]) for d in docs]
    vocab = {t: i for i, t in enumerate(dict.fromkeys(chain(chain.from_iterable(titles), chain.from_iterable(bodies))))}
    title, body = _matrix(titles, vocab), _matrix(bodies, vocab)
    mapping = _synonym_map(vocab, expand)
    return sp.csr_matrix(title @ mapping), sp.csr_matrix(body @ mapping), vocab


def frozen_counts(
    docs: Sequence[Terms], vocab: Mapping[str, int]
) -> tuple[sp.csr_matrix, sp.csr_matrix, list[Unknown]]:
    """(title counts, body counts) over a frozen ``vocab``, and per document the counts
    of unknown terms (they still count in lengths and normalisation)."""
    rows: tuple[list[int], list[int]] = ([], [])
    cols: tuple[list[int], list[int]] = ([], [])
    unknown: list[Unknown] = [{} for _ in docs]
    for i, doc in enumerate(docs):
        for field, terms in enumerate(doc):
            for term in terms:
                j = vocab.get(term)
                if j is not None:
                    rows[field].append(i)
                    cols[field].append(j)
                    continue
                t, b = unknown[i].get(term, (0.0, 0.0))
                unknown[i][term] = (t + 1.0, b) if field == 0 else (t, b + 1.0)
    out = []
    for field in (0, 1):
        m = sp.csr_matrix(
            (np.ones(len(rows[field]), DTYPE), (np.asarray(rows[field], np.int64), np.asarray(cols[field], np.int64))),
            shape=(len(docs), len(vocab)),
        )
        m.sum_duplicates()
        out.append(m)
    return out[0], out[1], unknown

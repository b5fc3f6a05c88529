"""Persist a fitted MatchIndex as one versioned artifact: an .npz of plain arrays.

No pickle: ``numpy.load(..., allow_pickle=False)`` only reads numeric arrays, and the
few non-numeric parts (terms, keys, labels, synonyms, metadata) are one UTF-8 JSON
document stored as a byte array. Loading therefore cannot execute code, and every
web worker that loads the same bytes ranks exactly alike. The index does not know
this module: callers save and load through ``index_to_bytes``/``index_from_bytes``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from hackplat.matching.core.analyser import ANALYSER_VERSION
from hackplat.matching.core.bounds import Reference, References
from hackplat.matching.core.dense import DenseModel, joined_rows
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.side import Side
from hackplat.matching.core.split import columns_below, columns_from
from hackplat.matching.core.weighting import Weighting

__all__ = ["FORMAT_VERSION", "ArtifactError", "index_to_bytes", "index_from_bytes", "save", "load"]

FORMAT_VERSION = 4  # 2: BM25F rows (field lengths) and the dense model; 3: no hub values;
# 4: the rows' dense view as dense arrays (format 3 held it as sparse entries: twice the bytes)


class ArtifactError(ValueError):
    """The bytes are not a model this code can load (other format or analyser)."""


def _csr(prefix: str, m: sp.csr_matrix, n_terms: int | None) -> dict[str, np.ndarray]:
    """A row matrix's arrays. With a dense view (``n_terms``: where its columns start)
    the term columns are stored sparse and the dense view as one float32 array (rows ×
    dims): as sparse entries its 300 values per row took twice the bytes (an index per
    value), and both the store and every worker's load handled them one by one."""
    if n_terms is None or m.shape[1] <= n_terms:
        return {f"{prefix}_data": m.data, f"{prefix}_indices": m.indices, f"{prefix}_indptr": m.indptr}
    terms = columns_below(m, n_terms, m.dtype)
    return {
        f"{prefix}_data": terms.data,
        f"{prefix}_indices": terms.indices,
        f"{prefix}_indptr": terms.indptr,
        f"{prefix}_dense": columns_from(m, n_terms).toarray(),
    }


def _side_arrays(prefix: str, side: Side, n_terms: int | None) -> dict[str, np.ndarray]:
    arrays = {**_csr(prefix, side.matrix(), n_terms), f"{prefix}_alive": side.alive}
    if side.top is not None:
        arrays[f"{prefix}_top"] = side.top
    return arrays


def _ref_arrays(prefix: str, ref: Reference, n_terms: int | None) -> dict[str, np.ndarray]:
    return {
        **_csr(prefix, ref.matrix, n_terms),
        f"{prefix}_rows": ref.rows,
        f"{prefix}_live": ref.live,
    }


def index_to_bytes(index: MatchIndex) -> bytes:
    meta = {
        "format": FORMAT_VERSION,
        "analyser": ANALYSER_VERSION,
        "k": index.k,
        "bounds_k": index._bounds_k,
        "n_docs": index.weighting.n_docs,
        "title_weight": index.weighting.title_weight,
        "mean_len": list(index.weighting.mean_len),
        "terms": index.weighting.terms,
        "labels": index.labels,
        "synonyms": index.synonyms,
        "need_keys": index.needs.keys,
        "seed_keys": index.seeds.keys,
        "skipped": [list(s) for s in index.skipped],
    }
    n_terms = len(index.weighting.terms) if index.weighting.dense is not None else None
    arrays = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), np.uint8),
        "idf": index.weighting.idf,
        **_side_arrays("need", index.needs, n_terms),
        **_side_arrays("seed", index.seeds, n_terms),
        **_ref_arrays("refneed", index.model.needs, n_terms),
        **_ref_arrays("refseed", index.model.seeds, n_terms),
    }
    if index.bounds is not None:
        arrays["need_bound"], arrays["seed_bound"] = index.bounds
    dense = index.weighting.dense
    if dense is not None:
        arrays["dense_term_rows"], arrays["dense_table"], arrays["dense_component"] = (
            dense.term_rows,
            dense.table,
            dense.component,
        )
    buf = io.BytesIO()
    np.savez(buf, allow_pickle=False, **arrays)
    return buf.getvalue()


def _matrix(z: Any, prefix: str, width: int) -> sp.csr_matrix:
    """The rows as the index holds them: term columns, then the dense view's (a dense
    array in the file; its zeros are not entries, as ``weighting`` leaves none)."""
    indptr = z[f"{prefix}_indptr"]
    if f"{prefix}_dense" not in z.files:
        return sp.csr_matrix((z[f"{prefix}_data"], z[f"{prefix}_indices"], indptr), shape=(indptr.size - 1, width))
    dense = z[f"{prefix}_dense"]
    n_terms = width - dense.shape[1]
    terms = sp.csr_matrix((z[f"{prefix}_data"], z[f"{prefix}_indices"], indptr), shape=(indptr.size - 1, n_terms))
    return joined_rows(terms, dense)


def _side(z: Any, prefix: str, keys: list[Any], n_terms: int) -> Side:
    top = z[f"{prefix}_top"].copy() if f"{prefix}_top" in z.files else None
    return Side(list(keys), _matrix(z, prefix, n_terms), z[f"{prefix}_alive"].copy(), top)


def _ref(z: Any, prefix: str, n_terms: int) -> Reference:
    return Reference(z[f"{prefix}_rows"].copy(), _matrix(z, prefix, n_terms), z[f"{prefix}_live"].copy())


def _load(data: bytes) -> tuple[Any, dict[str, Any]]:
    try:
        z = np.load(io.BytesIO(data), allow_pickle=False)
        meta = json.loads(z["meta"].tobytes().decode())
    except Exception as exc:  # any unreadable input is the same error
        raise ArtifactError(f"not a match index artifact: {exc}") from exc
    if meta.get("format") != FORMAT_VERSION or meta.get("analyser") != ANALYSER_VERSION:
        raise ArtifactError(
            f"artifact format {meta.get('format')}/analyser {meta.get('analyser')}"
            f", expected {FORMAT_VERSION}/{ANALYSER_VERSION}: rebuild the index"
        )
    return z, meta


def index_from_bytes(data: bytes) -> MatchIndex:
    z, meta = _load(data)
    dense = None
    if "dense_table" in z.files:
        dense = DenseModel(z["dense_term_rows"].copy(), z["dense_table"].copy(), z["dense_component"].copy())
    mean_len = (float(meta["mean_len"][0]), float(meta["mean_len"][1]))
    weighting = Weighting(meta["terms"], z["idf"].copy(), meta["n_docs"], mean_len, dense, meta["title_weight"])
    n_terms = weighting.width
    model = References(_ref(z, "refneed", n_terms), _ref(z, "refseed", n_terms))
    bounds = (z["need_bound"].copy(), z["seed_bound"].copy()) if "need_bound" in z.files else None
    index = MatchIndex(
        weighting,
        meta["synonyms"],
        _side(z, "need", meta["need_keys"], n_terms),
        _side(z, "seed", meta["seed_keys"], n_terms),
        meta["labels"],
        [(s[0], s[1]) for s in meta["skipped"]],
        model,
        bounds,
        meta["k"],
    )
    index._bounds_k = meta["bounds_k"]
    return index


def save(index: MatchIndex, path: str | Path) -> None:
    """Write atomically: a reader never sees a half-written artifact."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(index_to_bytes(index))
    tmp.replace(path)


def load(path: str | Path) -> MatchIndex:
    return index_from_bytes(Path(path).read_bytes())

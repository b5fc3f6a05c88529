"""Japanese word vectors for the matcher's dense view: chiVe, as shipped in ja-ginza.

The only Japanese word vectors installable from the package registry are the chiVe
vectors (Sudachi-based word2vec, Apache-2.0) inside the ``ja-ginza`` wheel (MIT):
20,000 distinct vectors of 300 dimensions for 480,443 words, as a plain ``.npy`` file
(``vocab/vectors``) and a msgpack map word-hash → row (``vocab/key2row``). The wheel is
installed with ``pip install --no-deps`` so that spaCy is not, and only these two files
are read: the wheel's parser and NER models (trained on data licensed for
non-commercial use only) are never loaded.

spaCy keys a word by MurmurHash64A (seed 1) of its UTF-8 bytes; :func:`murmurhash64a`
implements it (tested against keys of the wheel's own table). Reading needs neither
spaCy nor msgpack.
"""

from __future__ import annotations

import importlib.util
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["OFF", "WordVectors", "find_vectors", "load_vectors", "murmurhash64a"]

OFF = frozenset({"off", "none", "0", "false", ""})  # settings that mean "no vectors"
_M = 0xC6A4A7935BD1E995
_MASK = (1 << 64) - 1
_UINT = {0xCC: (1, ">B"), 0xCD: (2, ">H"), 0xCE: (4, ">I"), 0xCF: (8, ">Q")}  # msgpack unsigned ints


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A (Austin Appleby), as spaCy's ``hash_string`` (seed 1)."""
    h = (seed ^ (len(data) * _M)) & _MASK
    end = len(data) - (len(data) & 7)
    for (k,) in struct.iter_unpack("<Q", data[:end]):
        k = (k * _M) & _MASK
        k ^= k >> 47
        h ^= (k * _M) & _MASK
        h = (h * _M) & _MASK
    if end < len(data):
        h ^= int.from_bytes(data[end:], "little")
        h = (h * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    return h ^ (h >> 47)


def _uint(buf: bytes, pos: int) -> tuple[int, int]:
    tag = buf[pos]
    if tag < 0x80:  # positive fixint
        return tag, pos + 1
    width, fmt = _UINT[tag]
    return struct.unpack_from(fmt, buf, pos + 1)[0], pos + 1 + width


def read_key2row(path: Path) -> dict[int, int]:
    """spaCy's ``key2row``: one msgpack map of unsigned ints."""
    buf = path.read_bytes()
    if buf[0] != 0xDF:
        raise ValueError(f"{path}: not a msgpack map32")
    (count,) = struct.unpack_from(">I", buf, 1)
    pos, table = 5, {}
    for _ in range(count):
        key, pos = _uint(buf, pos)
        table[key], pos = _uint(buf, pos)
    return table


@dataclass
class WordVectors:
    """word → vector; :meth:`rows` maps many words at once (-1: no vector)."""

    key2row: dict[int, int]
    vectors: np.ndarray  # rows × 300, float32
    _component: np.ndarray | None = None

    def row(self, word: str) -> int:
        for form in (word, word.upper()):  # the analyser lower-cases: ai → AI
            found = self.key2row.get(murmurhash64a(form.encode("utf-8")))
            if found is not None:
                return found
        return -1

    def rows(self, words: Iterable[str]) -> np.ndarray:
        return np.fromiter((self.row(w) for w in words), np.int64)

    def component(self) -> np.ndarray:
        """First principal component (uncentred) of the table: removed from every post's
        mean vector (see ``dense``). Computed once per process, as the top eigenvector of
        the 300 × 300 Gram matrix (the first right singular vector of the table, up to
        sign, which the removal ignores): ~0.1 s, where a full SVD took 0.5–15 s."""
        if self._component is None:
            table = self.vectors.astype(np.float64)
            self._component = np.linalg.eigh(table.T @ table)[1][:, -1].astype(np.float32)
        return self._component


@cache
def find_vectors() -> Path | None:
    """The ``vocab`` folder of an installed ja-ginza wheel, without importing it
    (its ``__init__`` imports spaCy). Looked for once per process (a wheel installed
    later is imported only by a new process anyway): the look cost every page with
    suggestions ~0.3 ms (#16)."""
    spec = importlib.util.find_spec("ja_ginza")
    if spec is None or not spec.submodule_search_locations:
        return None
    for vocab in sorted(Path(next(iter(spec.submodule_search_locations))).glob("ja_ginza-*/vocab")):
        if (vocab / "vectors").is_file() and (vocab / "key2row").is_file():
            return vocab
    return None


_loaded: dict[Path, WordVectors] = {}


def load_vectors(setting: str | None) -> WordVectors | None:
    """The vectors a setting names: "auto" (the installed wheel, if any), "off" or ""
    (none: the matcher ranks by BM25F alone), or a ``vocab`` folder. Cached per process."""
    if not setting or setting.strip().lower() in OFF:
        return None
    folder = find_vectors() if setting.strip().lower() == "auto" else Path(setting)
    if folder is None:
        return None
    if folder not in _loaded:
        vectors = np.load(folder / "vectors", allow_pickle=False).astype(np.float32, copy=False)
        _loaded[folder] = WordVectors(read_key2row(folder / "key2row"), vectors)
    return _loaded[folder]

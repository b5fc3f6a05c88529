"""The matcher's one setting: which word vectors the dense view uses.

``MATCHER_VECTORS`` in the app's config, else the environment variable
``HACKPLAT_MATCHER_VECTORS``, else "auto": the chiVe vectors of the ja-ginza wheel when
it is installed (``make run``/``make test`` install it; see README, "The matcher"),
"off" to rank by BM25F alone, or the path of a spaCy ``vocab`` folder. Without
vectors the matcher degrades to BM25F alone; the choice is fixed in each fitted
version, so workers never mix the two.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import current_app

from hackplat.matching.core.wordvectors import OFF, WordVectors, find_vectors, load_vectors

__all__ = ["VECTORS_ENV", "vectors_on", "word_vectors"]

VECTORS_ENV = "HACKPLAT_MATCHER_VECTORS"


def _setting() -> str:
    return str(current_app.config.get("MATCHER_VECTORS") or os.environ.get(VECTORS_ENV, "auto")).strip()


def word_vectors() -> WordVectors | None:
    """The vectors the setting names, loaded (None: BM25F alone)."""
    return load_vectors(_setting())


def vectors_on() -> bool:
    """Whether the setting gives the dense view, without loading the vectors (the
    suggestion floors depend on it; a change of setting takes effect at a rebuild)."""
    setting = _setting()
    if setting.lower() in OFF:
        return False
    if setting.lower() == "auto":
        return find_vectors() is not None
    return Path(setting).is_dir()

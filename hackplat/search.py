"""Keyword search over Japanese text.

Text and query are normalised the same way, so that a query typed in half-width
katakana, full-width letters or hiragana finds text written another way:
NFKC (ｶﾀｶﾅ → カタカナ, ＡＩ → AI), lower case, katakana → hiragana, one long-vowel mark
after kana.
Each record keeps its normalised text in a ``search_text`` column, written with the
record; a query matches when every word of it occurs there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, true
from sqlalchemy.orm import QueryableAttribute

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
# A dash or wave written after kana is a long-vowel mark typed another way (デ－タ).
_LONG_VOWELS = re.compile(r"(?<=[ぁ-ゖー])[-‐―−〜～]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.translate(_KATAKANA_TO_HIRAGANA)
    text = _LONG_VOWELS.sub("ー", text)
    return _SPACES.sub(" ", text).strip()


def search_text(*parts: str | None) -> str:
    """The value of a record's ``search_text`` column, from its searchable fields."""
    return normalise(" ".join(part for part in parts if part))


def query_terms(query: str | None, *, limit: int = 8) -> list[str]:
    return normalise(query or "").split(" ")[:limit] if normalise(query or "") else []


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_all(column: ColumnElement[str] | QueryableAttribute[str], terms: Iterable[str]) -> ColumnElement[bool]:
    """A WHERE clause: every term occurs in ``column`` (a normalised search_text)."""
    clauses = [column.like(f"%{_escape_like(term)}%", escape="\\") for term in terms]
    return and_(*clauses) if clauses else true()

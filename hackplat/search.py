"""Keyword search of /needs, /seeds and /knowledge: what the user typed, and the plain
text the substring checks read.

A query is read through the matcher's own analyser (hackplat/matching/search_query.py),
so that it means what the matcher means: スマートフォン finds a post that says スマホ
(the coordinators' synonym table), 子供 finds 子ども and こども (the UniDic lemma), and
the words are looked up in an inverted table of the tokens each post keeps
(hackplat/matching/search_index.py), ranked by the matcher's BM25F. This module holds
the two things that stay plain text:

* ``parse_query``: the words and the quoted phrases ("…" or 「…」) of a query;
* each record's ``search_text`` column (``search_text``): its text normalised so that a
  phrase, or a word the analyser cannot read (ほいくしょ written for 保育所, a name cut
  into odd pieces), is found as a substring: NFKC (ｶﾀｶﾅ → カタカナ, ＡＩ → AI), lower
  case, katakana → hiragana, one long-vowel mark after kana. ``matches_all`` is that
  check; the search uses it on the hits of the index (phrases) and on a bounded window
  of the newest records (the fallback), never over a whole table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, true
from sqlalchemy.orm import QueryableAttribute

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
# A dash or wave written after kana is a long-vowel mark typed another way (デ－タ).
_LONG_VOWELS = re.compile(r"(?<=[ぁ-ゖー])[-‐―−〜～]")
_SPACES = re.compile(r"\s+")
# A phrase: between straight or typographic double quotes, or Japanese corner brackets.
_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')

#: At most this many words and phrases of a query are read (a pasted paragraph is not a query).
MAX_TERMS = 8


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.translate(_KATAKANA_TO_HIRAGANA)
    text = _LONG_VOWELS.sub("ー", text)
    return _SPACES.sub(" ", text).strip()


def search_text(*parts: str | None) -> str:
    """The value of a record's ``search_text`` column, from its searchable fields."""
    return normalise(" ".join(part for part in parts if part))


def query_terms(query: str | None, *, limit: int = MAX_TERMS) -> list[str]:
    """The query's words, normalised, split on any space (quotes are ordinary characters here)."""
    text = normalise(query or "")
    return text.split(" ")[:limit] if text else []


@dataclass(frozen=True)
class ParsedQuery:
    """``words``: the query's unquoted words as typed; ``phrases``: its quoted phrases."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases

    def substrings(self) -> list[str]:
        """Every word and phrase, normalised as ``search_text`` is (for the substring checks)."""
        return [text for text in (normalise(part) for part in (*self.words, *self.phrases)) if text]


def parse_query(query: str | None) -> ParsedQuery:
    """Split a query into its quoted phrases and its other words, at most ``MAX_TERMS``."""
    text = unicodedata.normalize("NFKC", query or "")
    phrases = [next(group for group in match.groups() if group is not None) for match in _PHRASE.finditer(text)]
    phrases = [" ".join(phrase.split()) for phrase in phrases if phrase.strip()]
    words = _PHRASE.sub(" ", text).replace('"', " ").split()
    return ParsedQuery(tuple(words[: max(0, MAX_TERMS - len(phrases))]), tuple(phrases[:MAX_TERMS]))


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_all(column: ColumnElement[str] | QueryableAttribute[str], terms: Iterable[str]) -> ColumnElement[bool]:
    """A WHERE clause: every term occurs in ``column`` (a normalised search_text)."""
    clauses = [column.like(f"%{_escape_like(term)}%", escape="\\") for term in terms]
    return and_(*clauses) if clauses else true()

"""The coordinators' synonym table, read backwards: a query word → every wording of it.

The matcher applies the table to the stored tokens when it fits its index (variant →
one canonical term, core/synonyms.py). The search index keeps the pre-synonym lemmas
(search_index.py), so a query is expanded instead: each word the analyser keeps
becomes a *group* of alternative wordings, any of which an item may hold; a wording is
a sequence of *classes* (the item must hold each), a class the words one-word rules
make equal (ウェブ, web). スマホ → スマートフォン gives the group of スマホ:
[スマホ | スマートフォン] or [スマート] + [フォン] (how the analyser reads
スマートフォン); 子供 also finds 園児 (園児 → 子供).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.synonyms import CompiledSynonyms, compile_synonyms
from hackplat.matching.search_index import indexed
from hackplat.models import Synonym

__all__ = ["Group", "SynonymTable", "groups", "synonym_table"]

Class = tuple[str, ...]  # any of these terms
Wording = tuple[Class, ...]  # every class
Group = tuple[Wording, ...]  # any wording

_analyser = Analyser()


@dataclass
class SynonymTable:
    """``canon``: word → the term its one-word rule gives; ``classes``: term → the words
    giving it (itself included); ``rules``: first canonical token → (canonical token
    sequence, term) of the phrase rules; ``wordings``: term → the phrases giving it."""

    canon: dict[str, str] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=dict)
    rules: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    wordings: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def term(self, word: str) -> str:
        return self.canon.get(word, word)

    def word_class(self, word: str) -> Class:
        term = self.term(word)
        return tuple(sorted(self.classes.get(term, set()) | {term, word}))

    @classmethod
    def of(cls, compiled: CompiledSynonyms) -> SynonymTable:
        table = cls(canon=dict(compiled.single))
        for word, term in compiled.single.items():
            table.classes.setdefault(term, {term}).add(word)
        for rules in compiled.multi.values():
            for seq, term in rules:
                canonical = tuple(table.term(t) for t in seq)
                table.rules.setdefault(canonical[0], []).append((canonical, term))
                content = tuple(table.term(t) for t in indexed(seq))
                if content:
                    table.wordings.setdefault(term, set()).add(content)
        return table


class _Cache:
    """The table per process, compiled again when the table's rows change (a cheap
    fingerprint is read on every search)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key = ""
        self._table = SynonymTable()

    def get(self) -> SynonymTable:
        key = repr(db.session.execute(_FINGERPRINT).one())
        with self._lock:
            if key != self._key:
                rows = dict(db.session.execute(select(Synonym.variant, Synonym.canonical)).all())
                self._table, self._key = SynonymTable.of(compile_synonyms(rows, _analyser.phrase)), key
            return self._table


#: Changes with every edit of the table (rows are only added and deleted; a deleted
#: last id that SQLite gives again comes with a later created_at).
_FINGERPRINT = select(func.count(), func.max(Synonym.id), func.sum(Synonym.id), func.max(Synonym.created_at))


_cache = _Cache()


def synonym_table() -> SynonymTable:
    return _cache.get()


def _longest_rule(table: SynonymTable, tokens: Sequence[str], i: int) -> tuple[tuple[str, ...], str] | None:
    rules = [(seq, term) for seq, term in table.rules.get(tokens[i], []) if tuple(tokens[i : i + len(seq)]) == seq]
    return max(rules, key=lambda rule: len(rule[0]), default=None)


def _wording(table: SynonymTable, terms: Sequence[str]) -> Wording:
    return tuple(table.word_class(t) for t in terms)


def groups(tokens: Sequence[str], table: SynonymTable) -> list[Group]:
    """One group per kept word or synonym phrase of ``tokens`` (the analyser's keys)."""
    canonical = [table.term(t) for t in tokens]
    found: list[Group] = []
    i = 0
    while i < len(canonical):
        rule = _longest_rule(table, canonical, i)
        if rule is not None:
            seq, term = rule
            own, i = indexed(seq), i + len(seq)
            wordings = {tuple(own), (term,)} if own else {(term,)}
        else:
            own, i = indexed(canonical[i : i + 1]), i + 1
            wordings = {tuple(own)} if own else set()
            term = own[0] if own else ""
        wordings |= table.wordings.get(term, set())
        if wordings:
            found.append(tuple(sorted(_wording(table, w) for w in wordings)))
    return found

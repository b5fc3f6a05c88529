"""Synonym table: variant → canonical, applied to stored tokens when an index is fitted.

Stored :class:`~hackplat.matching.core.analyser.Analysed` values hold pre-synonym lemmas,
so a coordinator's edit of the table never makes them stale: the edit takes effect
at the next full rebuild, which compiles the table afresh. Entries may be phrases
(安否確認 → 見守り): both sides are tokenised with the same analyser and matched as
token sequences. Every occurrence of a variant *and* of the canonical wording adds one
index term, spelled like the canonical entry, next to the words themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from hackplat.matching.core.analyser import MARK
from hackplat.matching.core.normalise import normalise

__all__ = ["CompiledSynonyms", "compile_synonyms", "resolve_chains"]

Phrase = tuple[str, ...]


@dataclass
class CompiledSynonyms:
    """Compiled rules. ``single`` maps one content word to its term; ``multi`` maps a
    first token to the (sequence, term) rules that start with it. Every rule fires
    wherever its sequence occurs, independently of the others."""

    single: dict[str, str] = field(default_factory=dict)
    multi: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._firsts = frozenset(self.multi)

    def __len__(self) -> int:
        return len(self.single) + sum(len(v) for v in self.multi.values())

    def phrase_terms(self, tokens: Sequence[str]) -> list[str]:
        """Content words of stored tokens plus the term of every multi-token match.

        Expanding rather than replacing keeps partial matches: 高齢者 adds the term
        高齢者 but keeps 高齢, which still meets a post that wrote 高齢の方."""
        content = [t for t in tokens if t[0] != MARK]
        if not self._firsts or self._firsts.isdisjoint(tokens):
            return content
        present = set(tokens)
        for first in self._firsts.intersection(present):
            for seq, term in self.multi[first]:
                if present.issuperset(seq):
                    content.extend(term for _ in range(_count(tokens, seq)))
        return content

    def terms(self, tokens: Sequence[str]) -> list[str]:
        """All index terms: :meth:`phrase_terms` plus the term of every word that has
        a one-word rule (a rebuild applies the latter to whole columns at once)."""
        base = self.phrase_terms(tokens)
        single = self.single
        return base + [single[t] for t in base if t in single]


def _count(tokens: Sequence[str], seq: Phrase) -> int:
    """Occurrences of ``seq`` in ``tokens`` (``index`` scans in C)."""
    found, i, size, first = 0, -1, len(seq), seq[0]
    while True:
        try:
            i = tokens.index(first, i + 1)
        except ValueError:
            return found
        if size == 1 or tuple(tokens[i : i + size]) == seq:
            found += 1


def resolve_chains(mapping: Mapping[str, str]) -> dict[str, str]:
    """Follow variant → canonical chains (a→b, b→c gives a→c); cycles stop where they loop."""
    norm = {_clean(k): _clean(v) for k, v in mapping.items() if _clean(k) and _clean(v)}
    resolved: dict[str, str] = {}
    for variant in norm:
        seen, target = {variant}, norm[variant]
        while target in norm and target not in seen:
            seen.add(target)
            target = norm[target]
        resolved[variant] = target
    return resolved


def _clean(text: str) -> str:
    return "".join(normalise(text).split())


def compile_synonyms(mapping: Mapping[str, str] | None, phrase: Callable[[str], list[str]]) -> CompiledSynonyms:
    """Compile ``mapping`` with ``phrase`` (the analyser's phrase tokeniser).

    Entries whose variant has no word (only particles or symbols) cannot be matched
    and are listed in ``rejected`` with the reason, for the editing UI.
    """
    if not mapping:
        return CompiledSynonyms()
    table: dict[Phrase, str] = {}
    rejected: list[tuple[str, str]] = []
    resolved = resolve_chains(mapping)
    terms = {target: _term(target, phrase) for target in set(resolved.values())}
    for original in sorted(mapping):
        variant = _clean(original)
        seq = tuple(phrase(variant)) if variant in resolved else ()
        if not seq:
            rejected.append((original, "no word to match"))
        elif seq != (terms[resolved[variant]],):
            table.setdefault(seq, terms[resolved[variant]])
    # The canonical wording itself also gets the term, so that スマートフォン (two
    # tokens) and スマホ meet in one column.
    for target, term in sorted(terms.items()):
        seq = tuple(phrase(target))
        if seq and seq != (term,):
            table.setdefault(seq, term)
    return _group(table, rejected)


def _term(target: str, phrase: Callable[[str], list[str]]) -> str:
    """The index term of a canonical entry: its own word when it is one content word
    (ごみ → 塵, as UniDic writes it, so no second column appears), else the entry."""
    seq = phrase(target)
    return seq[0] if len(seq) == 1 and seq[0][0] != MARK else target


def _group(table: Mapping[Phrase, str], rejected: list[tuple[str, str]]) -> CompiledSynonyms:
    single: dict[str, str] = {}
    multi: dict[str, list[tuple[Phrase, str]]] = {}
    for seq, term in sorted(table.items()):
        if len(seq) == 1 and seq[0][0] != MARK:
            single[seq[0]] = term
        else:
            multi.setdefault(seq[0], []).append((seq, term))
    return CompiledSynonyms(single, multi, rejected)

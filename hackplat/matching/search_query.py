"""Reading a query through the matcher's analyser and ranking a list by it (BM25F).

A query becomes *groups*, one per word the analyser keeps (or per synonym-table phrase
it contains); an item matches when it matches every group, and a group is matched by
any of its *alternatives*, each a set of terms the item must all hold. The alternatives
of a word are the word itself and every wording the synonym table maps to the same
term (スマホ: スマホ, or スマート + フォン, which the analyser makes of スマートフォン;
子供 also finds 園児). The table is applied here, to the query, because the stored
terms are pre-synonym lemmas (search_index.py): an edit is in force at the next search.

The score is the matcher's BM25F: ``Σ idf(term) · weight(term, item)`` over the query's
terms that the item holds, idf from the index's counts at query time. Quoted phrases
match as their words do, and their text must also occur in the item (a substring check
on the hits only). A query the index finds nothing for (a word the analyser cannot read,
a name cut into odd pieces, text written in kana another way) falls back to the
substring check on a bounded window of the newest items (``FALLBACK_WINDOW``), never
on a whole table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from hackplat.extensions import db
from hackplat.matching.core.analyser import Analyser
from hackplat.matching.search_synonyms import Group, groups, synonym_table
from hackplat.models.search import SearchDocument, SearchTerm
from hackplat.search import matches_all, normalise, parse_query

__all__ = ["FALLBACK_WINDOW", "Plan", "keyword_search", "plan"]

#: The substring fallback reads at most this many of the newest items of a kind.
FALLBACK_WINDOW = 2_000

_analyser = Analyser()


@dataclass(frozen=True)
class Plan:
    """``groups``: what the index must find; ``phrases``: text each hit must contain;
    ``substrings``: the fallback's words and phrases (normalised as search_text)."""

    groups: tuple[Group, ...]
    phrases: tuple[str, ...]
    substrings: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        return sorted({term for group in self.groups for wording in group for cls in wording for term in cls})


def plan(query: str | None) -> Plan:
    parsed = parse_query(query)
    table = synonym_table()
    found = [group for part in (*parsed.words, *parsed.phrases) for group in groups(_analyser.phrase(part), table)]
    unique = tuple(dict.fromkeys(found))
    phrases = tuple(text for text in (normalise(p) for p in parsed.phrases) if text)
    return Plan(unique, phrases, tuple(parsed.substrings()))


def _counts(kind: str, terms: list[str]) -> tuple[int, dict[str, int]]:
    """The kind's number of indexed items, and each term's document frequency (one query)."""
    df = (
        select(SearchTerm.term, func.count())
        .where(SearchTerm.kind == kind, SearchTerm.term.in_(terms))
        .group_by(SearchTerm.term)
    )
    n = select(literal("", String), func.count()).where(SearchDocument.kind == kind)
    counts = {term: count for term, count in db.session.execute(union_all(df, n))}
    return counts.pop("", 0), counts


def _matchable(group: Group, df: dict[str, int]) -> bool:
    """Whether some wording of ``group`` has each of its classes in the index at all."""
    return any(all(any(df.get(t) for t in cls) for cls in wording) for wording in group)


def _scores(kind: str, the_plan: Plan, n: int, df: dict[str, int]) -> Any:
    """A subquery (item_id, score) of the items that match every group; BM25's idf,
    ``ln(1 + (N − df + 0.5) / (df + 0.5))``, from the index's counts."""
    terms = [t for t in the_plan.terms if df.get(t)]
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
    holds = {term: func.max(case((SearchTerm.term == term, 1), else_=0)) == 1 for term in terms}
    every_group = [
        or_(*(
            and_(*(or_(*(holds[t] for t in cls if t in holds)) for cls in wording))
            for wording in group if all(any(t in holds for t in cls) for cls in wording)
        ))
        for group in the_plan.groups
    ]  # fmt: skip
    score = func.sum(SearchTerm.weight * case(*((SearchTerm.term == t, idf[t]) for t in terms), else_=0.0))
    # Grouped by item_id + 0, not item_id: else SQLite walks the (kind, item_id) index
    # for its order, reading every row of the kind, instead of the term ranges.
    item_id = (SearchTerm.item_id + 0).label("item_id")
    return (
        select(item_id, score.label("score"))
        .where(SearchTerm.kind == kind, SearchTerm.term.in_(terms))
        .group_by(item_id)
        .having(and_(*every_group))
        .subquery("search_scores")
    )


def keyword_search(
    query: Select[Any],
    kind: str,
    keywords: str | None,
    *,
    id_column: InstrumentedAttribute[int],
    text_column: InstrumentedAttribute[str],
    ranked: bool = True,
) -> Select[Any]:
    """``query`` (a list with its filters, not yet ordered) narrowed to the items that
    match ``keywords``, best first (``ranked``: the score becomes the first sort key;
    the caller's own order breaks ties). No keywords: ``query`` unchanged."""
    the_plan = plan(keywords)
    if not the_plan.groups and not the_plan.substrings:
        return query
    near = _substring_ids(id_column, text_column, the_plan.substrings)
    if the_plan.groups:
        n, df = _counts(kind, the_plan.terms)
        if all(_matchable(group, df) for group in the_plan.groups):
            found = _found(_scores(kind, the_plan, n, df), near)
            hits = query.join(found, found.c.item_id == id_column).where(matches_all(text_column, the_plan.phrases))
            return hits.order_by(found.c.score.desc()) if ranked else hits
    return query.where(id_column.in_(near))


def _found(scores: Any, near: Select[Any]) -> Any:
    """(item_id, score) of the index's hits and the substring hits (score 0), each item
    once: a small table the list is joined to (read first, then the rows by their key)."""
    both = union_all(select(scores.c.item_id, scores.c.score), near.add_columns(literal(0.0))).subquery()
    return select(both.c.item_id, func.max(both.c.score).label("score")).group_by(both.c.item_id).subquery("found")


def _substring_ids(
    id_column: InstrumentedAttribute[int], text_column: InstrumentedAttribute[str], substrings: Sequence[str]
) -> Select[Any]:
    """:func:`_substring_hits` read once, here, as a list of ids the query selects: a list
    page runs its query twice (the count, then the page), and the window's substring scan
    was most of each run (~9 of ~14 ms at 10,000 needs on SQLite)."""
    ids = db.session.scalars(_substring_hits(id_column, text_column, substrings)).all() if substrings else []
    return select(id_column).where(id_column.in_(ids)).correlate(None)


def _substring_hits(
    id_column: InstrumentedAttribute[int], text_column: InstrumentedAttribute[str], substrings: Sequence[str]
) -> Select[Any]:
    """Ids of the newest ``FALLBACK_WINDOW`` items whose text holds every substring:
    what the analyser reads differently in the query and in the text (ほいくしょ for
    保育所, a word MeCab cuts otherwise in another sentence) is still found there."""
    window = select(id_column).order_by(id_column.desc()).limit(FALLBACK_WINDOW).correlate(None)
    return select(id_column).where(id_column.in_(window), matches_all(text_column, substrings)).correlate(None)

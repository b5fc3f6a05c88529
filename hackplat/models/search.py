"""The keyword search's index: the analyser's stored tokens as an inverted table.

``search_terms`` holds one row per (kind, term, item): ``kind`` is "need", "seed",
"case" or "lesson" (a pilot's internal lesson), ``term`` a content-word lemma (or a
number, marked as the analyser marks it), and ``weight`` the term's saturated BM25F
frequency in the item, so that a query's score is ``Σ idf(term) · weight`` over its
terms (see hackplat/matching/search_query.py). The
primary key (kind, term, item_id) is the index a query reads, the weight with it (SQLite:
a WITHOUT ROWID table, the rows in the key's b-tree; PostgreSQL: the key's index INCLUDEs
the weight, migration 0032, so a query reads the index alone); (kind, item_id) serves
rewriting one item's rows when it is saved.

``search_documents`` holds one row per indexed item: its field lengths (the mean of
which normalises the weights) and the analyser version its terms came from, so that a
change of analyser is followed (hackplat/matching/search_index.py).

``search_totals`` holds one row per kind: its indexed items and the sums of their field
lengths, kept by the index's writer in the same transaction (and counted afresh by the
catch-up job), so that a search's idf and a save's mean lengths need not count 100,000
rows (7.5 ms on PostgreSQL, a search's first read after a write; migration 0034).

``search_term_counts`` holds one row per (kind, term): the items holding the term (its
document frequency, for the idf), kept by the same writer in the same transaction, so
that the first search after a write need not count a frequent term's postings (スマート:
17,000 of 100,000 seeds, ~3 ms a term on PostgreSQL; migration 0035); a term no item holds
any more has no row. The catch-up counts a kind afresh when it re-indexed some of it (rows
had been written past the writer).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Index, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from hackplat.models.base import Base

#: A term longer than this is cut (a synonym phrase or an odd run of letters).
TERM_MAX = 100


class SearchTerm(Base):
    __tablename__ = "search_terms"
    __table_args__ = (
        PrimaryKeyConstraint("kind", "term", "item_id", postgresql_include=["weight"]),
        Index("ix_search_terms_kind_item_id", "kind", "item_id"),
        {"sqlite_with_rowid": False},  # the rows live in the primary key's b-tree: one read per hit
    )

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    term: Mapped[str] = mapped_column(String(TERM_MAX), primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    weight: Mapped[float] = mapped_column(Float)


class SearchDocument(Base):
    __tablename__ = "search_documents"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title_length: Mapped[int] = mapped_column(Integer)
    body_length: Mapped[int] = mapped_column(Integer)
    analyser_version: Mapped[int] = mapped_column(Integer)


class SearchTotal(Base):
    __tablename__ = "search_totals"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)
    title_length: Mapped[int] = mapped_column(BigInteger)
    body_length: Mapped[int] = mapped_column(BigInteger)


class SearchTermCount(Base):
    __tablename__ = "search_term_counts"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    term: Mapped[str] = mapped_column(String(TERM_MAX), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)

"""Before a request is saved: the published needs and the open requests of other
departments that say much the same (「西区から同じような依頼が出ています」).

The typed text is read by the matcher's analyser and scored against the search index
(hackplat/matching/search_index.py, where needs and support requests are indexed) by the
matcher's BM25F, ``Σ idf(term) · weight(term, item)`` over the text's terms. Unlike the
keyword search, an item need not hold every term: a request is a few sentences, not a
query. What keeps unrelated text out is a floor on ``similarity``: the score divided by
the score of an item that held every term of the text once at an average length (terms
the index has never seen count with the highest idf, so a text about something else
scores low), and at least ``MIN_SHARED`` shared terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select

from hackplat.extensions import db
from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.weighting import K1, bm25_idf
from hackplat.matching.search_index import indexed
from hackplat.matching.search_query import document_counts
from hackplat.models import Need, NeedStatus
from hackplat.models.search import SearchTerm
from hackplat.models.support import OPEN_STATUSES, SupportRequest, SupportRequestJoin

#: Below this share of the text's possible score an item is not shown as similar. On the
#: demo's 47 needs 0.2 let 「公園の草刈り」 find a nursery need (shared 多い, 間に合う);
#: the needs on the same problem scored 0.4–0.6, a copied request 1.0.
FLOOR = 0.3
#: An item must share at least this many distinct terms with the text.
MIN_SHARED = 2
#: How many of each kind are shown.
SHOWN = 5

_analyser = Analyser()


@dataclass(frozen=True)
class Similar:
    item: Any  # a Need or a SupportRequest
    similarity: float  # 0–1 (see the module's docstring)


def terms_of(title: str, body: str) -> list[str]:
    analysed = _analyser.analyse(title, body)
    return sorted(set(indexed([*analysed.title, *analysed.body])))


def _idf(kind: str, terms: list[str]) -> dict[str, float]:
    n, df = document_counts(kind, terms)  # the keyword search's counts, kept as its are
    return {t: float(bm25_idf(n, df.get(t, 0))) for t in terms}


def _scored(kind: str, terms: list[str], candidates: Select[Any]) -> list[tuple[int, float]]:
    """(item id, similarity) of the candidates (a select of ids) above the floor, best first."""
    if not terms:
        return []
    idf = _idf(kind, terms)
    ideal = sum(idf.values()) / (K1 + 1) or 1.0
    weighted = func.sum(SearchTerm.weight * _idf_case(idf))
    query = (
        select(SearchTerm.item_id, weighted, func.count())
        .where(SearchTerm.kind == kind, SearchTerm.term.in_(terms), SearchTerm.item_id.in_(candidates))
        .group_by(SearchTerm.item_id)
    )
    scored = [
        (item_id, min(1.0, score / ideal))
        for item_id, score, shared in db.session.execute(query)
        if shared >= MIN_SHARED
    ]
    return sorted((s for s in scored if s[1] >= FLOOR), key=lambda s: (-s[1], -s[0]))[:SHOWN]


def _idf_case(idf: dict[str, float]) -> Any:
    return case(*((SearchTerm.term == term, value) for term, value in idf.items()), else_=0.0)


def _load(model: type[Any], scored: list[tuple[int, float]]) -> list[Similar]:
    rows = {row.id: row for row in db.session.scalars(select(model).where(model.id.in_([i for i, _ in scored])))}
    return [Similar(rows[i], round(score, 2)) for i, score in scored if i in rows]


def similar_requests(title: str, body: str, *, department_id: int | None) -> list[Similar]:
    """Open requests of other departments (and not already joined by this one)."""
    joined = select(SupportRequestJoin.request_id).where(SupportRequestJoin.department_id == department_id)
    candidates = select(SupportRequest.id).where(
        SupportRequest.status.in_(OPEN_STATUSES),
        SupportRequest.department_id != department_id,
        SupportRequest.id.not_in(joined),
    )
    return _load(SupportRequest, _scored("support", terms_of(title, body), candidates))


def similar_needs(title: str, body: str) -> list[Similar]:
    """Published needs (of any department) that say much the same."""
    candidates = select(Need.id).where(Need.status != NeedStatus.DRAFT, Need.published_at.is_not(None))
    return _load(Need, _scored("need", terms_of(title, body), candidates))

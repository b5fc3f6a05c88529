"""Reading the ranking: seeds suggested for a need, needs recommended to an organisation,
and the coordinators' feedback on suggestions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import contains_eager

from hackplat import audit
from hackplat.extensions import db
from hackplat.listing import Kept, database_key
from hackplat.matching.rerank import services as reranker
from hackplat.matching.settings import vectors_on
from hackplat.matching.store.live import active_version_id
from hackplat.models import FeedbackKind, MatchPair, Need, Organisation, Seed, SuggestionFeedback, User
from hackplat.needs.calls import takes_proposals
from hackplat.permissions import can_give_match_feedback, can_see_suggestions, require, visible_seeds

#: The floors: below them a pair shares only a stray common word or two (or only generic
#: wording) and is not suggested. Chosen on both sets (dev / LocalgovFAQ even half) by
#: one rule: the highest floor that costs neither set more than 0.01 Recall@10 (each
#: need's top 10). With the dense view (Recall@10 without a floor 0.878 / 0.683): 0.05
#: 0.878 / 0.680, 0.08 0.878 / 0.676 (drops 0.15 pairs a need from LocalgovFAQ's top
#: 10), 0.10 0.878 / 0.672 (two LocalgovFAQ questions then get no suggestion), 0.12
#: 0.842 / 0.672. BM25F alone scores lower (no α · cosine added; 0.853 / 0.645 without
#: a floor): 0.02 keeps both, 0.03 costs dev 0.011, 0.04 0.017.
MIN_SIMILARITY = 0.08
MIN_SIMILARITY_BM25F = 0.02


def min_similarity() -> float:
    """The floor for the ranking in use (with the dense view or BM25F alone)."""
    return MIN_SIMILARITY if vectors_on() else MIN_SIMILARITY_BM25F


@dataclass(frozen=True)
class Suggestion:
    need: Need
    seed: Seed
    similarity: float
    shared_terms: list[str]
    learnt: bool = False  # ordered by the feedback re-ranker (matching/rerank), not by the score


def _not_dismissed() -> ColumnElement[bool]:
    dismissed = select(SuggestionFeedback.id).where(
        SuggestionFeedback.need_id == MatchPair.need_id,
        SuggestionFeedback.seed_id == MatchPair.seed_id,
        SuggestionFeedback.kind == FeedbackKind.NOT_RELEVANT,
    )
    return ~exists(dismissed)


#: (database) → (the active ranking's version, whether a re-ranker is in use), for the
#: content's version: two statements fewer on every page with suggestions while no
#: re-ranker is in use (one in use reads itself and the version again to re-rank; #16).
_IN_USE: Kept[tuple[int | None, bool]] = Kept(8)


def _ranking_in_use() -> tuple[int | None, bool]:
    return _IN_USE.fetch(
        (database_key(), "ranking in use", ""), lambda: (active_version_id(), reranker.in_use() is not None)
    )


def seeds_for_need(need: Need, *, viewer: User, limit: int = 10) -> list[Suggestion]:
    """The best seeds for ``need``: public ones for staff, private ones too for the office."""
    require(can_see_suggestions(viewer, need))
    version_id, learning = _ranking_in_use()
    if version_id is None:
        return []
    query = (
        select(MatchPair, Seed)
        .join(Seed, Seed.id == MatchPair.seed_id)
        .where(MatchPair.version_id == version_id, MatchPair.need_id == need.id, _not_dismissed())
        .where(MatchPair.similarity >= min_similarity(), visible_seeds(viewer))
        .options(contains_eager(Seed.organisation))  # the panels name each seed's organisation
        .join(Organisation, Organisation.id == Seed.organisation_id)
        .order_by(MatchPair.score.desc(), MatchPair.seed_id)
        .limit(max(limit, reranker.DEPTH) if learning else limit)
    )
    found = [Suggestion(need, seed, pair.similarity, pair.shared_terms) for pair, seed in db.session.execute(query)]
    if not learning:
        return found
    ordered, learnt = reranker.rerank(found, limit)
    return [replace(s, learnt=True) for s in ordered] if learnt else ordered


#: Needs asked at once whether they take proposals, per need recommended: the best pairs
#: are ranked from the scores alone, then their needs checked a batch at a time (85 % of
#: needs take proposals: one batch as a rule).
CANDIDATE_FACTOR = 4


def _ranked_pairs(version_id: int, organisation: Organisation, leaving_out: Collection[int]) -> list[tuple[int, int]]:
    """The (need, seed) pairs to recommend: each need's best pair among the organisation's
    seeds (the highest score, then the lowest seed id), the best first (then by need id),
    from the scores alone (an index each way: seeds by organisation, pairs by version and
    seed; a few hundred rows), less the needs ``leaving_out``. Whether a need still takes
    proposals is asked of the few read afterwards: joining every pair's need here read a
    need row per pair (1,057 for the busiest organisation, 4 of 5 ms on PostgreSQL)."""
    own_seeds = select(Seed.id).where(Seed.organisation_id == organisation.id)
    scores = select(MatchPair.need_id, MatchPair.seed_id, MatchPair.score).where(
        MatchPair.version_id == version_id, MatchPair.seed_id.in_(own_seeds),
        MatchPair.similarity >= min_similarity(), _not_dismissed(),
    )  # fmt: skip
    best: dict[int, tuple[float, int]] = {}
    for need_id, seed_id, score in db.session.execute(scores):
        if need_id in leaving_out:
            continue
        kept = best.get(need_id)
        if kept is None or (score, -seed_id) > (kept[0], -kept[1]):
            best[need_id] = (score, seed_id)
    ranked = sorted((-score, need_id, seed_id) for need_id, (score, seed_id) in best.items())
    return [(need_id, seed_id) for _, need_id, seed_id in ranked]


def _taking_proposals(keys: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """The first ``limit`` of the ranked ``keys`` whose need still takes proposals, asked a
    batch of needs at a time (their ids alone)."""
    chosen: list[tuple[int, int]] = []
    batch = limit * CANDIDATE_FACTOR
    for start in range(0, len(keys), batch):
        candidates = keys[start : start + batch]
        taking = set(
            db.session.scalars(select(Need.id).where(Need.id.in_([need for need, _ in candidates]), takes_proposals()))
        )
        chosen += [key for key in candidates if key[0] in taking][: limit - len(chosen)]
        if len(chosen) == limit:
            break
    return chosen


def needs_for_organisation(
    organisation: Organisation, *, limit: int = 10, leaving_out: Collection[int] = ()
) -> list[Suggestion]:
    """Open needs that the organisation's seeds could solve, best first, each once
    (a pair the programme office called not relevant is left out here too, and so are
    the needs whose ids are in ``leaving_out``).

    Light statements: the scores of the organisation's pairs (``_ranked_pairs``), which
    of the best needs take proposals (``_taking_proposals``), then the chosen pairs with
    their needs and seeds. One window over the version's pairs walked all of them in need
    order at 2 million pairs (8 s on SQLite, issue 16)."""
    version_id = active_version_id()
    if version_id is None or limit <= 0:
        return []
    chosen = _taking_proposals(_ranked_pairs(version_id, organisation, set(leaving_out)), limit)
    if not chosen:
        return []
    rows = db.session.execute(
        select(MatchPair, Need, Seed)
        .join(Need, Need.id == MatchPair.need_id)
        .join(Seed, Seed.id == MatchPair.seed_id)
        .where(MatchPair.version_id == version_id, MatchPair.need_id.in_([need for need, _ in chosen]),
               MatchPair.seed_id.in_(sorted({seed for _, seed in chosen})))
    )  # fmt: skip
    found = {(pair.need_id, pair.seed_id): (pair, need, seed) for pair, need, seed in rows}
    return [
        Suggestion(need, seed, pair.similarity, pair.shared_terms)
        for pair, need, seed in (found[key] for key in chosen if key in found)
    ]


def give_feedback(need: Need, seed: Seed, kind: FeedbackKind, *, actor: User) -> SuggestionFeedback:
    """Mark a suggested pair as not relevant (not suggested again) or as an invitation
    (for the need's working group); giving the same word twice changes nothing."""
    require(can_give_match_feedback(actor))
    found = db.session.scalar(
        select(SuggestionFeedback).where(SuggestionFeedback.need_id == need.id,
                                         SuggestionFeedback.seed_id == seed.id, SuggestionFeedback.kind == kind)
    )  # fmt: skip
    if found is not None:
        return found
    feedback = SuggestionFeedback(need_id=need.id, seed_id=seed.id, kind=kind, user_id=actor.id)
    db.session.add(feedback)
    db.session.flush()
    audit.record(f"match.{kind.value}", "need", need.id, actor=actor, detail={"seed_id": seed.id})
    return feedback


def invited_seed_ids(need: Need) -> set[int]:
    query = select(SuggestionFeedback.seed_id).where(
        SuggestionFeedback.need_id == need.id, SuggestionFeedback.kind == FeedbackKind.INVITE
    )
    return set(db.session.scalars(query))

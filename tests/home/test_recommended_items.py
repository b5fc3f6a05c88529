"""The member home's recommended needs (hackplat/matching/suggestions.needs_for_organisation,
read from the pairs of the organisation's seeds): each open need once, with its best
seed, the best first; not the needs the organisation proposed to, closed calls, pairs
marked not relevant, other organisations' seeds or another version's pairs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from hackplat.extensions import db
from hackplat.home import items
from hackplat.matching.suggestions import CANDIDATE_FACTOR, needs_for_organisation
from hackplat.models import (
    FeedbackKind,
    MatchPair,
    MatchVersion,
    MatchVersionStatus,
    NeedStatus,
    ProposalStatus,
    Role,
    SuggestionFeedback,
)


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


def test_each_open_need_once_with_its_best_seed_the_best_first(
    make_user, make_organisation, make_seed, make_need, make_proposal
) -> None:
    ours, theirs = make_organisation(name="株式会社エックス"), make_organisation(name="ワイ合同会社")
    member = make_user(Role.MEMBER, organisation=ours)
    first, second = make_seed(organisation=ours, title="シーズ甲"), make_seed(organisation=ours, title="シーズ乙")
    other = make_seed(organisation=theirs, title="他社のシーズ")
    need = {name: make_need(title=name) for name in ("二つに合う", "同点", "他社と", "提案済み", "却下", "低い")}
    closed = make_need(title="終了", status=NeedStatus.CLOSED)
    make_proposal(need["提案済み"], ours, ProposalStatus.SUBMITTED)
    old = MatchVersion(status=MatchVersionStatus.RETIRED)
    active = MatchVersion(status=MatchVersionStatus.ACTIVE)
    db.session.add_all([old, active])
    db.session.flush()

    def pair(version, need_, seed, score) -> MatchPair:
        return MatchPair(version_id=version.id, need_id=need_.id, seed_id=seed.id, score=score, similarity=0.5,
                         shared_terms=["申請"])  # fmt: skip

    db.session.add_all([
        pair(active, need["二つに合う"], first, 1.0), pair(active, need["二つに合う"], second, 3.0),
        pair(active, need["同点"], second, 2.0), pair(active, need["同点"], first, 2.0),  # the lower seed id
        pair(active, need["他社と"], other, 9.0), pair(active, need["他社と"], first, 0.5),
        pair(active, need["提案済み"], first, 5.0), pair(active, closed, first, 10.0),
        pair(active, need["却下"], first, 8.0), pair(active, need["低い"], second, 0.2),
        pair(old, need["低い"], first, 50.0),  # a retired version's pair counts for nothing
    ])  # fmt: skip
    db.session.add(SuggestionFeedback(need_id=need["却下"].id, seed_id=first.id, kind=FeedbackKind.NOT_RELEVANT))
    db.session.commit()

    [section] = [s for s in items.sections(member) if s.key == "member.recommended"]

    assert [(e.label, e.note) for e in section.entries] == [
        ("二つに合う", "シーズ「シーズ乙」"),
        ("同点", "シーズ「シーズ甲」"),
        ("他社と", "シーズ「シーズ甲」"),
        ("低い", "シーズ「シーズ乙」"),
    ]
    assert section.count == 4
    top = needs_for_organisation(ours, limit=2)  # the proposed need too, for others than the home
    assert [(s.need.title, s.seed.title, s.similarity) for s in top] == [("提案済み", "シーズ甲", 0.5),
                                                                         ("二つに合う", "シーズ乙", 0.5)]  # fmt: skip
    assert [s.need.title for s in needs_for_organisation(theirs)] == ["他社と"]
    assert needs_for_organisation(ours, limit=0) == []


def test_needs_past_the_first_batch_are_found_when_the_best_are_closed(make_organisation, make_seed, make_need) -> None:
    """The best needs are asked whether they take proposals a batch at a time (limit ×
    CANDIDATE_FACTOR); a batch of closed calls only leads to the next one, in order."""
    ours = make_organisation(name="株式会社エックス")
    seed = make_seed(organisation=ours, title="シーズ甲")
    limit = 2
    closed = [make_need(title=f"終了{i}", status=NeedStatus.CLOSED) for i in range(limit * CANDIDATE_FACTOR + 1)]
    open_needs = [make_need(title=title) for title in ("募集中A", "募集中B", "募集中C")]
    active = MatchVersion(status=MatchVersionStatus.ACTIVE)
    db.session.add(active)
    db.session.flush()
    scored = [(need, 100.0 - i) for i, need in enumerate(closed)] + list(zip(open_needs, (3.0, 2.0, 1.0), strict=True))
    db.session.add_all(
        MatchPair(version_id=active.id, need_id=need.id, seed_id=seed.id, score=score, similarity=0.5, shared_terms=[])
        for need, score in scored
    )
    db.session.commit()

    assert [s.need.title for s in needs_for_organisation(ours, limit=limit)] == ["募集中A", "募集中B"]
    assert [s.need.title for s in needs_for_organisation(ours, limit=5)] == ["募集中A", "募集中B", "募集中C"]

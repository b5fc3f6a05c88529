"""The feedback re-ranker in the app: trained by a job on coordinators' feedback and
chosen proposals, switched on only when it beats the blend on held-out needs, shown on
the matcher page, re-ordering a need's suggestions, switched off and on by a
coordinator (audited), and refused with fewer than 200 judged pairs."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.matching import store
from hackplat.matching.rerank import services
from hackplat.matching.rerank.features import labelled_pairs
from hackplat.matching.suggestions import seeds_for_need
from hackplat.models import AuditRecord, FeedbackKind, Job, MatchReranker, ProposalStatus, Role, SuggestionFeedback

WORDS = ["申請", "窓口", "手続き", "オンライン", "予約", "相談", "子育て", "高齢者", "防災", "地図", "通知", "書類"]
NEEDS, SEEDS = 24, 12


@pytest.fixture
def world(themes, make_department, make_organisation, make_need, make_seed):
    """24 needs and 12 seeds in two themes, each text a random mix of the same words
    (so the blend's order says nothing about the theme)."""
    rng = random.Random(5)
    departments = [make_department(f"局{n}") for n in range(3)]
    text = lambda: "、".join(rng.sample(WORDS, 5)) + "を改善したい。"  # noqa: E731
    needs = [
        make_need(department=departments[n % 3], theme=themes[n % 2], title=text(), background=text(), problem=text())
        for n in range(NEEDS)
    ]
    organisations = [make_organisation(f"会社{n}") for n in range(4)]
    seeds = [
        make_seed(organisation=organisations[n % 4], theme_id=themes[n % 2].id, title=text(), summary=text(),
                  description=text())
        for n in range(SEEDS)
    ]  # fmt: skip
    store.rebuild()
    return needs, seeds


def judge(needs, seeds, coordinator, limit: int | None = None) -> int:
    """Coordinators invite the seeds of the need's theme and dismiss the others."""
    rows = [
        SuggestionFeedback(need_id=n.id, seed_id=s.id, user_id=coordinator.id,
                           kind=FeedbackKind.INVITE if n.theme_id == s.theme_id else FeedbackKind.NOT_RELEVANT)
        for n in needs for s in seeds
    ][:limit]  # fmt: skip
    db.session.add_all(rows)
    db.session.commit()
    return len(rows)


def audits(action: str) -> list[AuditRecord]:
    return list(db.session.scalars(select(AuditRecord).where(AuditRecord.action == action)))


def test_labels_are_feedback_and_chosen_proposals(world, make_user, make_proposal) -> None:
    needs, seeds = world
    coordinator = make_user(Role.COORDINATOR)
    judge(needs[:1], seeds[:2], coordinator)
    chosen = make_proposal(needs[1], seeds[3].organisation, status=ProposalStatus.SHORTLISTED, seed_id=seeds[3].id)
    make_proposal(needs[2], seeds[4].organisation, status=ProposalStatus.SUBMITTED, seed_id=seeds[4].id)
    labels = labelled_pairs()
    assert labels == {
        (needs[0].id, seeds[0].id): int(needs[0].theme_id == seeds[0].theme_id),
        (needs[0].id, seeds[1].id): int(needs[0].theme_id == seeds[1].theme_id),
        (chosen.need_id, seeds[3].id): 1,
    }


def test_trained_on_enough_feedback_it_is_switched_on_and_puts_the_wanted_seeds_first(
    client, login, world, make_user
) -> None:
    needs, seeds = world
    coordinator = make_user(Role.COORDINATOR)
    need = needs[0]  # not judged: its dismissed pairs would not be suggested at all
    assert judge(needs[1:], seeds, coordinator) >= 200
    before = seeds_for_need(need, viewer=coordinator, limit=6)
    assert not any(s.learnt for s in before)
    login(coordinator)
    response = client.submit("/matching/reranker/train")
    assert response.status_code == 303
    job = db.session.scalar(select(Job).where(Job.kind == "matcher.rerank"))
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert job.state == "done"
    assert "学習した並べ方を使い始めました" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    [row] = db.session.scalars(select(MatchReranker))
    assert row.enabled
    assert row.beats_blend
    assert row.trained_by_id == coordinator.id
    assert row.labels == (NEEDS - 1) * SEEDS
    assert row.held_out_needs > 0
    assert row.ndcg_after >= row.ndcg_before + 0.01
    assert row.model is not None
    assert "blend" in row.model["features"]
    assert [a.object_id for a in audits("match.reranker_trained")] == [str(row.id)]
    assert [a.actor_id for a in audits("match.reranker_on")] == [coordinator.id]
    after = seeds_for_need(need, viewer=coordinator, limit=6)
    assert len(after) == 6
    assert all(s.learnt for s in after)
    assert all(s.seed.theme_id == need.theme_id for s in after)  # the rule it learnt: the need's theme first
    assert any(s.seed.theme_id != need.theme_id for s in before)  # which the blend alone did not do
    page = client.get("/matching/synonyms").get_data(as_text=True)
    assert "使用中" in page
    assert f"{row.ndcg_before:.3f}" in page
    assert f"{row.ndcg_after:.3f}" in page
    assert "学習した順" not in page
    need_page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "事務局の判断から学習した並べ方の順" in need_page

    response = client.submit(f"/matching/reranker/{row.id}/off")
    assert response.status_code == 302
    db.session.refresh(row)
    assert not row.enabled
    assert [a.detail for a in audits("match.reranker_off")] == [{"reason": "coordinator"}]
    assert [s.seed.id for s in seeds_for_need(need, viewer=coordinator, limit=6)] == [s.seed.id for s in before]
    assert "停止中" in client.get("/matching/synonyms").get_data(as_text=True)
    client.submit(f"/matching/reranker/{row.id}/on")
    db.session.refresh(row)
    assert row.enabled
    assert len(audits("match.reranker_on")) == 2


def test_with_fewer_than_200_labels_it_is_not_trained(client, login, world, make_user) -> None:
    needs, seeds = world
    coordinator = make_user(Role.COORDINATOR)
    judge(needs, seeds, coordinator, limit=199)
    login(coordinator)
    page = client.get("/matching/synonyms").get_data(as_text=True)
    assert "あと1件の判断で学習できます" in page
    assert "今すぐ学習する" not in page
    response = client.submit("/matching/reranker/train")
    assert response.status_code == 409
    assert "学習には判断済みの組が200件以上必要です（現在199件）" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MatchReranker)) == 0
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    assert services.train_reranker(actor=coordinator) is None  # the job refuses too


def test_a_model_that_did_not_beat_the_blend_cannot_be_switched_on(client, login, world, make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    row = MatchReranker(labels=250, positives=100, held_out_needs=5, ndcg_before=0.8, ndcg_after=0.79,
                        beats_blend=False, enabled=False, model=None)  # fmt: skip
    db.session.add(row)
    db.session.commit()
    login(coordinator)
    page = client.get("/matching/synonyms").get_data(as_text=True)
    assert "上回らなかったため使いません" in page
    assert "学習した並べ方を使う" not in page
    response = client.submit(f"/matching/reranker/{row.id}/on")
    assert response.status_code == 409
    assert "上回らなかったため、使用できません" in response.get_data(as_text=True)
    db.session.refresh(row)
    assert not row.enabled
    assert audits("match.reranker_on") == []


def test_a_new_training_that_does_not_beat_the_blend_switches_the_old_one_off(world, make_user, monkeypatch) -> None:
    needs, seeds = world
    coordinator = make_user(Role.COORDINATOR)
    judge(needs, seeds, coordinator)
    first = services.train_reranker(actor=coordinator)
    assert first is not None
    assert first.enabled
    from hackplat.matching.rerank import core

    monkeypatch.setattr(core, "MIN_GAIN", 1.0)  # nothing beats the blend by a whole point
    second = services.train_reranker(actor=coordinator)
    db.session.commit()
    assert second is not None
    assert not second.enabled
    assert not second.beats_blend
    db.session.refresh(first)
    assert not first.enabled
    assert services.in_use() is None
    assert audits("match.reranker_off")[-1].detail == {"reason": "did_not_beat_blend"}


def test_the_text_features_are_the_rankings_parts(world) -> None:
    from hackplat.matching.core.weighting import ALPHA
    from hackplat.matching.rerank.features import pair_features
    from hackplat.matching.store.live import active_version_id, usable_model

    needs, _ = world
    entry = usable_model(active_version_id())
    assert entry is not None
    best = entry.index.top_seeds(needs[0].id, 3)
    assert best
    x = pair_features(entry.index, [(m.need_key, m.seed_key) for m in best])
    for row, match in zip(x, best, strict=True):
        blend, bm25f, cosine, shared = row[:4]
        assert blend == pytest.approx(match.score, abs=1e-5)
        assert blend == pytest.approx((1 - ALPHA) * bm25f + ALPHA * cosine, abs=1e-6)
        assert 0 < cosine <= 1
        assert shared >= len([t for t in match.shared_terms if t != "≈"]) > 0

"""Mentoring requests (#17 item 3): only a startup's proposal to a startup-friendly need
may ask; coordinators take and close them, audited, the proposer told."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.models import (
    AuditRecord,
    MentoringRequest,
    MentoringStatus,
    Notification,
    Proposal,
    ProposalStatus,
    Role,
)
from hackplat.startups import services
from tests.startups.conftest import proposal_of

FORM = {"summary": "AIで空き状況を案内します。", "mentoring": "y", "mentoring_note": "実証の進め方を相談したい"}


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _actions() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditRecord.action).where(AuditRecord.action.like("mentoring.%")).order_by(AuditRecord.id)
        )
    )


def test_a_startup_asks_for_mentoring_with_its_proposal(client, login, cast) -> None:
    login(cast.member)
    page = client.get(f"/proposals/new?need={cast.friendly.id}").get_data(as_text=True)
    assert "コーディネーターのメンタリングを希望する" in page
    response = client.submit(f"/proposals/new?need={cast.friendly.id}", FORM)
    assert response.status_code == 302
    request = db.session.scalar(select(MentoringRequest))
    assert (request.status, request.note, request.requested_by_id) == (
        MentoringStatus.REQUESTED, "実証の進め方を相談したい", cast.member.id,
    )  # fmt: skip
    assert _actions() == ["mentoring.requested"]
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "担当者待ち" in detail


def test_the_box_is_not_offered_on_an_ordinary_need(client, login, cast) -> None:
    login(cast.member)
    page = client.get(f"/proposals/new?need={cast.ordinary.id}").get_data(as_text=True)
    assert "コーディネーターのメンタリングを希望する" not in page


@pytest.mark.parametrize(
    ("startup", "friendly", "status", "message"),
    [
        (False, True, 400, "スタートアップとして登録された組織"),
        (True, False, 409, "「スタートアップ歓迎」の課題ではない"),
    ],
)
def test_mentoring_is_refused_otherwise_and_nothing_is_written(
    client, login, cast, startup, friendly, status, message
) -> None:
    cast.startup.is_startup = startup
    db.session.commit()
    login(cast.member)
    need = cast.friendly if friendly else cast.ordinary
    response = client.submit(f"/proposals/new?need={need.id}", FORM)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in page
    assert "AIで空き状況を案内します。" in page  # what was typed is kept
    assert (_count(Proposal), _count(MentoringRequest)) == (0, 0)


def test_unticking_withdraws_a_waiting_request(app, cast) -> None:
    draft = proposal_of(cast, cast.startup, status=ProposalStatus.DRAFT)
    with app.test_request_context():
        services.save_with_wish(cast.friendly, services.MentoringWish(True, "相談"), lambda: draft, actor=cast.member)
        services.save_with_wish(cast.friendly, services.MentoringWish(False), lambda: draft, actor=cast.member)
    assert _count(MentoringRequest) == 0
    assert _actions() == ["mentoring.requested", "mentoring.withdrawn"]


def _request(cast, status=ProposalStatus.SUBMITTED) -> MentoringRequest:
    proposal = proposal_of(cast, cast.startup, status=status)
    request = MentoringRequest(proposal=proposal, note="相談", requested_by_id=cast.member.id)
    db.session.add(request)
    db.session.commit()
    return request


def test_a_coordinator_takes_then_closes_a_request(app, cast) -> None:
    request = _request(cast)
    with app.test_request_context():
        services.take_request(request, version=request.version, actor=cast.coordinator)
        with pytest.raises(Conflict):
            services.take_request(request, version=request.version, actor=cast.coordinator)
        with pytest.raises(InvalidInput):
            services.close_request(request, "  ", version=request.version, actor=cast.coordinator)
        services.close_request(request, "提案書の構成を助言しました。", version=request.version, actor=cast.coordinator)
    db.session.commit()
    assert (request.status, request.coordinator_id, request.close_note) == (
        MentoringStatus.CLOSED, cast.coordinator.id, "提案書の構成を助言しました。",
    )  # fmt: skip
    assert request.taken_at is not None
    assert request.closed_at is not None
    assert _actions() == ["mentoring.taken", "mentoring.closed"]
    told = db.session.scalars(select(Notification).where(Notification.user_id == cast.member.id)).all()
    assert sorted(n.kind for n in told) == ["proposal.mentoring_closed", "proposal.mentoring_taken"]
    assert any(cast.coordinator.name in n.body for n in told)


def test_only_coordinators_take_and_a_draft_cannot_be_taken(app, cast, make_user) -> None:
    request = _request(cast, status=ProposalStatus.DRAFT)
    with app.test_request_context():
        for person in (cast.member, make_user(Role.STAFF)):
            with pytest.raises(PermissionDenied):
                services.take_request(request, version=request.version, actor=person)
        with pytest.raises(Conflict):
            services.take_request(request, version=request.version, actor=cast.coordinator)


def test_the_office_home_lists_waiting_requests_oldest_first_and_takes_one(client, login, cast, make_organisation):
    other = make_organisation(name="株式会社ヨコハマラボ")
    other.is_startup = True
    first, second = _request(cast), MentoringRequest(proposal=proposal_of(cast, other), requested_by_id=None)
    db.session.add(second)
    _request_draft = MentoringRequest(proposal=proposal_of(cast, other, cast.ordinary, ProposalStatus.DRAFT))
    db.session.add(_request_draft)
    db.session.commit()
    assert list(db.session.scalars(services.waiting_requests())) == [first, second]
    login(cast.coordinator)
    home = client.get("/home").get_data(as_text=True)
    assert "メンタリングを希望するスタートアップ" in home
    assert home.index("株式会社ミナトスタート") < home.index("株式会社ヨコハマラボ")
    url = f"/startups/mentoring/{first.id}"
    response = client.submit(url, {"take": "1", "version": str(first.version)})
    assert response.status_code == 302
    assert first.status is MentoringStatus.TAKEN
    home = client.get("/home").get_data(as_text=True)  # taken, it stays in sight until closed
    taken = home[home.index("担当中のメンタリング") :]
    assert f'href="{url}"' in taken
    assert list(db.session.scalars(services.taken_by(cast.coordinator))) == [first]
    refused = client.submit(url, {"close": "1", "note": "", "version": str(first.version)})
    assert refused.status_code == 400
    assert "終了のメモを入力してください。" in refused.get_data(as_text=True)

"""Support requests (#17 item 1): who may open, see, join, withdraw and triage; each move
with its audit record and notice; refusals write nothing; the need and analysis paths
reach done, and the moves the other paths use."""

from __future__ import annotations

from datetime import date

import pytest

from hackplat.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from hackplat.extensions import db
from hackplat.models import Need, NeedStatus
from hackplat.models.support import SupportPath, SupportRequest, SupportStatus
from hackplat.support import queries, services
from tests.support.conftest import NISHI, audit_actions, notified, open_nishi

S = SupportStatus


def test_staff_open_a_request_and_the_office_is_told(wards) -> None:
    request = open_nishi(wards)
    assert (request.status, request.path, request.department.name) == (S.SUBMITTED, None, "西区")
    assert request.analysis  # the analyser's tokens, kept for the similar-requests search
    assert audit_actions() == ["support.opened"]
    assert notified("support.opened") == {wards.coordinator.id}


@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_only_staff_open_requests(wards, who) -> None:
    with pytest.raises(PermissionDenied):
        services.open_request(NISHI, actor=getattr(wards, who))


def test_a_request_without_the_situation_is_refused_next_to_its_field(wards) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.open_request(services.RequestFields("件名", "  "), actor=wards.nishi)
    assert refused.value.field == "situation"


def test_city_accounts_see_every_request_members_none(wards) -> None:
    request = open_nishi(wards)
    for who in ("nishi", "kohoku", "coordinator"):
        assert services.visible_request(request.id, actor=getattr(wards, who)) is request
    with pytest.raises(NotFound):
        services.visible_request(request.id, actor=wards.member)


def test_another_ward_joins_once_and_the_requester_is_told(wards) -> None:
    request = open_nishi(wards)
    join = services.join_request(request, "港北区でも同じです。", actor=wards.kohoku)
    db.session.commit()
    assert (join.department.name, join.user_id, join.note) == ("港北区", wards.kohoku.id, "港北区でも同じです。")
    assert notified("support.joined") == {wards.nishi.id}
    assert audit_actions() == ["support.opened", "support.joined"]
    assert db.session.scalars(queries.for_department(wards.kohoku)).all() == [request]
    with pytest.raises(Conflict):
        services.join_request(request, "", actor=wards.kohoku)
    with pytest.raises(PermissionDenied):
        services.join_request(request, "", actor=wards.nishi)  # its own request


def test_the_department_withdraws_before_triage_only(wards) -> None:
    request = open_nishi(wards)
    with pytest.raises(PermissionDenied):
        services.withdraw_request(request, expected_version=request.version, actor=wards.kohoku)
    services.withdraw_request(request, expected_version=request.version, actor=wards.nishi)
    db.session.commit()
    assert request.status is S.WITHDRAWN
    assert request.closed_at is not None
    assert audit_actions()[-1] == "support.withdrawn"
    with pytest.raises(Conflict):
        services.triage_request(request, SupportPath.NEED, "理由", expected_version=request.version,
                                actor=wards.coordinator)  # fmt: skip


def _triage(wards, request: SupportRequest, path: SupportPath) -> SupportRequest:
    services.triage_request(request, path, "課題ははっきりしている。", expected_version=request.version,
                            actor=wards.coordinator)  # fmt: skip
    db.session.commit()
    return request


def test_the_office_triages_with_a_reason_and_the_departments_are_told(wards) -> None:
    request = open_nishi(wards)
    services.join_request(request, "", actor=wards.kohoku)
    with pytest.raises(PermissionDenied):
        services.triage_request(request, SupportPath.NEED, "理由", expected_version=request.version, actor=wards.nishi)
    with pytest.raises(InvalidInput) as refused:
        services.triage_request(request, SupportPath.NEED, " ", expected_version=request.version,
                                actor=wards.coordinator)  # fmt: skip
    assert refused.value.field == "reason"
    with pytest.raises(Conflict):  # a page loaded before someone else's save
        services.triage_request(request, SupportPath.NEED, "理由", expected_version=request.version - 1,
                                actor=wards.coordinator)  # fmt: skip
    _triage(wards, request, SupportPath.NEED)
    assert (request.status, request.path, request.triaged_by_id) == (S.TRIAGED, SupportPath.NEED, wards.coordinator.id)
    assert notified("support.triaged") == {wards.nishi.id, wards.kohoku.id}
    with pytest.raises(Conflict):  # triaged: no longer withdrawn by the department
        services.withdraw_request(request, expected_version=request.version, actor=wards.nishi)


def test_the_office_declines_with_a_reason(wards) -> None:
    request = open_nishi(wards)
    services.decline_request(request, "庁内の別の制度で対応します。", expected_version=request.version,
                             actor=wards.coordinator)  # fmt: skip
    db.session.commit()
    assert (request.status, request.triage_reason) == (S.DECLINED, "庁内の別の制度で対応します。")
    assert notified("support.declined") == {wards.nishi.id}


def test_the_need_path_ends_in_a_draft_need_of_the_department(wards, themes) -> None:
    request = _triage(wards, open_nishi(wards), SupportPath.NEED)
    with pytest.raises(PermissionDenied):
        services.draft_need(request, themes[0].id, expected_version=request.version, actor=wards.kohoku)
    need = services.draft_need(request, themes[0].id, expected_version=request.version, actor=wards.nishi)
    db.session.commit()
    assert isinstance(need, Need)
    assert need.status is NeedStatus.DRAFT
    assert (need.department_id, need.title, need.background) == (
        wards.nishi.department_id,
        NISHI.title,
        NISHI.situation,
    )
    assert NISHI.affected in need.problem
    assert NISHI.tried in need.problem
    assert (request.status, request.need_id) == (S.DONE, need.id)
    assert audit_actions()[-3:] == ["support.need_drafted", "support.started", "support.done"]
    assert notified("support.done") == {wards.nishi.id}
    with pytest.raises(Conflict):
        services.draft_need(request, themes[0].id, expected_version=request.version, actor=wards.nishi)


def test_the_analysis_path_assigns_records_findings_then_drafts(wards, themes) -> None:
    request = _triage(wards, open_nishi(wards), SupportPath.ANALYSIS)
    with pytest.raises(Conflict):  # no need before the analysis
        services.draft_need(request, themes[0].id, expected_version=request.version, actor=wards.coordinator)
    with pytest.raises(Conflict):  # no findings before a contractor
        services.record_findings(request, "結果", expected_version=request.version, actor=wards.coordinator)
    with pytest.raises(PermissionDenied):
        services.assign_analysis(request, "分析社", date(2030, 3, 31), expected_version=request.version,
                                 actor=wards.nishi)  # fmt: skip
    services.assign_analysis(request, "株式会社業務分析", date(2030, 3, 31), expected_version=request.version,
                             actor=wards.coordinator)  # fmt: skip
    assert request.status is S.IN_PROGRESS
    findings = "問い合わせの7割が申請書類の書き方に関するもので、入力支援で減らせる。"
    services.record_findings(request, findings, expected_version=request.version, actor=wards.coordinator)
    assert notified("support.findings") == {wards.nishi.id}
    need = services.draft_need(request, themes[0].id, expected_version=request.version, actor=wards.coordinator)
    db.session.commit()
    assert (need.problem, need.department_id, request.status) == (findings, wards.nishi.department_id, S.DONE)
    assert audit_actions() == [
        "support.opened", "support.triaged", "support.started", "support.analysis_assigned",
        "support.findings_recorded", "support.need_drafted", "support.done",
    ]  # fmt: skip


@pytest.mark.parametrize("path", [SupportPath.SEARCH, SupportPath.PROJECT])
def test_the_other_paths_start_and_finish_through_the_requests_moves(wards, path) -> None:
    request = _triage(wards, open_nishi(wards), path)
    with pytest.raises(Conflict):
        services.require_open_on(request, SupportPath.ANALYSIS if path is SupportPath.SEARCH else SupportPath.NEED)
    services.require_open_on(request, path)
    services.start_path(request, actor=wards.coordinator)
    assert request.status is S.IN_PROGRESS
    services.finish(request, actor=wards.coordinator)
    db.session.commit()
    assert request.status is S.DONE
    with pytest.raises(Conflict):
        services.finish(request, actor=wards.coordinator)

"""The search path of a support request (「事業者がみつからない」, #17 item 1): the office
chooses one of the department's needs, invites organisations the matcher suggests
through the need's working group (the working-group service: notice, audit, answer),
and closes the search with a note once an invitation was sent; the request is done."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, PermissionDenied
from hackplat.extensions import db
from hackplat.matching import store
from hackplat.models import (
    MembershipStatus,
    Need,
    NeedStatus,
    Notification,
    Seed,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.models.support import SupportPath, SupportRequest, SupportStatus
from hackplat.models.support_paths import SupportSearch
from hackplat.support import services
from hackplat.support.paths import search
from tests.proposals.conftest import Cast
from tests.support.conftest import audit_actions


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need)


def triaged(cast: Cast, path: SupportPath = SupportPath.SEARCH) -> SupportRequest:
    """A request of the need's department, triaged to ``path`` (built directly)."""
    request = SupportRequest(
        department_id=cast.department.id, author_id=cast.staff.id, title="入所申請を任せられる事業者がいない",
        situation="電子申請の事業者が見つからない。", status=SupportStatus.TRIAGED, path=path, triage_reason="事業者探し",
    )  # fmt: skip
    db.session.add(request)
    db.session.commit()
    return request


@pytest.fixture
def fitting(cast: Cast, make_seed) -> Seed:
    """A seed the matcher suggests for the cast's (open) need, its index built."""
    need = cast.need
    need.background = "保育所の入所申請は、紙の申請書を区役所の窓口で受け付けている。"
    need.problem = "申請書の記入と添付書類の確認に時間がかかり、保護者にも職員にも負担が大きい。"
    need.desired_outcome = "スマートフォンから入所申請ができ、必要な書類を電子で提出できる仕組み。"
    need.refresh_search_text()
    db.session.commit()
    seed = make_seed(organisation=cast.organisation, title="保育園の入園申込をスマホで完結するサービス",
                     summary="保護者がスマホから保育所の入所申請と書類の提出を行える。",
                     description="自治体向けの電子申請サービス。申請書の不備を自動で確認する。")  # fmt: skip
    store.rebuild()
    return seed


def test_the_office_invites_through_the_needs_working_group_and_closes_the_search(cast, fitting) -> None:
    request, member = triaged(cast), cast.member  # the organisation's member, to be told
    search.choose_need(request, cast.need, actor=cast.coordinator)
    assert [s.seed.id for s in search.suggestions(request, actor=cast.coordinator)] == [fitting.id]
    membership = search.invite(request, fitting, actor=cast.coordinator)
    db.session.commit()
    group = db.session.scalar(select(WorkingGroup).where(WorkingGroup.need_id == cast.need.id))
    assert (group.status, group.coordinator_id, cast.need.status) == (
        WorkingGroupStatus.FORMING, cast.coordinator.id, NeedStatus.WORKING_GROUP)  # fmt: skip
    assert (membership.group_id, membership.seed_id, membership.status) == (
        group.id,
        fitting.id,
        MembershipStatus.INVITED,
    )
    assert request.status is SupportStatus.IN_PROGRESS
    notice = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert (notice.kind, notice.link) == ("working_group.invited", f"/workgroups/{group.id}")
    with pytest.raises(Conflict):  # once invited, an organisation is not invited again
        search.invite(request, fitting, actor=cast.coordinator)
    db.session.rollback()

    search.close_search(request, "みなとテックを招待した。回答を待つ。", actor=cast.coordinator)
    db.session.commit()
    found = search.search_of(request)
    assert (request.status, found.note, found.closed_by_id) == (
        SupportStatus.DONE, "みなとテックを招待した。回答を待つ。", cast.coordinator.id)  # fmt: skip
    assert [i.membership_id for i in found.invitations] == [membership.id]
    assert audit_actions() == ["support.started", "support.search_need", "support.search_invited",
                               "support.search_closed", "support.done"]  # fmt: skip
    assert audit_actions("working_group.") == ["working_group.formed", "working_group.invited"]


def test_closing_without_an_invitation_is_refused_and_writes_nothing(cast) -> None:
    request = triaged(cast)
    search.choose_need(request, cast.need, actor=cast.coordinator)
    db.session.commit()
    with pytest.raises(Conflict):
        search.close_search(request, "見つからなかった", actor=cast.coordinator)
    db.session.rollback()
    assert (request.status, search.search_of(request).closed_at) == (SupportStatus.IN_PROGRESS, None)
    # a search that finds nobody is not a dead end: the office declines it, saying why
    services.decline_request(request, "候補の組織が見つからなかった。", expected_version=request.version,
                             actor=cast.coordinator)  # fmt: skip
    db.session.commit()
    assert request.status is SupportStatus.DECLINED


def test_an_existing_working_group_is_reused(cast, fitting) -> None:
    group = WorkingGroup(need=cast.need, name="既存のグループ", coordinator_id=cast.coordinator.id)
    cast.need.status = NeedStatus.WORKING_GROUP
    db.session.add(group)
    db.session.commit()
    request = triaged(cast)
    search.choose_need(request, cast.need, actor=cast.coordinator)
    search.invite(request, fitting, actor=cast.coordinator)
    db.session.commit()
    assert db.session.scalars(select(WorkingGroup)).all() == [group]
    assert search.search_of(request).group_id == group.id


@pytest.mark.parametrize("who", ["staff", "member", "other_staff"])
def test_only_the_office_searches(cast, who) -> None:
    request = triaged(cast)
    with pytest.raises(PermissionDenied):
        search.choose_need(request, cast.need, actor=getattr(cast, who))
    with pytest.raises(PermissionDenied):
        search.close_search(request, "終了", actor=getattr(cast, who))


def test_only_the_departments_needs_that_take_organisations(cast, make_need, make_department) -> None:
    request = triaged(cast)
    other = make_need(department=make_department("道路局"), title="街路灯の故障の通報")
    draft = make_need(department=cast.department, status=NeedStatus.DRAFT, title="下書き")
    assert search.searchable_needs(request) == [cast.need]
    for need in (other, draft):
        with pytest.raises(Conflict):
            search.choose_need(request, need, actor=cast.coordinator)
    with pytest.raises(Conflict):  # a request on another path
        search.choose_need(triaged(cast, SupportPath.PROJECT), cast.need, actor=cast.coordinator)
    assert db.session.scalar(select(SupportSearch)) is None


def test_the_search_page_invites_and_refuses_a_blank_note_as_typed(client, login, cast, fitting) -> None:
    request = triaged(cast)
    request.need = cast.need
    db.session.commit()
    url = f"/support/{request.id}/search"
    login(cast.coordinator)
    page = client.get(url).get_data(as_text=True)
    assert fitting.title in page
    assert cast.organisation.name in page
    assert client.submit(url, {"action": "invite", "seed": str(fitting.id)}).status_code == 302
    assert db.session.scalar(select(WorkingGroupMembership.organisation_id)) == cast.organisation.id
    refused = client.submit(url, {"action": "close", "note": "  "})
    assert refused.status_code == 400
    assert "入力してください。" in refused.get_data(as_text=True)
    assert db.session.get(SupportRequest, request.id).status is SupportStatus.IN_PROGRESS
    done = client.submit(url, {"action": "close", "note": "1社を招待した"})
    assert (done.status_code, done.location) == (302, f"/support/{request.id}")
    detail = client.get(f"/support/{request.id}").get_data(as_text=True)
    assert cast.organisation.name in detail
    assert "招待中" in detail


def test_a_declined_search_offers_no_more_searching(client, login, cast) -> None:
    request = triaged(cast)
    search.choose_need(request, cast.need, actor=cast.coordinator)  # the search begun
    db.session.commit()
    login(cast.coordinator)
    assert "事業者を探して招待する" in client.get(f"/support/{request.id}").get_data(as_text=True)
    services.decline_request(request, "この制度の対象外", expected_version=request.version, actor=cast.coordinator)
    db.session.commit()
    assert "事業者を探して招待する" not in client.get(f"/support/{request.id}").get_data(as_text=True)


def test_staff_do_not_open_the_search_page(client, login, cast) -> None:
    request = triaged(cast)
    login(cast.staff)
    assert client.get(f"/support/{request.id}/search").status_code == 403
    assert db.session.scalar(select(Need).where(Need.status == NeedStatus.WORKING_GROUP)) is None


@pytest.mark.parametrize(
    "body",
    [{"action": "invite", "seed": "9" * 25}, {"action": "invite", "seed": "-1"}, {"action": "need", "need": "abc"},
     {"action": "need", "need": "0"}, {"action": "close", "note": "x" * 5000}, {"action": "?"}],
)  # fmt: skip
def test_bad_posts_are_refused_and_write_nothing(client, login, cast, body) -> None:
    request = triaged(cast)
    login(cast.coordinator)
    response = client.submit(f"/support/{request.id}/search", body)
    assert response.status_code in (400, 404, 409)
    assert db.session.scalar(select(SupportSearch)) is None
    assert db.session.get(SupportRequest, request.id).status is SupportStatus.TRIAGED

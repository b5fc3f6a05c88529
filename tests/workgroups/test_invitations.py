"""Inviting organisations, from the need's proposals and from the matcher's suggestions,
and their answers: accept, decline (and lose access), leave."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.matching import store
from hackplat.matching.suggestions import give_feedback
from hackplat.models import (
    FeedbackKind,
    MembershipStatus,
    Notification,
    OrganisationStatus,
    ProposalStatus,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.workgroups.services import invite_from_suggestion
from tests.workgroups.conftest import audit_actions, count

M = MembershipStatus


def memberships() -> list[WorkingGroupMembership]:
    return list(db.session.scalars(select(WorkingGroupMembership).order_by(WorkingGroupMembership.id)))


def invite(client, group_id: int, source: str, source_id: int):
    return client.submit(f"/workgroups/{group_id}/invite/{source}/{source_id}")


# --- from the need's proposals ---


@pytest.mark.parametrize("status", [ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED])
def test_a_coordinator_invites_a_proposing_organisation(client, login, cast, make_group, make_proposal, status) -> None:
    group = make_group()
    member = cast.member  # the organisation's member, to be told
    proposal = make_proposal(cast.need, cast.organisation, status)
    login(cast.coordinator)
    page = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert f"/workgroups/{group.id}/invite/proposal/{proposal.id}" in page
    response = invite(client, group.id, "proposal", proposal.id)
    assert response.status_code == 302
    [membership] = memberships()
    assert (membership.organisation_id, membership.status) == (cast.organisation.id, M.INVITED)
    assert (membership.proposal_id, membership.seed_id, membership.invited_by_id) == (
        proposal.id,
        None,
        cast.coordinator.id,
    )
    assert audit_actions(group.id) == ["working_group.invited"]
    notice = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert notice.link == f"/workgroups/{group.id}"
    assert group.name in notice.subject


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN])
def test_a_proposal_the_city_has_not_kept_is_no_invitation(
    client, login, cast, make_group, make_proposal, status
) -> None:
    group = make_group()
    proposal = make_proposal(cast.need, cast.organisation, status)
    login(cast.coordinator)
    assert invite(client, group.id, "proposal", proposal.id).status_code == 409
    assert memberships() == []
    assert audit_actions() == []


def test_a_proposal_to_another_need_is_refused(client, login, cast, make_group, make_need, make_proposal) -> None:
    group = make_group()
    proposal = make_proposal(make_need(), cast.organisation, ProposalStatus.SUBMITTED)
    login(cast.coordinator)
    assert invite(client, group.id, "proposal", proposal.id).status_code == 409
    assert memberships() == []


def test_an_organisation_is_invited_once(client, login, cast, make_group, make_proposal) -> None:
    group = make_group(members={cast.organisation: M.DECLINED})
    proposal = make_proposal(cast.need, cast.organisation, ProposalStatus.SUBMITTED)
    login(cast.coordinator)
    response = invite(client, group.id, "proposal", proposal.id)
    assert response.status_code == 409
    assert "既にこのグループに招待されています" in response.get_data(as_text=True)
    assert len(memberships()) == 1
    assert audit_actions() == []


def test_only_approved_organisations_are_invited(client, login, cast, make_group, make_proposal) -> None:
    group = make_group()
    proposal = make_proposal(cast.need, cast.organisation, ProposalStatus.SUBMITTED)
    cast.organisation.status = OrganisationStatus.REJECTED  # e.g. after a later review
    db.session.commit()
    login(cast.coordinator)
    assert invite(client, group.id, "proposal", proposal.id).status_code == 409
    assert memberships() == []


def test_a_concluded_group_invites_no_one(client, login, cast, make_group, make_proposal) -> None:
    group = make_group(WorkingGroupStatus.CONCLUDED)
    proposal = make_proposal(cast.need, cast.organisation, ProposalStatus.SUBMITTED)
    login(cast.coordinator)
    assert invite(client, group.id, "proposal", proposal.id).status_code == 409
    assert memberships() == []


@pytest.mark.parametrize("kind", ["member", "staff"])
def test_only_coordinators_invite(client, login, cast, make_group, make_proposal, kind) -> None:
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: M.ACCEPTED})
    proposal = make_proposal(cast.need, cast.other_member.organisation, ProposalStatus.SUBMITTED)
    login(cast.actor(kind))
    page = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert "/invite/" not in page
    assert invite(client, group.id, "proposal", proposal.id).status_code == 403
    assert len(memberships()) == 1


# --- from the matcher's suggestions ---


@pytest.fixture
def nursery(cast, make_seed, make_organisation):
    """The need about nursery admission, a seed that fits it and one that does not."""
    need = cast.need
    need.background = "保育所の入所申請は、紙の申請書を区役所の窓口で受け付けている。"
    need.problem = "申請書の記入と添付書類の確認に時間がかかり、保護者にも職員にも負担が大きい。"
    need.desired_outcome = "スマートフォンから入所申請ができ、必要な書類を電子で提出できる仕組み。"
    need.refresh_search_text()
    db.session.commit()
    fitting = make_seed(organisation=cast.organisation, title="保育園の入園申込をスマホで完結するサービス",
                        summary="保護者がスマホから保育所の入所申請と書類の提出を行える。",
                        description="自治体向けの電子申請サービス。申請書の不備を自動で確認する。")  # fmt: skip
    unrelated = make_seed(organisation=make_organisation("株式会社ツーリズムラボ"), title="観光地の多言語案内アプリ",
                          summary="外国人の観光客に観光地の見どころを多言語で紹介する。",
                          description="案内板のQRコードから開き、英語と中国語で読める。")  # fmt: skip
    store.rebuild()
    return fitting, unrelated


def test_a_coordinator_invites_from_the_matchers_suggestions(client, login, cast, make_group, nursery) -> None:
    fitting, _unrelated = nursery
    group = make_group()
    member = cast.member
    login(cast.coordinator)
    page = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert f"/workgroups/{group.id}/invite/seed/{fitting.id}" in page
    assert invite(client, group.id, "seed", fitting.id).status_code == 302
    [membership] = memberships()
    assert (membership.organisation_id, membership.seed_id, membership.proposal_id) == (
        cast.organisation.id,
        fitting.id,
        None,
    )
    assert db.session.scalar(select(Notification).where(Notification.user_id == member.id)) is not None


def test_seeds_marked_invite_come_first(client, login, cast, make_group, nursery) -> None:
    fitting, unrelated = nursery
    group = make_group()
    give_feedback(cast.need, unrelated, FeedbackKind.INVITE, actor=cast.coordinator)
    db.session.commit()
    login(cast.coordinator)
    page = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert page.index(f"/invite/seed/{unrelated.id}") < page.index(f"/invite/seed/{fitting.id}")
    assert invite(client, group.id, "seed", unrelated.id).status_code == 302
    assert memberships()[0].organisation_id == unrelated.organisation_id


def test_a_seed_the_matcher_does_not_suggest_is_refused(cast, make_group, nursery) -> None:
    _fitting, unrelated = nursery
    group = make_group()
    with pytest.raises(Conflict):
        invite_from_suggestion(group, unrelated, actor=cast.coordinator)
    assert count(WorkingGroupMembership) == 0


# --- the answers ---


def test_a_member_accepts_from_the_group_page_and_reads_the_records(
    client, login, cast, make_group, add_record
) -> None:
    group = make_group(members={cast.organisation: M.INVITED})
    add_record(group, body="第1回の打ち合わせ")
    login(cast.member)
    index = client.get("/workgroups/").get_data(as_text=True)
    assert "回答を待っている招待" in index
    assert f'href="/workgroups/{group.id}"' in index
    page = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert f"/workgroups/{group.id}/accept" in page
    assert "第1回の打ち合わせ" not in page
    response = client.submit(f"/workgroups/{group.id}/accept")
    assert response.status_code == 302
    [membership] = memberships()
    assert (membership.status, membership.responded_by_id) == (M.ACCEPTED, cast.member.id)
    assert "第1回の打ち合わせ" in client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert audit_actions(group.id) == ["working_group.member_accepted"]


@pytest.mark.parametrize(("before", "answer"), [(M.INVITED, "decline"), (M.ACCEPTED, "leave")])
def test_declining_or_leaving_loses_access(client, login, cast, make_group, before, answer) -> None:
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: before})
    login(cast.member)
    response = client.submit(f"/workgroups/{group.id}/{answer}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/workgroups/"
    assert memberships()[0].status is M.DECLINED
    assert client.get(f"/workgroups/{group.id}").status_code == 403
    assert f'href="/workgroups/{group.id}"' not in client.get("/workgroups/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("before", "answer"),
    [(M.ACCEPTED, "accept"), (M.ACCEPTED, "decline"), (M.INVITED, "leave")],
)
def test_answers_the_membership_life_cycle_forbids(client, login, cast, make_group, before, answer) -> None:
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: before})
    login(cast.member)
    assert client.submit(f"/workgroups/{group.id}/{answer}").status_code == 409
    assert memberships()[0].status is before
    assert audit_actions() == []


def test_no_answers_after_the_group_concluded(client, login, cast, make_group) -> None:
    group = make_group(WorkingGroupStatus.CONCLUDED, {cast.organisation: M.INVITED})
    login(cast.member)
    assert client.submit(f"/workgroups/{group.id}/accept").status_code == 409
    assert memberships()[0].status is M.INVITED


@pytest.mark.parametrize("kind", ["other_member", "staff", "coordinator"])
def test_only_the_invited_organisation_answers(client, login, cast, make_group, kind) -> None:
    group = make_group(members={cast.organisation: M.INVITED})
    login(cast.actor(kind))
    assert client.submit(f"/workgroups/{group.id}/accept").status_code == 403
    assert memberships()[0].status is M.INVITED


def test_the_coordinator_hears_the_answer(client, login, cast, make_group) -> None:
    group = make_group(members={cast.organisation: M.INVITED})
    group.coordinator_id = cast.coordinator.id
    db.session.commit()
    login(cast.member)
    client.submit(f"/workgroups/{group.id}/decline")
    notice = db.session.scalar(select(Notification).where(Notification.user_id == cast.coordinator.id))
    assert "辞退" in notice.subject
    assert notice.link == f"/workgroups/{group.id}"

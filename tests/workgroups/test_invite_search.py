"""Working groups without dead ends (issue 12, item 4): 「活動を始める」 only once an
organisation accepted; an invitation candidate (招待候補) taken back; any approved
organisation found by name or 法人番号 and invited from the search."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.matching.suggestions import give_feedback, invited_seed_ids
from hackplat.models import (
    AuditRecord,
    FeedbackKind,
    MembershipStatus,
    Notification,
    OrganisationStatus,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from tests.workgroups.conftest import count

M, G = MembershipStatus, WorkingGroupStatus
NUMBER = "7010001008844"


# --- starting the group ---


def test_starting_is_offered_only_once_an_organisation_accepted(client, login, switch_to, cast, make_group) -> None:
    group = make_group(G.FORMING, {cast.organisation: M.INVITED})
    page = f"/workgroups/{group.id}"
    login(cast.coordinator)
    html = client.get(page).get_data(as_text=True)
    assert f"{page}/activate" not in html
    assert "活動を始めるには、参加を承諾した組織が1つ以上必要です" in html
    refused = client.submit(f"{page}/activate")
    assert refused.status_code == 409
    assert "活動を始めるには、参加を承諾した組織が1つ以上必要です。" in refused.get_data(as_text=True)
    db.session.refresh(group)
    assert group.status is G.FORMING
    switch_to(cast.member)
    assert client.submit(f"{page}/accept").status_code == 302
    switch_to(cast.coordinator)
    assert f"{page}/activate" in client.get(page).get_data(as_text=True)
    assert client.submit(f"{page}/activate").status_code == 302
    db.session.refresh(group)
    assert group.status is G.ACTIVE


# --- taking back an invitation candidate ---


def test_an_invitation_candidate_is_taken_back(client, login, cast, make_group, make_seed) -> None:
    group = make_group()
    seed = make_seed(organisation=cast.organisation)
    give_feedback(cast.need, seed, FeedbackKind.INVITE, actor=cast.coordinator)
    db.session.commit()
    page, undo = f"/workgroups/{group.id}", f"/workgroups/{group.id}/candidates/{seed.id}/undo"
    login(cast.coordinator)
    assert undo in client.get(page).get_data(as_text=True)
    assert client.submit(undo).status_code == 302
    assert invited_seed_ids(cast.need) == set()
    assert undo not in client.get(page).get_data(as_text=True)
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "match.invite_undone")).one()
    assert (record.object_id, record.detail) == (str(cast.need.id), {"seed_id": seed.id})
    again = client.submit(undo)
    assert again.status_code == 409
    assert "このシーズは招待候補ではありません。" in again.get_data(as_text=True)


@pytest.mark.parametrize("name", ["staff", "member", "other_staff"])
def test_only_the_office_takes_a_candidate_back(client, login, cast, make_group, make_seed, name) -> None:
    group = make_group()
    seed = make_seed(organisation=cast.organisation)
    give_feedback(cast.need, seed, FeedbackKind.INVITE, actor=cast.coordinator)
    db.session.commit()
    login(cast.actor(name))
    response = client.submit(f"/workgroups/{group.id}/candidates/{seed.id}/undo")
    assert response.status_code in (403, 404)
    assert invited_seed_ids(cast.need) == {seed.id}


# --- searching and inviting any approved organisation ---


@pytest.fixture
def organisations(make_organisation):
    """Three organisations with ミナト in their names: only one is approved."""
    approved = make_organisation("株式会社ミナトデジタル")
    approved.corporate_number = NUMBER
    pending = make_organisation("ミナト準備中合同会社", status=OrganisationStatus.PENDING)
    pending.corporate_number = "1010001000006"
    rejected = make_organisation("ミナト却下株式会社", status=OrganisationStatus.REJECTED)
    db.session.commit()
    return approved, pending, rejected


def found_names(html: str) -> str:
    """The search's result table (empty when nothing was found)."""
    return html.split("検索結果（承認済みの組織）", 1)[1].split("</table>", 1)[0] if "検索結果（" in html else ""


@pytest.mark.parametrize("term", ["ミナト", "ﾐﾅﾄ", NUMBER, "７０１０００１００８８４４", "7-010001-008844"])
def test_approved_organisations_are_found_by_name_or_corporate_number(
    client, login, cast, make_group, organisations, term
) -> None:
    approved, pending, rejected = organisations
    group = make_group()
    login(cast.coordinator)
    results = found_names(client.get(f"/workgroups/{group.id}", query_string={"org": term}).get_data(as_text=True))
    assert approved.name in results
    assert f"/workgroups/{group.id}/invite/organisation/{approved.id}" in results
    assert pending.name not in results
    assert rejected.name not in results


@pytest.mark.parametrize("term", ["1010001000006", "準備中", "却下"])
def test_pending_and_rejected_organisations_are_not_found(client, login, cast, make_group, organisations, term) -> None:
    group = make_group()
    login(cast.coordinator)
    html = client.get(f"/workgroups/{group.id}", query_string={"org": term}).get_data(as_text=True)
    assert found_names(html) == ""
    assert "該当する承認済みの組織はありません。" in html


def test_the_search_is_only_for_the_office(client, login, cast, make_group, organisations) -> None:
    group = make_group(members={cast.organisation: M.ACCEPTED})
    login(cast.member)
    html = client.get(f"/workgroups/{group.id}", query_string={"org": "ミナト"}).get_data(as_text=True)
    assert "株式会社ミナトデジタル" not in html


def test_an_organisation_found_is_invited(client, login, cast, make_group, make_user, organisations) -> None:
    approved, pending, _rejected = organisations
    member = make_user("member", organisation=approved)
    group = make_group()
    page = f"/workgroups/{group.id}"
    login(cast.coordinator)
    response = client.submit(f"{page}/invite/organisation/{approved.id}")
    assert response.status_code == 302
    membership = db.session.scalars(select(WorkingGroupMembership)).one()
    assert (membership.organisation_id, membership.status, membership.proposal_id, membership.seed_id) == (
        approved.id, M.INVITED, None, None
    )  # fmt: skip
    assert membership.invited_by_id == cast.coordinator.id
    assert db.session.scalar(select(Notification).where(Notification.user_id == member.id)) is not None
    assert "組織の検索" in client.get(page).get_data(as_text=True)
    # a pending organisation, even asked for by its id, is not invited
    refused = client.submit(f"{page}/invite/organisation/{pending.id}")
    assert refused.status_code == 409
    assert "承認されていない組織は招待できません。" in refused.get_data(as_text=True)
    assert count(WorkingGroupMembership) == 1

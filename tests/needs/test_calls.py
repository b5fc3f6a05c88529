"""A need's call for proposals (issue 12, item 1): the department closes it early with a
reason or extends its deadline, through the need's page; both are audited and told to
the organisations that proposed. A working group formed on the need leaves the call open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, NeedStatus, Notification, Proposal, ProposalStatus
from hackplat.workgroups.services import form_working_group
from tests.helpers.html import field_error
from tests.proposals.conftest import Cast

S = ProposalStatus
REASON = "予算の確保ができなくなったため"
FORM = {"summary": "AIで申請の案内を行います", "approach": "", "schedule": "", "cost_estimate": "",
        "city_support": "", "seed_id": "0", "version": ""}  # fmt: skip
#: Who may close or extend a need's call (the need's department and the programme office), who may not.
ALLOWED = ["staff", "coordinator", "admin"]
REFUSED = ["member", "other_staff"]


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need)


@pytest.fixture
def switch_to(client, login):
    def switch(user) -> None:
        client.submit("/logout")
        login(user)

    return switch


def need_url(cast: Cast) -> str:
    return f"/needs/{cast.need.id}"


def close_call(client, cast: Cast, reason: str = REASON):
    return client.submit(f"{need_url(cast)}/close-call", {"reason": reason})


def extend(client, cast: Cast, deadline) -> object:
    return client.submit(f"{need_url(cast)}/extend", {"deadline": deadline.isoformat()})


def audit_records(action: str) -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
    return list(db.session.scalars(query))


def notifications(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


# --- closing early ---


@pytest.mark.parametrize("reason", ["", "   ", "\u3000\n"])
def test_closing_early_needs_a_reason_and_writes_nothing_without_one(client, login, cast, make_proposal, reason):
    make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    member = cast.member
    login(cast.staff)
    response = close_call(client, cast, reason)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "reason") == "入力してください。"
    db.session.refresh(cast.need)
    assert (cast.need.call_closed_at, cast.need.call_closed_reason) == (None, None)
    assert audit_records("need.call_closed") == []
    assert db.session.scalars(select(Notification).where(Notification.user_id == member.id)).all() == []


@pytest.mark.parametrize("name", ALLOWED)
def test_the_department_and_the_office_close_a_call_early(client, login, cast, name) -> None:
    login(cast.actor(name))
    response = close_call(client, cast)
    assert response.status_code == 302
    db.session.refresh(cast.need)
    assert cast.need.call_closed_at is not None
    assert cast.need.call_closed_reason == REASON
    assert cast.need.status is NeedStatus.OPEN  # the need itself stays; only its call ended
    [record] = audit_records("need.call_closed")
    assert (record.object_id, record.actor_id, record.detail) == (
        str(cast.need.id), cast.actor(name).id, {"reason": REASON}
    )  # fmt: skip
    page = client.get(need_url(cast)).get_data(as_text=True)
    assert "締め切りました（" in page
    assert REASON in page


@pytest.mark.parametrize("name", REFUSED)
def test_nobody_else_closes_a_call(client, login, cast, name) -> None:
    login(cast.actor(name))
    assert close_call(client, cast).status_code == 403
    assert extend(client, cast, japan_today() + timedelta(days=60)).status_code == 403
    db.session.refresh(cast.need)
    assert cast.need.call_closed_at is None
    assert audit_records("need.call_closed") == audit_records("need.deadline_extended") == []


def test_a_draft_need_is_not_found_by_outsiders(client, login, cast, make_need) -> None:
    draft = make_need(department=cast.department, status=NeedStatus.DRAFT)
    login(cast.other_staff)
    response = client.submit(f"/needs/{draft.id}/close-call", {"reason": REASON})
    assert response.status_code == 404


def test_closing_notifies_every_member_of_the_proposing_organisations(
    client, login, cast, make_user, make_organisation, make_proposal
) -> None:
    make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    drafting = make_organisation("株式会社下書き中")
    make_proposal(cast.need, drafting, S.DRAFT)  # a draft's authors are still writing: told too
    told = [cast.member, cast.colleague, make_user("member", organisation=drafting)]
    bystander = cast.other_member  # an organisation that did not propose
    login(cast.staff)
    assert close_call(client, cast).status_code == 302
    sent = notifications("proposal.call_closed")
    assert sorted(n.user_id for n in sent) == sorted(user.id for user in told)
    assert bystander.id not in {n.user_id for n in sent}
    assert all(n.link == need_url(cast) and REASON in n.body and cast.need.title in n.body for n in sent)


def test_after_closing_proposals_are_refused_with_a_message_on_the_page(
    client, login, switch_to, cast, make_proposal
) -> None:
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT)
    login(cast.staff)
    assert close_call(client, cast).status_code == 302
    switch_to(cast.member)
    page = f"/proposals/{draft.id}"
    response = client.submit(f"{page}/submit")
    assert response.status_code == 409
    assert f"この課題の提案募集は締め切られました（理由: {REASON}）" in response.get_data(as_text=True)
    db.session.refresh(draft)
    assert draft.status is S.DRAFT
    # an organisation that has not proposed is sent back to the need's page, which says why
    switch_to(cast.other_member)
    response = client.get(f"/proposals/new?need={cast.need.id}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "この課題の提案募集は締め切られました" in html
    assert "この課題に提案する" not in html
    assert client.submit(f"/proposals/new?need={cast.need.id}", FORM).status_code == 302
    assert db.session.scalars(select(Proposal).where(Proposal.organisation_id == cast.other_member.organisation_id)).all() == []  # fmt: skip


def test_a_closed_call_is_not_closed_again_nor_extended(client, login, cast) -> None:
    login(cast.staff)
    assert close_call(client, cast).status_code == 302
    response = close_call(client, cast, "もう一度")
    assert response.status_code == 409
    assert "この課題の提案募集は既に終わっています。" in response.get_data(as_text=True)
    response = extend(client, cast, japan_today() + timedelta(days=90))
    assert response.status_code == 409
    assert "締め切った募集や終了した課題の締切日は延長できません。" in response.get_data(as_text=True)
    db.session.refresh(cast.need)
    assert cast.need.call_closed_reason == REASON
    assert len(audit_records("need.call_closed")) == 1
    assert audit_records("need.deadline_extended") == []


# --- extending the deadline ---


@pytest.mark.parametrize(
    ("case", "days_after_current"), [("the same day", 0), ("a day earlier", -1), ("a year earlier", -365)]
)
def test_the_deadline_only_moves_forward(client, login, cast, make_proposal, case, days_after_current) -> None:
    make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    before = cast.need.deadline
    login(cast.staff)
    response = extend(client, cast, before + timedelta(days=days_after_current))
    assert response.status_code == 400
    assert (
        field_error(response.get_data(as_text=True), "deadline")
        == "今の締切日より後の、今日以降の日付を入力してください。"
    )
    db.session.refresh(cast.need)
    assert cast.need.deadline == before
    assert audit_records("need.deadline_extended") == []
    assert notifications("proposal.call_extended") == []


def test_a_missing_date_is_refused(client, login, cast) -> None:
    before = cast.need.deadline
    login(cast.staff)
    response = client.submit(f"{need_url(cast)}/extend", {"deadline": ""})
    assert response.status_code == 400
    db.session.refresh(cast.need)
    assert cast.need.deadline == before


@pytest.mark.parametrize("name", ALLOWED)
def test_extending_is_audited_and_told_to_the_proposers(client, login, cast, make_proposal, name) -> None:
    make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    told, bystander = cast.member, cast.other_member
    before = cast.need.deadline
    later = before + timedelta(days=30)
    login(cast.actor(name))
    assert extend(client, cast, later).status_code == 302
    db.session.refresh(cast.need)
    assert cast.need.deadline == later
    [record] = audit_records("need.deadline_extended")
    assert record.detail == {"from": before.isoformat(), "to": later.isoformat()}
    assert record.actor_id == cast.actor(name).id
    [notice] = notifications("proposal.call_extended")
    assert notice.user_id == told.id != bystander.id
    assert later.strftime("%Y/%m/%d") in notice.body


def test_extending_reopens_a_call_whose_deadline_passed(client, login, switch_to, cast, make_proposal) -> None:
    cast.need.deadline = japan_today() - timedelta(days=1)
    db.session.commit()
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT)
    page = f"/proposals/{draft.id}"
    login(cast.member)
    refused = client.submit(f"{page}/submit")
    assert refused.status_code == 409
    assert "この課題の提案受付は締め切られました" in refused.get_data(as_text=True)
    switch_to(cast.staff)
    assert extend(client, cast, japan_today() + timedelta(days=14)).status_code == 302
    assert "募集中" in client.get(need_url(cast)).get_data(as_text=True)
    switch_to(cast.member)
    assert client.submit(f"{page}/submit").status_code == 302
    db.session.refresh(draft)
    assert draft.status is S.SUBMITTED


# --- a working group does not end the call ---


def test_a_working_group_leaves_the_call_open_to_everyone(client, login, cast) -> None:
    group = form_working_group(cast.need, "入所申請WG", "検討する", actor=cast.coordinator)
    db.session.commit()
    assert cast.need.status is NeedStatus.WORKING_GROUP
    outsider = cast.other_member  # never invited to the group, never proposed
    login(outsider)
    page = client.get(need_url(cast)).get_data(as_text=True)
    assert "この課題に提案する" in page
    assert "募集中" in page
    assert group.status.value == "forming"
    assert client.submit(f"/proposals/new?need={cast.need.id}", FORM).status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.organisation_id == outsider.organisation_id
    url = f"/proposals/{proposal.id}"
    assert client.submit(f"{url}/submit").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is S.SUBMITTED

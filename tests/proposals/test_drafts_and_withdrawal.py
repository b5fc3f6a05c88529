"""Drafts, confirmations and second chances (issue 12, item 2): a draft is deleted after
a confirmation page (audited), a submitted proposal is not; submitting and withdrawing go
through confirmation pages (submitting shows a preview); a withdrawn proposal is submitted
again before the deadline, not after; loading a seed's text fills only empty fields; an
organisation invited to the need's working group proposes after the public deadline."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import (
    AuditRecord,
    MembershipStatus,
    Proposal,
    ProposalStatus,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)

S = ProposalStatus
FORM = {"summary": "AIで申請の案内を行います", "approach": "", "schedule": "", "cost_estimate": "",
        "city_support": "", "seed_id": "0", "version": ""}  # fmt: skip


def proposals() -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).order_by(Proposal.id)))


def audit_actions() -> list[str]:
    """The proposals' audit records (signing in is audited too)."""
    query = select(AuditRecord.action).where(AuditRecord.object_type == "proposal")
    return list(db.session.scalars(query.order_by(AuditRecord.id)))


def deadline_passed(need) -> None:
    need.deadline = japan_today() - timedelta(days=1)
    db.session.commit()


def textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return match.group(1)


def input_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert match, f"no input {name} with a value"
    return match.group(1)


# --- deleting a draft ---


def test_a_draft_is_deleted_after_a_confirmation_page(client, login, cast, make_proposal) -> None:
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT, summary="消す予定の下書き")
    draft_id = draft.id
    login(cast.member)
    url = f"/proposals/{draft.id}/delete"
    assert f'href="{url}"' in client.get(f"/proposals/{draft.id}").get_data(as_text=True)
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    page = confirmation.get_data(as_text=True)
    assert "下書きの削除の確認" in page
    assert "消す予定の下書き" in page
    assert f'action="{url}"' in page
    assert proposals() == [draft]  # looking at the confirmation deletes nothing
    response = client.submit(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/proposals/mine")
    assert proposals() == []
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.object_type == "proposal")).one()
    assert (record.action, record.object_id, record.actor_id, record.detail) == (
        "proposal.deleted", str(draft_id), cast.member.id, {"need_id": cast.need.id}
    )  # fmt: skip


@pytest.mark.parametrize("status", [S.SUBMITTED, S.SHORTLISTED, S.WITHDRAWN])
def test_a_proposal_the_city_has_seen_is_not_deleted(client, login, cast, make_proposal, status) -> None:
    proposal = make_proposal(cast.need, cast.organisation, status)
    login(cast.member)
    page = f"/proposals/{proposal.id}"
    assert f"{page}/delete" not in client.get(page).get_data(as_text=True)
    response = client.submit(f"{page}/delete")
    assert response.status_code == 409
    assert "削除できるのは下書きだけです" in response.get_data(as_text=True)
    assert proposals() == [proposal]
    assert proposal.status is status
    assert audit_actions() == []


@pytest.mark.parametrize("outsider", ["other_member", "staff", "coordinator"])
def test_nobody_else_deletes_a_draft(client, login, cast, make_proposal, outsider) -> None:
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT)
    login(cast.actor(outsider))
    assert client.get(f"/proposals/{draft.id}/delete").status_code == 404
    response = client.submit(f"/proposals/{draft.id}/delete")
    assert response.status_code == 404
    assert proposals() == [draft]


# --- submitting and withdrawing ---


def test_the_submit_confirmation_shows_a_preview(client, login, cast, make_proposal) -> None:
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT, summary="申請をスマホで完結",
                          approach="既存の電子申請基盤を使う", cost_estimate="初期費用120万円")  # fmt: skip
    login(cast.member)
    url = f"/proposals/{draft.id}/submit"
    page = client.get(url).get_data(as_text=True)
    assert "提案の提出の確認" in page
    preview = page.split('class="panel proposal-preview"', 1)[1]
    for text in ("申請をスマホで完結", "既存の電子申請基盤を使う", "初期費用120万円", cast.organisation.name):
        assert text in preview
    assert "この内容で提出する" in page
    db.session.refresh(draft)
    assert draft.status is S.DRAFT  # the preview submits nothing
    assert client.submit(url).status_code == 302
    db.session.refresh(draft)
    assert draft.status is S.SUBMITTED


def test_withdrawing_asks_first_and_is_undone_by_submitting_again(client, login, cast, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    login(cast.member)
    page = f"/proposals/{proposal.id}"
    assert f'href="{page}/withdraw"' in client.get(page).get_data(as_text=True)
    confirmation = client.get(f"{page}/withdraw").get_data(as_text=True)
    assert "提案の取り下げの確認" in confirmation
    assert "締切の前なら、取り下げた提案をもう一度提出できます" in confirmation
    db.session.refresh(proposal)
    assert proposal.status is S.SUBMITTED
    assert client.submit(f"{page}/withdraw").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is S.WITHDRAWN
    assert "もう一度提出する" in client.get(page).get_data(as_text=True)
    assert client.submit(f"{page}/submit").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is S.SUBMITTED
    assert audit_actions() == ["proposal.withdrawn", "proposal.submitted"]


def test_a_withdrawn_proposal_is_not_submitted_again_after_the_deadline(client, login, cast, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.WITHDRAWN)
    deadline_passed(cast.need)
    login(cast.member)
    page = f"/proposals/{proposal.id}"
    response = client.submit(f"{page}/submit")
    assert response.status_code == 409
    assert "この課題の提案受付は締め切られました" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.status is S.WITHDRAWN
    assert audit_actions() == []


# --- loading a seed's text ---


def test_loading_a_seed_fills_only_the_empty_summary(client, login, cast, make_seed) -> None:
    seed = make_seed(organisation=cast.organisation, summary="スマホで保育所の入所申請", description="書類も電子で提出")
    login(cast.member)
    url = f"/proposals/new?need={cast.need.id}"
    typed = {**FORM, "summary": "", "approach": "区役所と一緒に試行する", "cost_estimate": "月額3万円"}
    response = client.submit(url, {**typed, "seed_id": str(seed.id), "load_seed": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "スマホで保育所の入所申請" in textarea(html, "summary")
    assert "書類も電子で提出" in textarea(html, "summary")
    assert textarea(html, "approach") == "区役所と一緒に試行する"
    assert input_value(html, "cost_estimate") == "月額3万円"
    assert proposals() == []  # loading saves nothing


def test_loading_a_seed_keeps_a_typed_summary(client, login, cast, make_seed) -> None:
    seed = make_seed(organisation=cast.organisation, summary="シーズの概要")
    login(cast.member)
    url = f"/proposals/new?need={cast.need.id}"
    typed = {**FORM, "summary": "自分で書いた概要", "approach": "実施方法", "cost_estimate": "10万円"}
    html = client.submit(url, {**typed, "seed_id": str(seed.id), "load_seed": "1"}).get_data(as_text=True)
    assert textarea(html, "summary") == "自分で書いた概要"
    assert "シーズの概要" not in textarea(html, "summary")
    assert (textarea(html, "approach"), input_value(html, "cost_estimate")) == ("実施方法", "10万円")


def submit_buttons(html: str) -> list[str]:
    """The proposal form's submit buttons, in the order of the page."""
    form = re.search(r'<form method="post" class="form".*?</form>', html, re.S)
    assert form, "no proposal form"
    return re.findall(r'<button type="submit"([^>]*)>', form.group(0))


@pytest.mark.parametrize("submitted", [False, True])
def test_saving_is_the_forms_default_button_not_loading_a_seed(client, login, cast, make_seed, submitted) -> None:
    """Enter in a field presses the form's first submit button: it must save, not load a seed."""
    make_seed(organisation=cast.organisation)
    login(cast.member)
    url = f"/proposals/new?need={cast.need.id}"
    if submitted:
        client.submit(url, FORM)
        proposal = proposals()[0]
        proposal.status = ProposalStatus.SUBMITTED
        db.session.commit()
        url = f"/proposals/{proposal.id}/edit"
    buttons = submit_buttons(client.get(url).get_data(as_text=True))
    assert len(buttons) == 2
    assert "load_seed" not in buttons[0]
    assert 'name="load_seed"' in buttons[1]


# --- the working group's invited organisations ---


def group_on(need, organisation, group_status: WorkingGroupStatus, membership: MembershipStatus) -> WorkingGroup:
    group = WorkingGroup(need=need, name="入所申請WG", purpose="検討", status=group_status)
    db.session.add(group)
    db.session.add(WorkingGroupMembership(group=group, organisation=organisation, status=membership))
    db.session.commit()
    return group


@pytest.mark.parametrize("membership", [MembershipStatus.INVITED, MembershipStatus.ACCEPTED])
@pytest.mark.parametrize("group_status", [WorkingGroupStatus.FORMING, WorkingGroupStatus.ACTIVE])
def test_an_invited_organisation_proposes_after_the_deadline(client, login, cast, group_status, membership) -> None:
    group_on(cast.need, cast.organisation, group_status, membership)
    deadline_passed(cast.need)
    login(cast.member)
    assert "締切の後も提案できます" in client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert client.submit(f"/proposals/new?need={cast.need.id}", FORM).status_code == 302
    [proposal] = proposals()
    url = f"/proposals/{proposal.id}/submit"
    assert client.submit(url).status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is S.SUBMITTED


@pytest.mark.parametrize(
    ("group_status", "membership"),
    [
        (WorkingGroupStatus.CONCLUDED, MembershipStatus.ACCEPTED),  # the group no longer works
        (WorkingGroupStatus.ACTIVE, MembershipStatus.DECLINED),  # it turned the invitation down
        (None, None),  # never invited
    ],
)
def test_an_organisation_not_in_a_working_group_does_not(client, login, cast, group_status, membership) -> None:
    if group_status is not None:
        group_on(cast.need, cast.organisation, group_status, membership)
    else:
        group_on(cast.need, cast.other_member.organisation, WorkingGroupStatus.ACTIVE, MembershipStatus.ACCEPTED)
    deadline_passed(cast.need)
    login(cast.member)
    need_page = client.get(f"/needs/{cast.need.id}").get_data(as_text=True)
    assert "この課題に提案する" not in need_page
    response = client.get(f"/proposals/new?need={cast.need.id}", follow_redirects=True)
    assert "この課題の提案受付は締め切られました" in response.get_data(as_text=True)
    response = client.submit(f"/proposals/new?need={cast.need.id}", FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/needs/{cast.need.id}")
    assert proposals() == []

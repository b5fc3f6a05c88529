"""Editing a submitted proposal until the deadline (issue 12, item 2): each edit keeps
the earlier text as a ProposalVersion; the city reads the latest one, is told that it
changed, and can open the earlier versions; other organisations cannot. After the
deadline the proposal is no longer edited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import AuditRecord, Proposal, ProposalStatus, ProposalVersion
from hackplat.proposals.services import ProposalContent, change_proposal_status, create_proposal

S = ProposalStatus
FIRST = ProposalContent(
    summary="第一版の概要：AIで入所申請を案内します", approach="チャットボット", cost_estimate="50万円"
)
FORM = {"summary": "第二版の概要：申請書の自動確認も行います", "approach": "チャットボットとOCR", "schedule": "",
        "cost_estimate": "80万円", "city_support": "", "seed_id": "0"}  # fmt: skip
CHANGED = "この提案は提出の後に変更されています（第2版"


@pytest.fixture
def switch_to(client, login):
    def switch(user) -> None:
        client.submit("/logout")
        login(user)

    return switch


@pytest.fixture
def submitted(cast) -> Proposal:
    """A proposal written and submitted by the cast's member (its first version)."""
    proposal = create_proposal(cast.need, FIRST, actor=cast.member)
    change_proposal_status(proposal, S.SUBMITTED, actor=cast.member)
    db.session.commit()
    return proposal


def versions(proposal: Proposal) -> list[ProposalVersion]:
    query = select(ProposalVersion).where(ProposalVersion.proposal_id == proposal.id)
    return list(db.session.scalars(query.order_by(ProposalVersion.number)))


def edit(client, proposal: Proposal, **changes: str):
    url = f"/proposals/{proposal.id}/edit"
    return client.submit(url, {**FORM, "version": str(proposal.version), **changes})


def test_submitting_keeps_the_first_version(cast, submitted) -> None:
    [first] = versions(submitted)
    assert (first.number, first.summary, first.cost_estimate, first.author_id) == (
        1, FIRST.summary, "50万円", cast.member.id
    )  # fmt: skip


def test_an_edit_before_the_deadline_keeps_a_new_version_and_is_audited(client, login, cast, submitted) -> None:
    login(cast.colleague)
    response = edit(client, submitted)
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.status is S.SUBMITTED
    assert submitted.summary == FORM["summary"]
    first, second = versions(submitted)
    assert first.summary == FIRST.summary  # the submitted text is not lost
    assert (second.number, second.summary, second.cost_estimate, second.author_id) == (
        2, FORM["summary"], "80万円", cast.colleague.id
    )  # fmt: skip
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "proposal.updated")).one()
    assert record.detail == {"fields": ["approach", "cost_estimate", "summary"], "version": 2}


def test_saving_without_a_change_makes_no_version(client, login, cast, submitted) -> None:
    login(cast.member)
    response = edit(client, submitted, summary=FIRST.summary, approach=FIRST.approach, cost_estimate="50万円")
    assert response.status_code == 302
    assert len(versions(submitted)) == 1
    assert CHANGED not in client.get(f"/proposals/{submitted.id}").get_data(as_text=True)


@pytest.mark.parametrize("reader", ["staff", "coordinator"])
def test_the_city_sees_that_it_changed_and_reads_the_earlier_version(
    client, login, switch_to, cast, submitted, reader
) -> None:
    login(cast.member)
    assert edit(client, submitted).status_code == 302
    switch_to(cast.actor(reader))
    page = client.get(f"/proposals/{submitted.id}").get_data(as_text=True)
    assert CHANGED in page
    latest, earlier = page.split("以前の版", 1)
    assert FORM["summary"] in latest  # the proposal as it is now
    assert "第1版（" in earlier
    assert FIRST.summary in earlier  # and the text first submitted
    assert "50万円" in earlier


def test_three_edits_are_three_more_versions(client, login, cast, submitted) -> None:
    login(cast.member)
    for n in (2, 3, 4):
        db.session.refresh(submitted)
        assert edit(client, submitted, summary=f"第{n}版の概要").status_code == 302
    assert [v.number for v in versions(submitted)] == [1, 2, 3, 4]
    assert "（第4版" in client.get(f"/proposals/{submitted.id}").get_data(as_text=True)


@pytest.mark.parametrize("outsider", ["other_member", "other_staff"])
def test_other_organisations_and_departments_read_no_version(
    client, login, switch_to, cast, submitted, outsider
) -> None:
    login(cast.member)
    assert edit(client, submitted).status_code == 302
    switch_to(cast.actor(outsider))
    response = client.get(f"/proposals/{submitted.id}")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert FIRST.summary not in html
    assert FORM["summary"] not in html


def test_after_the_deadline_a_submitted_proposal_is_not_edited(client, login, cast, submitted) -> None:
    cast.need.deadline = japan_today() - timedelta(days=1)
    db.session.commit()
    login(cast.member)
    page = client.get(f"/proposals/{submitted.id}").get_data(as_text=True)
    assert f"/proposals/{submitted.id}/edit" not in page
    response = client.get(f"/proposals/{submitted.id}/edit")
    assert response.status_code == 409
    assert "この課題の提案受付は締め切られました" in response.get_data(as_text=True)
    token = client.csrf_token(f"/proposals/{submitted.id}")
    response = client.post(f"/proposals/{submitted.id}/edit", data={**FORM, "version": "2", "csrf_token": token})
    assert response.status_code == 409
    assert "この課題の提案受付は締め切られました" in response.get_data(as_text=True)
    db.session.refresh(submitted)
    assert submitted.summary == FIRST.summary
    assert len(versions(submitted)) == 1

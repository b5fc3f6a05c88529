"""The proposal pages: proposing from a seed or from scratch, the 400/409 answers, the
decisions on the detail page, the lists, and what the proposer finds in the inbox."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.models import NeedStatus, Proposal, ProposalStatus

S = ProposalStatus
FORM = {
    "summary": "AIで申請の案内を行います",
    "approach": "チャットボット",
    "schedule": "3か月",
    "cost_estimate": "50万円",
    "city_support": "問い合わせ記録",
    "seed_id": "0",
    "version": "",
}


def proposal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal)) or 0


def new_url(cast) -> str:
    return f"/proposals/new?need={cast.need.id}"


def test_a_member_proposes_submits_and_sees_the_decision(cast, client, login) -> None:
    staff = cast.staff  # in the department before the proposal arrives
    login(cast.member)
    response = client.submit(new_url(cast), FORM)
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert proposal.status is S.DRAFT
    page = f"/proposals/{proposal.id}"
    assert client.submit(f"{page}/submit").status_code == 302
    assert proposal.status is S.SUBMITTED
    client.submit("/logout")
    login(staff)
    assert "新しい提案が届きました" in client.get("/notifications/").get_data(as_text=True)
    assert client.submit(f"{page}/shortlist").status_code == 302
    assert client.submit(f"{page}/decline", {"reason": "今年度は予算がありません"}).status_code == 302
    client.submit("/logout")
    login(cast.member)
    assert "今年度は予算がありません" in client.get(page).get_data(as_text=True)
    inbox = client.get("/notifications/").get_data(as_text=True)
    assert "「選考中」になりました" in inbox
    assert "「見送り」になりました" in inbox
    assert "今年度は予算がありません" in inbox
    assert f'href="/proposals/{proposal.id}"' in inbox


#: (case, form changes, the field whose message is shown, the message)
INVALID = [
    ("summary missing", {"summary": ""}, "summary", "入力してください。"),
    ("summary only spaces", {"summary": "   "}, "summary", "入力してください。"),
    ("summary too long", {"summary": "あ" * 2001}, "summary", "2000文字以内で入力してください。"),
    ("approach too long", {"approach": "あ" * 5001}, "approach", "5000文字以内で入力してください。"),
    ("cost too long", {"cost_estimate": "円" * 201}, "cost_estimate", "200文字以内で入力してください。"),
    ("city support too long", {"city_support": "あ" * 2001}, "city_support", "2000文字以内で入力してください。"),
]


@pytest.mark.parametrize(("case", "changes", "field", "message"), INVALID, ids=[row[0] for row in INVALID])
def test_a_refused_form_shows_the_message_by_the_field(cast, client, login, case, changes, field, message) -> None:
    login(cast.member)
    response = client.submit(new_url(cast), {**FORM, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="error" id="{field}-error">{message}</p>' in html
    assert proposal_count() == 0


def test_a_foreign_seed_slipped_into_the_form_is_refused(cast, client, login, make_seed) -> None:
    foreign = make_seed(organisation=cast.other_member.organisation)
    login(cast.member)
    response = client.submit(new_url(cast), {**FORM, "seed_id": str(foreign.id)})
    assert response.status_code == 400
    assert proposal_count() == 0
    assert "自分の組織のシーズを選んでください。" in response.get_data(as_text=True)


def test_html_typed_into_the_fields_comes_back_escaped(cast, client, login) -> None:
    login(cast.member)
    attack = '<script>alert("x")</script>'
    client.submit(new_url(cast), {**FORM, "summary": attack, "cost_estimate": "<b>無料</b>"})
    proposal = db.session.scalar(select(Proposal))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert attack not in page
    assert "&lt;b&gt;無料&lt;/b&gt;" in page
    edit = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert attack not in edit
    assert "&lt;script&gt;" in edit


def test_a_seed_fills_in_the_summary(cast, client, login, make_seed) -> None:
    seed = make_seed(organisation=cast.organisation, title="窓口AI", summary="AIが窓口で案内", description="多言語対応")
    foreign = make_seed(organisation=cast.other_member.organisation, summary="他社の秘密の概要")
    login(cast.member)
    page = client.get(f"{new_url(cast)}&seed={seed.id}").get_data(as_text=True)
    assert "AIが窓口で案内\n\n多言語対応</textarea>" in page
    assert "元にするシーズ: 窓口AI" in page
    assert "他社の秘密の概要" not in client.get(f"{new_url(cast)}&seed={foreign.id}").get_data(as_text=True)
    assert client.get(f"{new_url(cast)}&seed=abc").status_code == 200
    client.submit(new_url(cast), {**FORM, "seed_id": str(seed.id)})
    assert db.session.scalar(select(Proposal)).seed_id == seed.id


def test_an_organisation_that_proposed_already_is_sent_to_its_proposal(cast, client, login, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    login(cast.colleague)
    response = client.get(new_url(cast))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert "既に提案しています" in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)


@pytest.mark.parametrize("status", [NeedStatus.CLOSED, NeedStatus.PILOTING])
def test_a_need_that_takes_no_proposal_sends_back_to_its_page(cast, client, login, make_need, status) -> None:
    need = make_need(department=cast.department, status=status)
    login(cast.member)
    response = client.get(f"/proposals/new?need={need.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/needs/{need.id}")
    assert "受け付けていません" in client.get(f"/needs/{need.id}").get_data(as_text=True)


def test_a_draft_need_or_a_missing_one_is_404(cast, client, login, make_need) -> None:
    draft = make_need(department=cast.department, status=NeedStatus.DRAFT)
    login(cast.member)
    assert client.get(f"/proposals/new?need={draft.id}").status_code == 404
    assert client.get("/proposals/new?need=99999").status_code == 404
    assert client.get("/proposals/new").status_code == 404


def test_submitting_after_the_deadline_answers_409(cast, client, login, make_need, make_proposal) -> None:
    need = make_need(department=cast.department, deadline=date(2020, 3, 31))
    proposal = make_proposal(need, cast.organisation)
    login(cast.member)
    page = f"/proposals/{proposal.id}"
    response = client.submit(f"{page}/submit")
    assert response.status_code == 409
    assert "2020/03/31 23:59" in response.get_data(as_text=True)
    assert proposal.status is S.DRAFT


def test_editing_keeps_the_version_and_refuses_a_stale_form(cast, client, login, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation)
    url = f"/proposals/{proposal.id}/edit"
    login(cast.member)
    assert 'name="version" type="hidden" value="1"' in client.get(url).get_data(as_text=True)
    assert client.submit(url, {**FORM, "version": "1", "summary": "第二版"}).status_code == 302
    assert proposal.summary == "第二版"
    assert proposal.version == 2
    stale = client.submit(url, {**FORM, "version": "1", "summary": "古い画面"})
    assert stale.status_code == 409
    assert "他の人が先に更新しました" in stale.get_data(as_text=True)
    assert proposal.summary == "第二版"


def test_a_shortlisted_proposal_cannot_be_edited(cast, client, login, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SHORTLISTED)
    login(cast.member)
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 409
    assert client.submit(f"/proposals/{proposal.id}/edit", FORM).status_code == 409


def test_the_detail_page_offers_only_the_allowed_moves(cast, client, login, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    login(cast.staff)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "選考対象にする" in page
    assert "見送る" in page
    assert "採択する" not in page
    assert "取り下げる" not in page
    client.submit(f"/proposals/{proposal.id}/shortlist")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "採択する" in page
    assert "選考対象にする" not in page


def test_declining_without_a_reason_is_a_400_on_the_detail_page(cast, client, login, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    login(cast.coordinator)
    page = f"/proposals/{proposal.id}"
    response = client.submit(f"{page}/decline", {"reason": "  "})
    assert response.status_code == 400
    assert '<p class="error" id="reason-error">入力してください。</p>' in response.get_data(as_text=True)
    assert proposal.status is S.SUBMITTED


def test_my_proposals_lists_the_organisations_own_only(cast, client, login, make_need, make_proposal) -> None:
    other_need = make_need(department=cast.department, title="ごみ収集の効率化")
    make_proposal(cast.need, cast.organisation, S.DRAFT)
    make_proposal(other_need, cast.organisation, S.DECLINED)
    make_proposal(other_need, cast.other_member.organisation, S.SUBMITTED, summary="他社の提案")
    login(cast.colleague)
    page = client.get("/proposals/mine").get_data(as_text=True)
    assert "保育所入所手続のオンライン化" in page
    assert "ごみ収集の効率化" in page
    assert page.count('href="/proposals/') == 2
    assert "下書き" in page
    assert "見送り" in page


def test_a_needs_proposals_leave_out_drafts_and_page_with_the_filter(
    cast, client, login, make_organisation, make_proposal
) -> None:
    for n in range(22):
        make_proposal(cast.need, make_organisation(f"提案組織{n:02d}"), S.SUBMITTED)
    make_proposal(cast.need, make_organisation("下書きの組織"), S.DRAFT)
    make_proposal(cast.need, make_organisation("選考中の組織"), S.SHORTLISTED)
    login(cast.staff)
    url = f"/proposals/need/{cast.need.id}"
    everything = client.get(url).get_data(as_text=True) + client.get(f"{url}?page=2").get_data(as_text=True)
    assert "下書きの組織" not in everything
    assert "選考中の組織" in everything
    assert "23件中" in everything
    submitted = client.get(f"{url}?status=submitted").get_data(as_text=True)
    assert "選考中の組織" not in submitted
    assert "22件中" in submitted
    assert f'href="/proposals/need/{cast.need.id}?page=2&amp;status=submitted"' in submitted
    assert "下書きの組織" not in client.get(f"{url}?status=draft").get_data(as_text=True)

"""Who may read and act on a proposal through the pages: another organisation never sees
one (drafts are 404, as if missing, also for guessed ids), another department neither."""

from __future__ import annotations

import pytest

from hackplat.models import NeedStatus, ProposalStatus

S = ProposalStatus
SECRET = "B社の未公開の提案内容"
FORM = {"summary": "書き換え", "version": "1", "seed_id": "0"}
#: (method, path under /proposals/<id>, form data)
MEMBER_ROUTES = [
    ("GET", "", {}),
    ("GET", "/edit", {}),
    ("POST", "/edit", FORM),
    ("POST", "/submit", {}),
    ("POST", "/withdraw", {}),
]
CITY_ROUTES = [
    ("GET", "", {}),
    ("POST", "/shortlist", {}),
    ("POST", "/decline", {"reason": "理由"}),
]


def call(client, method: str, url: str, data: dict):
    return client.get(url) if method == "GET" else client.submit(url, data)


@pytest.fixture
def other_draft(cast, make_proposal):
    """Organisation B's draft proposal to the same need."""
    return make_proposal(cast.need, cast.other_member.organisation, S.DRAFT, summary=SECRET)


@pytest.mark.parametrize(("method", "path", "data"), MEMBER_ROUTES)
def test_a_member_cannot_touch_another_organisations_draft(
    cast, client, login, other_draft, method, path, data
) -> None:
    login(cast.member)
    response = call(client, method, f"/proposals/{other_draft.id}{path}", data)
    assert response.status_code == 404
    assert SECRET not in response.get_data(as_text=True)
    assert other_draft.status is S.DRAFT
    assert other_draft.summary == SECRET


@pytest.mark.parametrize(("method", "path", "data"), MEMBER_ROUTES)
def test_guessed_ids_answer_as_missing(cast, client, login, other_draft, method, path, data) -> None:
    login(cast.member)
    for guess in (other_draft.id + 1, 99999):
        assert call(client, method, f"/proposals/{guess}{path}", data).status_code == 404


@pytest.mark.parametrize(("method", "path", "data"), MEMBER_ROUTES)
def test_a_member_cannot_touch_another_organisations_submitted_proposal(
    cast, client, login, make_need, make_proposal, method, path, data
) -> None:
    need = make_need(department=cast.department)
    submitted = make_proposal(need, cast.other_member.organisation, S.SUBMITTED, summary=SECRET)
    login(cast.member)
    response = call(client, method, f"/proposals/{submitted.id}{path}", data)
    assert response.status_code == 403
    assert SECRET not in response.get_data(as_text=True)
    assert submitted.status is S.SUBMITTED


@pytest.mark.parametrize(("method", "path", "data"), CITY_ROUTES)
def test_staff_of_another_department_cannot_see_or_decide(
    cast, client, login, make_proposal, method, path, data
) -> None:
    submitted = make_proposal(cast.need, cast.organisation, S.SUBMITTED, summary=SECRET)
    login(cast.other_staff)
    response = call(client, method, f"/proposals/{submitted.id}{path}", data)
    assert response.status_code == 403
    assert SECRET not in response.get_data(as_text=True)
    assert submitted.status is S.SUBMITTED
    assert client.get(f"/proposals/need/{cast.need.id}").status_code == 403


@pytest.mark.parametrize("name", ["staff", "coordinator"])
def test_the_city_never_sees_a_draft(cast, client, login, make_proposal, name) -> None:
    draft = make_proposal(cast.need, cast.organisation, S.DRAFT, summary=SECRET)
    login(cast.actor(name))
    assert client.get(f"/proposals/{draft.id}").status_code == 404
    assert SECRET not in client.get(f"/proposals/need/{cast.need.id}").get_data(as_text=True)


def test_a_proposer_cannot_decide_on_their_own_proposal(cast, client, login, make_proposal) -> None:
    proposal = make_proposal(cast.need, cast.organisation, S.SUBMITTED)
    login(cast.member)
    for method, path, data in CITY_ROUTES[1:]:
        assert call(client, method, f"/proposals/{proposal.id}{path}", data).status_code == 403
    assert proposal.status is S.SUBMITTED


def test_the_need_list_of_a_missing_or_unseen_need_is_404(cast, client, login, make_need) -> None:
    other_departments_draft = make_need(department=cast.other_staff.department, status=NeedStatus.DRAFT)
    login(cast.staff)
    assert client.get("/proposals/need/99999").status_code == 404
    assert client.get(f"/proposals/need/{other_departments_draft.id}").status_code == 404

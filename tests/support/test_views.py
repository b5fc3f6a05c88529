"""The support pages over HTTP: the similar-requests step keeps what was typed and offers
to join; a refused action is shown on the request's page with the right status."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models.support import SupportRequest, SupportStatus
from tests.support.conftest import KOHOKU_TEXT, open_nishi

TYPED = {"title": KOHOKU_TEXT[0], "situation": KOHOKU_TEXT[1], "affected": "保護者", "tried": "チラシ"}


def test_the_confirmation_step_warns_of_the_other_ward_and_keeps_what_was_typed(client, login, wards) -> None:
    nishi = open_nishi(wards)
    login(wards.kohoku)
    page = client.submit("/support/new", {**TYPED, "step": "check"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "西区から同じような依頼が出ています。参加しますか？" in html
    assert f'action="/support/{nishi.id}"' in html
    assert all(f'value="{value}"' in html for value in TYPED.values())  # carried in hidden fields
    assert db.session.scalars(select(SupportRequest)).all() == [nishi]  # nothing saved yet
    saved = client.submit("/support/new", {**TYPED, "step": "post"})
    assert saved.status_code == 302
    mine = db.session.scalars(select(SupportRequest).where(SupportRequest.id != nishi.id)).one()
    assert (mine.title, mine.tried, mine.department_id) == (TYPED["title"], "チラシ", wards.kohoku.department_id)


def test_a_refused_action_stays_on_the_page_with_its_message(client, login, wards) -> None:
    request = open_nishi(wards)
    login(wards.coordinator)
    url = f"/support/{request.id}"
    page = client.submit(url, {"action": "triage", "triage-path": "need", "triage-reason": "",
                               "triage-version": str(request.version)})  # fmt: skip
    assert page.status_code == 400
    assert 'id="triage-reason-error"' in page.get_data(as_text=True)
    stale = client.submit(url, {"action": "triage", "triage-path": "need", "triage-reason": "明確",
                                "triage-version": str(request.version - 1)})  # fmt: skip
    assert stale.status_code == 409
    assert client.submit(url, {"action": "nonsense"}).status_code == 400
    assert db.session.get(SupportRequest, request.id).status is SupportStatus.SUBMITTED

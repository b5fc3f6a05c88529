"""Activity records: who reads and adds them (accepted members, the need's department,
coordinators; no one else), their order, and the input they refuse."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from hackplat.fiscal import japan_today
from hackplat.models import ActivityKind, ActivityRecord, MembershipStatus, WorkingGroupStatus
from hackplat.workgroups.services import one_year_after
from tests.workgroups.conftest import audit_actions, count

M = MembershipStatus
SECRET = "非公開の打ち合わせメモ"
VALID = {"occurred_on": "2024-05-10", "kind": "decision", "body": "試行の対象区を決定した"}

#: who → (membership of the cast's organisation, group page, records shown, adding a record)
READERS = {
    "accepted_member": (M.ACCEPTED, 200, True, 302),
    "invited_member": (M.INVITED, 200, False, 403),
    "declined_member": (M.DECLINED, 403, False, 403),
    "other_member": (M.ACCEPTED, 403, False, 403),
    "staff": (M.ACCEPTED, 200, True, 302),
    "other_staff": (M.ACCEPTED, 403, False, 403),
    "coordinator": (M.ACCEPTED, 200, True, 302),
    "admin": (M.ACCEPTED, 200, True, 302),
}


def actor_for(cast, who: str):
    return cast.member if who.endswith("_member") and who != "other_member" else cast.actor(who)


@pytest.mark.parametrize("who", list(READERS))
def test_who_reads_and_adds_records(client, login, cast, make_group, add_record, who) -> None:
    membership, page_status, shows_records, add_status = READERS[who]
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: membership})
    add_record(group, body=SECRET)
    login(actor_for(cast, who))
    page = client.get(f"/workgroups/{group.id}")
    assert page.status_code == page_status
    assert (SECRET in page.get_data(as_text=True)) is shows_records
    assert (f'action="/workgroups/{group.id}/records"' in page.get_data(as_text=True)) is shows_records
    response = client.submit(f"/workgroups/{group.id}/records", VALID)
    assert response.status_code == add_status
    assert count(ActivityRecord) == (2 if add_status == 302 else 1)


def test_an_added_record_is_written_with_its_author_and_audit(client, login, cast, make_group) -> None:
    group = make_group(WorkingGroupStatus.FORMING, {cast.organisation: M.ACCEPTED})
    login(cast.member)
    response = client.submit(f"/workgroups/{group.id}/records", VALID)
    assert response.status_code == 302
    html = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert VALID["body"] in html
    assert "決定事項" in html
    assert "2024/05/10" in html
    assert cast.member.name in html
    assert audit_actions(group.id) == ["working_group.record_added"]


def test_anonymous_visitors_are_sent_to_sign_in(client, cast, make_group) -> None:
    group = make_group()
    response = client.get(f"/workgroups/{group.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_missing_group_is_404(client, login, cast) -> None:
    login(cast.coordinator)
    assert client.get("/workgroups/999999").status_code == 404


def listed(html: str) -> list[tuple[str, str]]:
    """(date, body) of each record on the page, in the page's order."""
    return re.findall(r'<time datetime="([\d-]+)">.*?<p class="prose">(.*?)</p>', html, flags=re.S)


def test_records_are_listed_newest_first_and_paginated(client, login, cast, make_group, add_record) -> None:
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: M.ACCEPTED})
    for n in range(25):  # dates out of order, some on the same day
        add_record(group, body=f"記録{n:02d}", occurred_on=date(2024, 4, 1) + timedelta(days=(n * 7) % 12))
    login(cast.staff)
    first = listed(client.get(f"/workgroups/{group.id}").get_data(as_text=True))
    second = listed(client.get(f"/workgroups/{group.id}?page=2").get_data(as_text=True))
    assert (len(first), len(second)) == (20, 5)
    everything = first + second
    assert [day for day, _body in everything] == sorted((day for day, _body in everything), reverse=True)
    assert {body for _day, body in everything} == {f"記録{n:02d}" for n in range(25)}


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"body": ""}, "body"), ({"body": "   "}, "body"), ({"body": "x" * 4001}, "body"),
     ({"occurred_on": ""}, "occurred_on"), ({"occurred_on": "far-future"}, "occurred_on"),
     ({"occurred_on": "2099-01-01"}, "occurred_on"), ({"kind": "party"}, "kind")],
)  # fmt: skip
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(
    client, login, cast, make_group, changes, field
) -> None:
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: M.ACCEPTED})
    login(cast.coordinator)
    response = client.submit(f"/workgroups/{group.id}/records", {**VALID, **changes})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert count(ActivityRecord) == 0
    assert audit_actions() == []


def test_a_date_up_to_a_year_ahead_is_accepted_and_a_day_more_is_not(client, login, cast, make_group) -> None:
    group = make_group(WorkingGroupStatus.ACTIVE, {cast.organisation: M.ACCEPTED})
    login(cast.coordinator)
    limit = one_year_after(japan_today())
    url = f"/workgroups/{group.id}/records"
    assert client.submit(url, {**VALID, "occurred_on": limit.isoformat()}).status_code == 302
    later = (limit + timedelta(days=1)).isoformat()
    assert client.submit(url, {**VALID, "occurred_on": later}).status_code == 400
    assert count(ActivityRecord) == 1


def test_one_year_after_a_leap_day() -> None:
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)
    assert one_year_after(date(2024, 5, 1)) == date(2025, 5, 1)


def test_no_records_after_the_group_concluded(client, login, cast, make_group, add_record) -> None:
    group = make_group(WorkingGroupStatus.CONCLUDED, {cast.organisation: M.ACCEPTED})
    add_record(group, body=SECRET, kind=ActivityKind.DECISION)
    login(cast.member)
    html = client.get(f"/workgroups/{group.id}").get_data(as_text=True)
    assert SECRET in html
    assert f'action="/workgroups/{group.id}/records"' not in html
    assert client.submit(f"/workgroups/{group.id}/records", VALID).status_code == 409
    assert count(ActivityRecord) == 1

"""The project path of a support request (「プロジェクトがうまく進まない」, #17 item 1): the
office starts project support on one of the department's running pilots; the supporter
and the department's staff add dated check-ins (audited, the department told); the
office closes it with a summary and the request is done. The pilot's page shows it to
city accounts and the implementing organisation, never to others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import Notification, Pilot, PilotStage
from hackplat.models.support import SupportPath, SupportRequest, SupportStatus
from hackplat.models.support_paths import CheckInStatus, ProjectCheckIn, ProjectSupport
from hackplat.support.paths import project
from hackplat.support.paths.project import CheckInEntry
from tests.pilots.conftest import Cast
from tests.support.conftest import audit_actions

TODAY = japan_today()


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need, make_proposal) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need, make_proposal)


def triaged(cast: Cast) -> SupportRequest:
    request = SupportRequest(
        department_id=cast.department.id, author_id=cast.staff.id, title="試行が予定より遅れている",
        situation="事業者との調整が進まない。", status=SupportStatus.TRIAGED, path=SupportPath.PROJECT,
        triage_reason="プロジェクト管理支援",
    )  # fmt: skip
    db.session.add(request)
    db.session.commit()
    return request


@pytest.fixture
def running(cast: Cast) -> Pilot:
    return cast.pilot(PilotStage.RUNNING)


def started(cast: Cast, pilot: Pilot) -> ProjectSupport:
    support = project.start_support(triaged(cast), pilot, "3月までに2区で稼働させる", actor=cast.coordinator)
    db.session.commit()
    return support


def entry(note: str = "事業者との定例を再開した", status: str = "attention", **kw) -> CheckInEntry:
    return CheckInEntry(held_on=kw.get("held_on", TODAY), status=status, note=note, next_action=kw.get("next", ""))


def test_support_with_check_ins_ends_in_done(cast, running) -> None:
    staff, colleague = cast.staff, cast._make_user(cast.staff.role, department=cast.department)
    support = started(cast, running)
    request = support.request
    assert (request.status, support.supporter_id, support.pilot_id) == (
        SupportStatus.IN_PROGRESS, cast.coordinator.id, running.id)  # fmt: skip
    project.add_check_in(support, entry(next="来週までに仕様を確定する"), actor=cast.coordinator)
    project.add_check_in(support, entry("仕様が確定した", "on_track"), actor=staff)
    db.session.commit()
    assert [c.status for c in support.check_ins] == [CheckInStatus.ON_TRACK, CheckInStatus.ATTENTION]
    told = list(db.session.scalars(select(Notification.user_id).where(Notification.kind == "support.check_in")))
    assert sorted(told) == sorted([staff.id, colleague.id, colleague.id])  # not the one who wrote it
    project.close_support(support, "遅れを取り戻し、2区で稼働した。", actor=cast.coordinator)
    db.session.commit()
    assert (request.status, support.summary) == (SupportStatus.DONE, "遅れを取り戻し、2区で稼働した。")
    assert audit_actions() == ["support.started", "support.project_started", "support.check_in_added",
                               "support.check_in_added", "support.project_closed", "support.done"]  # fmt: skip
    with pytest.raises(Conflict):
        project.add_check_in(support, entry(), actor=cast.coordinator)


@pytest.mark.parametrize("who", ["member", "other_staff"])
def test_only_the_office_and_the_department_check_in(cast, running, who) -> None:
    support = started(cast, running)
    with pytest.raises(PermissionDenied):
        project.add_check_in(support, entry(), actor=getattr(cast, who))
    assert db.session.scalar(select(ProjectCheckIn)) is None


@pytest.mark.parametrize("who", ["staff", "member"])
def test_only_the_office_starts_and_closes(cast, running, who) -> None:
    with pytest.raises(PermissionDenied):
        project.start_support(triaged(cast), running, "目標", actor=getattr(cast, who))
    support = started(cast, running)
    with pytest.raises(PermissionDenied):
        project.close_support(support, "まとめ", actor=getattr(cast, who))


def test_only_the_departments_running_pilots(cast, make_department) -> None:
    considered = cast.pilot(PilotStage.CONSIDERED)
    with pytest.raises(InvalidInput) as refused:
        project.start_support(triaged(cast), considered, "目標", actor=cast.coordinator)
    assert refused.value.field == "pilot"
    assert db.session.scalar(select(ProjectSupport)) is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"status": "stuck"}, "status"), ({"note": " "}, "note"),
     ({"held_on": TODAY + timedelta(days=400)}, "held_on")],
)  # fmt: skip
def test_a_wrong_check_in_is_refused_next_to_its_field(cast, running, fields, field) -> None:
    support = started(cast, running)
    with pytest.raises(InvalidInput) as refused:
        project.add_check_in(support, entry(**fields), actor=cast.staff)
    assert refused.value.field == field


def test_the_page_keeps_a_refused_check_in_as_typed_and_the_pilot_page_shows_it(client, login, cast, running) -> None:
    support = started(cast, running)
    url = f"/support/{support.request_id}/project"
    login(cast.staff)
    refused = client.submit(url, {"action": "check_in", "held_on": TODAY.isoformat(), "status": "delayed",
                                  "note": "", "next_action": "部長に相談する"})  # fmt: skip
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "部長に相談する" in page
    assert "入力してください。" in page
    assert db.session.scalar(select(ProjectCheckIn)) is None
    done = client.submit(url, {"action": "check_in", "held_on": TODAY.isoformat(), "status": "delayed",
                               "note": "納品が2週間遅れる", "next_action": "部長に相談する"})  # fmt: skip
    assert done.status_code == 302
    assert client.submit(url, {"action": "close", "summary": "終了"}).status_code == 403  # the office closes
    pilot_page = client.get(f"/pilots/{running.id}").get_data(as_text=True)
    assert "プロジェクト管理支援" in pilot_page
    assert "納品が2週間遅れる" in pilot_page
    assert "遅延" in pilot_page


def test_the_implementing_organisation_reads_it_on_the_pilot_page(client, login, cast, running) -> None:
    support = started(cast, running)
    project.add_check_in(support, entry("定例を再開した"), actor=cast.coordinator)
    db.session.commit()
    login(cast.member)
    page = client.get(f"/pilots/{running.id}").get_data(as_text=True)
    assert "定例を再開した" in page
    assert f"/support/{support.request_id}/project" not in page
    assert client.get(f"/support/{support.request_id}/project").status_code == 404  # requests are the city's


@pytest.mark.parametrize(
    "body",
    [{"action": "start", "pilot": "9" * 25, "goal": "目標"}, {"action": "check_in", "held_on": "9999-12-31"},
     {"action": "check_in", "held_on": "2024-02-30", "status": "on_track", "note": "x"},
     {"action": "check_in", "status": "<script>", "note": "a\x00b"}, {"action": "nothing"}, {}],
)  # fmt: skip
def test_bad_posts_are_refused_and_write_nothing(client, login, cast, running, body) -> None:
    support = started(cast, running)
    login(cast.coordinator)
    response = client.submit(f"/support/{support.request_id}/project", body)
    assert response.status_code in (400, 409)
    assert db.session.scalar(select(ProjectCheckIn)) is None

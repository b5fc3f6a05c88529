"""Co-creation labs (#17 item 2): the office keeps them (audited, http(s) pages only), a
need, group or pilot belongs to one, /needs and /knowledge filter by lab, and a lab's
page shows only what the public may see: open needs, published cases, no pilot."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.labs.services import LabFields, assign_lab, create_lab, update_lab
from hackplat.models import AuditRecord, CaseStatus, Lab, NeedStatus, PilotStage, ProposalStatus, Role, WorkingGroup
from hackplat.needs.services import fields_of, update_need
from tests.knowledge.conftest import build_case, build_pilot


@pytest.fixture
def office(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def lab(office) -> Lab:
    made = create_lab(LabFields(name="ケアテック・オープン・ラボ横浜", url="https://lab.example.jp/"), actor=office)
    db.session.commit()
    return made


@pytest.fixture
def pilot_of(make_need, make_organisation, make_proposal):
    """``pilot_of(lab, title)``: a pilot in ``lab`` (an evaluated one, ready for a case)."""

    def make(lab: Lab | None, title: str):
        need = make_need(status=NeedStatus.PILOTING, title=f"{title}の課題")
        proposal = make_proposal(need, make_organisation(name=f"{title}の組織"), ProposalStatus.SELECTED)
        return build_pilot(proposal, PilotStage.EVALUATED, title=title, lab_id=lab.id if lab else None)

    return make


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


# --- the office keeps the labs ---


def test_the_office_creates_and_edits_a_lab_with_audit_records(lab, office) -> None:
    assert lab.active
    assert lab.url == "https://lab.example.jp/"
    update_lab(lab, LabFields(name=lab.name, partners="横浜市立大学\n\n 地域ケアプラザ ", active=False),
               expected_version=lab.version, actor=office)  # fmt: skip
    db.session.commit()
    assert lab.partner_list == ["横浜市立大学", "地域ケアプラザ"]
    assert not lab.active
    assert lab.url == ""
    assert _actions()[-2:] == ["lab.created", "lab.updated"]
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "lab.updated")).one()
    assert set(record.detail["changed"]) == {"partners", "url", "active"}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF])
def test_nobody_else_creates_or_edits_a_lab(make_user, lab, role) -> None:
    someone = make_user(role)
    with pytest.raises(PermissionDenied):
        create_lab(LabFields(name="別のラボ"), actor=someone)
    with pytest.raises(PermissionDenied):
        update_lab(lab, LabFields(name="書き換え"), expected_version=lab.version, actor=someone)


def test_a_stale_edit_is_refused(lab, office) -> None:
    with pytest.raises(Conflict):
        update_lab(lab, LabFields(name="古い版から"), expected_version=lab.version - 1, actor=office)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://lab.example.jp/", "lab.example.jp", "https://user@lab.example.jp/",
     "https://lab example.jp/", "data:text/html,<b>x</b>"],
)  # fmt: skip
def test_the_labs_page_must_be_an_http_address(office, url) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_lab(LabFields(name="ラボ", url=url), actor=office)
    assert refused.value.field == "url"


def test_two_labs_may_not_share_a_name(lab, office) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_lab(LabFields(name=f" {lab.name} "), actor=office)
    assert refused.value.field == "name"


def test_a_refused_form_keeps_what_was_typed_and_writes_nothing(client, login, office) -> None:
    login(office)
    typed = {"name": "I・TOP横浜", "description": "IoTの共創", "url": "javascript:alert(1)", "active": "y"}
    response = client.submit("/labs/new", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "http:// または https://" in page
    assert "IoTの共創" in page
    assert 'value="javascript:alert(1)"' in page
    assert db.session.scalar(select(Lab)) is None
    response = client.submit("/labs/new", {**typed, "url": "https://itop.example.jp"})
    assert response.status_code == 302
    assert db.session.scalars(select(Lab.name)).all() == ["I・TOP横浜"]


# --- needs, groups and pilots in a lab ---


def test_the_department_puts_its_need_in_an_active_lab_only(make_user, make_need, lab, office) -> None:
    staff = make_user(Role.STAFF)
    need = make_need(department=staff.department, status=NeedStatus.OPEN)
    update_need(need, replace(fields_of(need), lab_id=lab.id), expected_version=need.version, actor=staff)
    db.session.commit()
    assert need.lab_id == lab.id
    ended = create_lab(LabFields(name="終了したラボ", active=False), actor=office)
    with pytest.raises(InvalidInput) as refused:
        update_need(need, replace(fields_of(need), lab_id=ended.id), expected_version=need.version, actor=staff)
    assert refused.value.field == "lab_id"
    db.session.rollback()
    lab.active = False  # the lab it is in ends: the need may keep it
    db.session.commit()
    update_need(need, replace(fields_of(need), title="改題"), expected_version=need.version, actor=staff)
    assert need.lab_id == lab.id


def test_the_office_puts_a_pilot_in_a_lab_from_its_page(client, login, lab, office, pilot_of, make_user) -> None:
    pilot = pilot_of(None, "見守りセンサーの試行")
    login(office)
    page = client.get(f"/pilots/{pilot.id}").get_data(as_text=True)
    assert f'action="/labs/assign/pilot/{pilot.id}"' in page
    response = client.submit(f"/labs/assign/pilot/{pilot.id}", {"lab_id": str(lab.id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pilots/{pilot.id}")
    assert db.session.get(type(pilot), pilot.id).lab_id == lab.id
    assert _actions()[-1] == "pilot.lab_changed"
    response = client.submit(f"/labs/assign/pilot/{pilot.id}", {"lab_id": "999999"})
    assert response.status_code == 400
    assert "活動中のラボを選んでください" in response.get_data(as_text=True)
    assert db.session.get(type(pilot), pilot.id).lab_id == lab.id


def test_the_office_puts_a_group_in_a_lab_once(make_need, lab, office) -> None:
    group = WorkingGroup(need=make_need(status=NeedStatus.WORKING_GROUP), name="見守りワーキンググループ")
    db.session.add(group)
    db.session.commit()
    assert assign_lab(group, lab.id, actor=office) is True
    assert assign_lab(group, lab.id, actor=office) is False  # unchanged: no second record
    assert _actions().count("working_group.lab_changed") == 1
    assert assign_lab(group, None, actor=office) is True
    assert group.lab_id is None


def test_only_the_office_assigns_labs(make_user, lab, pilot_of) -> None:
    pilot = pilot_of(None, "試行")
    with pytest.raises(PermissionDenied):
        assign_lab(pilot, lab.id, actor=make_user(Role.STAFF))


# --- the filters and the lab's page ---


def test_needs_and_knowledge_filter_by_lab(client, make_need, lab, pilot_of) -> None:
    make_need(status=NeedStatus.OPEN, title="ラボの課題", lab_id=lab.id)
    make_need(status=NeedStatus.OPEN, title="ほかの課題")
    build_case(pilot_of(lab, "ラボの試行"), CaseStatus.PUBLISHED, title="ラボの事例")
    build_case(pilot_of(None, "ほかの試行"), CaseStatus.PUBLISHED, title="ほかの事例")
    needs = client.get(f"/needs/?lab={lab.id}").get_data(as_text=True)
    assert "ラボの課題" in needs
    assert "ほかの課題" not in needs
    assert "ほかの課題" in client.get("/needs/").get_data(as_text=True)
    cases = client.get(f"/knowledge/?lab={lab.id}").get_data(as_text=True)
    assert "ラボの事例" in cases
    assert "ほかの事例" not in cases


def test_the_lab_page_shows_only_what_the_public_may_see(client, login, office, make_need, lab, pilot_of) -> None:
    for status in (NeedStatus.OPEN, NeedStatus.DRAFT, NeedStatus.CLOSED):
        make_need(status=status, title=f"{status.value}の課題", lab_id=lab.id)
    build_case(pilot_of(lab, "公開の試行"), CaseStatus.PUBLISHED, title="公開した事例")
    build_case(pilot_of(lab, "下書きの試行"), CaseStatus.DRAFT, title="下書きの事例")
    build_case(pilot_of(lab, "同意待ちの試行"), CaseStatus.AWAITING_CONSENT, title="同意待ちの事例")
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "openの課題" in page
    assert "draftの課題" not in page
    assert "closedの課題" not in page
    assert "公開した事例" in page
    assert "下書きの事例" not in page
    assert "同意待ちの事例" not in page
    assert "/pilots/" not in page
    assert "同意待ちの試行" not in page
    assert 'href="https://lab.example.jp/"' in page
    login(office)
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "同意待ちの試行" in page
    assert "draftの課題" not in page
    assert client.get("/labs/999999").status_code == 404

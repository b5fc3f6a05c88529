"""A case is published only once the implementing organisation (a member) and the
department (a staff member) have both consented to its text: each consent is recorded
(who, when) and audited, the second one publishes, editing the text clears them, and
every refusal is said on the case page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hackplat.errors import Conflict, PermissionDenied
from hackplat.extensions import db
from hackplat.knowledge.consent import consent_case
from hackplat.knowledge.services import fields_of, request_consent, unpublish_case, update_case
from hackplat.models import AuditRecord, CaseStatus, KnowledgeCase, Role, User


@pytest.fixture
def parties(make_user, make_case):
    """A case awaiting consent, and who may give it (and who may not)."""
    case = make_case(CaseStatus.AWAITING_CONSENT)
    pilot = case.pilot
    return {
        "case": case,
        "member": make_user(Role.MEMBER, organisation=pilot.organisation),
        "staff": make_user(Role.STAFF, department=pilot.department),
        "other_member": make_user(Role.MEMBER),
        "other_staff": make_user(Role.STAFF),
        "coordinator": make_user(Role.COORDINATOR),
    }


def consent_on_page(client, page: str, seen: str | None = None):
    """Press the page's consent button: its form sends the version the page showed."""
    html = client.get(page).get_data(as_text=True)
    shown = re.search(r'name="version" value="(\d+)"', html)
    return client.submit(f"{page}/consent", {"version": seen or (shown.group(1) if shown else "")})


def consents() -> list[tuple[str, dict]]:
    query = select(AuditRecord.action, AuditRecord.detail).where(AuditRecord.object_type == "knowledge_case")
    return [tuple(row) for row in db.session.execute(query.order_by(AuditRecord.id))]


def test_the_second_consent_publishes_and_both_are_recorded(parties) -> None:
    case, member, staff = parties["case"], parties["member"], parties["staff"]
    consent_case(case, actor=member)
    assert case.status is CaseStatus.AWAITING_CONSENT
    assert (case.organisation_consent_by_id, case.department_consent_at) == (member.id, None)
    consent_case(case, actor=staff)
    assert case.status is CaseStatus.PUBLISHED
    assert case.published_at is not None
    assert case.department_consent_by_id == staff.id
    assert case.organisation_consent_at is not None
    assert consents() == [
        ("case.consented", {"party": "organisation"}),
        ("case.consented", {"party": "department"}),
        ("case.published", {"from": "awaiting_consent"}),
    ]
    record = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id)).first()
    assert record.actor_id == member.id


@pytest.mark.parametrize("who", ["other_member", "other_staff", "coordinator"])
def test_only_the_organisation_and_the_department_consent(parties, who) -> None:
    with pytest.raises(PermissionDenied):
        consent_case(parties["case"], actor=parties[who])
    assert consents() == []


def test_one_consent_per_side_and_only_when_asked(parties) -> None:
    case = parties["case"]
    consent_case(case, actor=parties["member"])
    with pytest.raises(Conflict, match="既に同意"):
        consent_case(case, actor=parties["member"])
    unpublish_case(case, actor=parties["coordinator"])  # taken back: nobody is asked now
    with pytest.raises(Conflict, match="同意を求められていません"):
        consent_case(case, actor=parties["staff"])


def test_editing_the_text_after_a_consent_clears_the_consents(parties) -> None:
    case, coordinator = parties["case"], parties["coordinator"]
    consent_case(case, actor=parties["member"])
    update_case(case, fields_of(case), expected_version=case.version, actor=coordinator)  # nothing changed
    assert case.organisation_consent_at is not None
    edited = fields_of(case)
    update_case(case, type(edited)(**{**edited.__dict__, "lessons": "追記"}), expected_version=case.version,
                actor=coordinator)  # fmt: skip
    assert (case.organisation_consent_at, case.organisation_consent_by_id) == (None, None)
    assert consents()[-1] == ("case.updated", {"changed": ["lessons"], "consents_reset": True})
    consent_case(case, actor=parties["staff"])
    assert case.status is CaseStatus.AWAITING_CONSENT  # the organisation must consent again


def test_back_to_draft_clears_the_consents(parties) -> None:
    case = parties["case"]
    consent_case(case, actor=parties["member"])
    unpublish_case(case, actor=parties["coordinator"])
    assert (case.status, case.organisation_consent_at) == (CaseStatus.DRAFT, None)
    request_consent(case, actor=parties["coordinator"])
    assert case.status is CaseStatus.AWAITING_CONSENT


def test_those_asked_read_the_case_and_consent_on_its_page(client, login, parties) -> None:
    case = parties["case"]
    page = f"/knowledge/{case.id}"
    assert client.get(page).status_code == 404  # not public while awaiting consent
    for who in ("member", "staff"):
        login(parties[who])
        body = client.get(page).get_data(as_text=True)
        assert "この事例は同意待ちです" in body
        assert "この内容での公開に同意する" in body
        assert consent_on_page(client, page).status_code == 302
        client.post("/logout", data={"csrf_token": client.csrf_token(page)})
    db.session.refresh(case)
    assert case.status is CaseStatus.PUBLISHED
    assert case.title in client.get("/knowledge/").get_data(as_text=True)


def test_a_refused_consent_is_said_on_the_case_page(client, login, parties) -> None:
    case = parties["case"]
    login(parties["member"])
    page = f"/knowledge/{case.id}"
    shown = str(case.version)
    assert consent_on_page(client, page).status_code == 302
    again = consent_on_page(client, page, seen=str(case.version))
    assert again.status_code == 409
    assert "この事例には既に同意しています。" in again.get_data(as_text=True)
    assert "同意の状況" in again.get_data(as_text=True)
    stale = consent_on_page(client, page, seen=shown)  # from a page read before the consent
    assert stale.status_code == 409
    assert "他の人が先に更新しました" in stale.get_data(as_text=True)


def test_a_consent_is_to_the_text_shown_not_to_a_later_edit(client, login, parties) -> None:
    case = parties["case"]
    page = f"/knowledge/{case.id}"
    login(parties["staff"])
    shown = re.search(r'name="version" value="(\d+)"', client.get(page).get_data(as_text=True))
    assert shown
    case.results = "公開前に書き直した成果"  # the office edits the text meanwhile
    db.session.commit()
    refused = consent_on_page(client, page, seen=shown.group(1))
    assert refused.status_code == 409
    db.session.refresh(case)
    assert case.department_consent_at is None
    assert ("case.consented", {"party": "department"}) not in consents()


@pytest.mark.parametrize("who", ["other_member", "other_staff"])
def test_others_neither_read_nor_consent(client, login, parties, who) -> None:
    case: KnowledgeCase = parties["case"]
    user: User = parties[who]
    login(user)
    assert client.get(f"/knowledge/{case.id}").status_code == 404
    assert client.submit(f"/knowledge/{case.id}/consent").status_code == 404
    assert consents() == []

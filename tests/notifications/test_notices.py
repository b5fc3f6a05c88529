"""The notices added for issue 11 (a registration, an evaluation request, a published case)
and issue 12 (a case put to consent, a measurement to confirm)."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.accounts.services import Registration, register_organisation
from hackplat.accounts.verification import verify
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.knowledge.consent import consent_case
from hackplat.knowledge.services import request_consent
from hackplat.models import (
    CaseStatus,
    NeedStatus,
    Notification,
    OrganisationKind,
    PilotKpi,
    PilotStage,
    ProposalStatus,
    Role,
)
from hackplat.pilots.measurements import Measured, propose_measurement
from hackplat.proposals.services import change_proposal_status
from tests.helpers.factories import PASSWORD
from tests.knowledge.conftest import build_case, build_pilot


def _received(kind: str) -> dict[int, str]:
    query = select(Notification.user_id, Notification.subject).where(Notification.kind == kind)
    return dict(db.session.execute(query).all())


def test_a_registration_is_announced_to_the_coordinators(make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    registration = Registration(kind=OrganisationKind.COMPANY, name="株式会社みなと", corporate_number=None,
                                is_startup=False, profile="", contact_name="港 太郎",
                                email="minato@example.jp", password=PASSWORD)  # fmt: skip
    organisation = register_organisation(registration)
    db.session.commit()
    assert _received("organisation.registered") == {}  # not before the address is proved
    verify(organisation.members[0])  # accounts/verification.py
    db.session.commit()
    assert _received("organisation.registered") == {coordinator.id: "新しい参加登録: 株式会社みなと"}


def test_a_shortlisted_proposal_asks_the_department_and_the_office_to_evaluate(
    make_user, make_need, make_proposal
) -> None:
    staff, coordinator = make_user(Role.STAFF), make_user(Role.COORDINATOR)
    need = make_need(department=staff.department)
    proposal = make_proposal(need, make_user(Role.MEMBER).organisation, ProposalStatus.SUBMITTED)
    change_proposal_status(proposal, ProposalStatus.SHORTLISTED, actor=coordinator)
    db.session.commit()
    asked = _received("evaluation.requested")
    assert set(asked) == {staff.id, coordinator.id}
    assert asked[staff.id].startswith("提案の評価をお願いします")


def test_a_published_case_is_announced_to_the_pilots_people(make_user, make_need, make_proposal) -> None:
    staff, member = make_user(Role.STAFF), make_user(Role.MEMBER)
    need = make_need(department=staff.department, status=NeedStatus.PILOTING)
    pilot = build_pilot(make_proposal(need, member.organisation, ProposalStatus.SELECTED), PilotStage.EVALUATED)
    case = build_case(pilot)
    request_consent(case, actor=make_user(Role.COORDINATOR))
    consent_case(case, actor=member)
    db.session.commit()
    assert _received("case.published") == {}, "not before both have consented"
    consent_case(case, actor=staff)  # the second consent publishes the case
    db.session.commit()
    assert case.status is CaseStatus.PUBLISHED
    assert set(_received("case.published")) == {staff.id, member.id}


def test_asking_for_consent_tells_the_organisations_members_and_the_departments_staff(
    make_user, make_need, make_proposal
) -> None:
    staff, member = make_user(Role.STAFF), make_user(Role.MEMBER)
    outsiders = [make_user(Role.STAFF), make_user(Role.MEMBER), make_user(Role.COORDINATOR)]
    need = make_need(department=staff.department, status=NeedStatus.PILOTING)
    pilot = build_pilot(make_proposal(need, member.organisation, ProposalStatus.SELECTED), PilotStage.EVALUATED)
    case = build_case(pilot, title="転入届の事前入力")
    request_consent(case, actor=outsiders[2])
    db.session.commit()
    asked = _received("case.consent_requested")
    assert asked == {
        staff.id: "事例の公開への同意をお願いします: 転入届の事前入力",
        member.id: "事例の公開への同意をお願いします: 転入届の事前入力",
    }
    link = db.session.scalar(select(Notification.link).where(Notification.kind == "case.consent_requested"))
    assert link == f"/knowledge/{case.id}"


def test_a_measurement_entered_asks_the_departments_staff_to_confirm_it(make_user, make_need, make_proposal) -> None:
    staff, member = make_user(Role.STAFF), make_user(Role.MEMBER)
    other_staff, colleague = make_user(Role.STAFF), make_user(Role.MEMBER, organisation=member.organisation)
    need = make_need(department=staff.department, status=NeedStatus.PILOTING)
    pilot = build_pilot(make_proposal(need, member.organisation, ProposalStatus.SELECTED), PilotStage.RUNNING)
    kpi = PilotKpi(pilot_id=pilot.id, procedure="転入届の受付", minutes_before=60, minutes_after=45)
    db.session.add(kpi)
    db.session.commit()
    propose_measurement(kpi, Measured(40, japan_today(), "平均"), actor=member)
    db.session.commit()
    asked = _received("pilot.measurement_proposed")
    assert set(asked) == {staff.id}, (other_staff.id, colleague.id)
    notice = db.session.scalar(select(Notification).where(Notification.kind == "pilot.measurement_proposed"))
    assert "手続「転入届の受付」の測定値を登録しました" in notice.body
    assert notice.link == f"/pilots/{pilot.id}#pilot-measurements"

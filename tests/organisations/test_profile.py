"""An organisation's public track record page (#17 item 5): opt-in, off by default, and
never more than the public may see elsewhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.errors import PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, CaseStatus, NeedStatus, OrganisationStatus, PilotStage, ProposalStatus, Role
from hackplat.organisations.profile import public_profile_count, switch_public_profile, track_record
from tests.knowledge.conftest import build_case, build_pilot


@pytest.fixture
def case_of(make_need, make_proposal):
    """``case_of(organisation, status)``: a case of a new pilot run by ``organisation``."""

    def make(organisation, status: CaseStatus, title: str, stage: PilotStage = PilotStage.EVALUATED):
        need = make_need(status=NeedStatus.PILOTING)
        pilot = build_pilot(make_proposal(need, organisation, ProposalStatus.SELECTED), stage)
        return build_case(pilot, status, title=title)

    return make


def _publish(organisation) -> None:
    organisation.profile_public = True
    db.session.commit()


def test_the_page_is_off_by_default(client, make_organisation) -> None:
    organisation = make_organisation()
    assert organisation.profile_public is False
    assert organisation.profile_public_since is None
    assert client.get(f"/organisations/{organisation.id}/profile").status_code == 404


@pytest.mark.parametrize("status", [OrganisationStatus.PENDING, OrganisationStatus.REJECTED])
def test_not_approved_is_404_even_when_switched_on(client, make_organisation, status) -> None:
    organisation = make_organisation(status=status)
    _publish(organisation)
    assert client.get(f"/organisations/{organisation.id}/profile").status_code == 404


def test_a_missing_organisation_is_404(client) -> None:
    assert client.get("/organisations/999999/profile").status_code == 404


def test_members_switch_it_on_and_off_with_an_audit_record(make_user) -> None:
    member = make_user(Role.MEMBER)
    organisation = member.organisation
    assert switch_public_profile(organisation, True, actor=member) is True
    assert organisation.profile_public
    assert organisation.profile_public_since is not None
    assert switch_public_profile(organisation, True, actor=member) is False  # unchanged: no record
    assert switch_public_profile(organisation, False, actor=member) is True
    assert organisation.profile_public_since is None
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions == ["organisation.profile_published", "organisation.profile_unpublished"]


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.ADMIN])
def test_only_its_own_members_switch_it(make_user, make_organisation, role) -> None:
    organisation = make_organisation()
    with pytest.raises(PermissionDenied):
        switch_public_profile(organisation, True, actor=make_user(role))
    with pytest.raises(PermissionDenied):  # a member of another organisation
        switch_public_profile(organisation, True, actor=make_user(Role.MEMBER))
    assert organisation.profile_public is False


def test_the_edit_form_switches_it(client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    organisation = member.organisation
    login(member)
    url = f"/organisations/{organisation.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="profile_public"' in page
    assert "checked" not in page.split('name="profile_public"')[1][:40]
    data = {"profile": "紹介文", "website": "", "version": organisation.version, "profile_public": "y"}
    assert client.submit(url, data).status_code == 302
    assert organisation.profile_public is True
    assert client.get(f"/organisations/{organisation.id}/profile").status_code == 200
    assert f'href="/organisations/{organisation.id}/profile"' in client.get(f"/organisations/{organisation.id}").text
    data = {"profile": "紹介文", "website": "", "version": organisation.version}  # unticked
    assert client.submit(url, data).status_code == 302
    assert organisation.profile_public is False
    assert "organisation.profile_unpublished" in db.session.scalars(select(AuditRecord.action)).all()


def test_bad_input_keeps_the_tick_and_switches_nothing(client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    organisation = member.organisation
    login(member)
    url = f"/organisations/{organisation.id}/edit"
    data = {"profile": "紹介", "website": "javascript:alert(1)", "version": organisation.version, "profile_public": "y"}
    response = client.submit(url, data)
    assert response.status_code == 400
    after = response.get_data(as_text=True).split('name="profile_public"')
    assert "checked" in after[0][-60:] + after[1][:40]
    assert organisation.profile_public is False


def test_lists_only_published_cases_and_public_seeds(client, make_organisation, make_seed, case_of) -> None:
    organisation = make_organisation(name="株式会社実績")
    _publish(organisation)
    case_of(organisation, CaseStatus.PUBLISHED, "公開した事例", PilotStage.ROLLED_OUT)
    case_of(organisation, CaseStatus.DRAFT, "下書きの事例")
    case_of(organisation, CaseStatus.AWAITING_CONSENT, "同意待ちの事例")
    case_of(make_organisation(name="他社"), CaseStatus.PUBLISHED, "他社の事例")
    make_seed(organisation, title="公開シーズ")
    make_seed(organisation, is_public=False, title="非公開シーズ")
    make_seed(make_organisation(name="他社2"), title="他社のシーズ")
    page = client.get(f"/organisations/{organisation.id}/profile").get_data(as_text=True)
    assert "公開した事例" in page
    assert "横展開" in page
    assert "公開シーズ" in page
    for hidden in ("下書きの事例", "同意待ちの事例", "他社の事例", "非公開シーズ", "他社のシーズ"):
        assert hidden not in page
    assert "<script>" not in page


def test_the_lists_page_on_their_own(make_organisation, make_seed, case_of) -> None:
    organisation = make_organisation()
    for n in range(11):
        make_seed(organisation, title=f"シーズ{n}")
    case_of(organisation, CaseStatus.PUBLISHED, "事例")
    record = track_record(organisation, cases_page=1, seeds_page=2)
    assert (record.seeds.total, len(record.seeds.items), record.cases.total) == (11, 1, 1)
    assert track_record(organisation, seeds_page=99).seeds.items == []


def test_the_count_is_of_approved_organisations_that_opted_in(make_organisation) -> None:
    for status in (OrganisationStatus.APPROVED, OrganisationStatus.PENDING):
        _publish(make_organisation(name=f"公開{status.value}", status=status))
    make_organisation(name="非公開")
    assert public_profile_count() == 1


def test_case_and_seed_pages_link_a_public_profile(client, make_organisation, make_seed, case_of) -> None:
    shown, hidden = make_organisation(name="公開組織"), make_organisation(name="非公開組織")
    _publish(shown)
    for organisation in (shown, hidden):
        link = f'href="/organisations/{organisation.id}/profile"'
        case = case_of(organisation, CaseStatus.PUBLISHED, f"{organisation.name}の事例")
        seed = make_seed(organisation)
        for url in (f"/knowledge/{case.id}", f"/seeds/{seed.id}"):
            assert (link in client.get(url).get_data(as_text=True)) is (organisation is shown), url

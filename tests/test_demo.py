"""``flask --app hackplat demo load``: the whole demo, loaded once for this module (the
load takes seconds), then checked from every side: accounts, the exchange, the story
(working groups, evaluations, pilots, cases) and the dashboard's history."""

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pyotp
import pytest
from flask import Flask
from sqlalchemy import func, select

from hackplat.dashboard.report import build_report, by_key
from hackplat.demo import story
from hackplat.demo.data import CITY_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, ORGANISATIONS
from hackplat.demo.exchange import MORE_ORGANISATIONS, NEEDS
from hackplat.extensions import db
from hackplat.fiscal import JAPAN, fiscal_year_of
from hackplat.models import (
    ActivityRecord,
    CaseStatus,
    Department,
    Evaluation,
    KnowledgeCase,
    MembershipStatus,
    Need,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Pilot,
    PilotStage,
    Proposal,
    ProposalStatus,
    Role,
    Seed,
    User,
    WorkingGroup,
    WorkingGroupStatus,
)
from hackplat.models.support_paths import SupportSearch
from tests.conftest import empty_all_tables
from tests.helpers.totp import pass_second_step

STATUS = {need.title: need.status for need in NEEDS}
GROUP_TITLES = {group.need_title for group in story.GROUPS}
ACCOUNTS = len(CITY_ACCOUNTS) + len(story.STAFF_ACCOUNTS) + len(ORGANISATIONS) + len(MORE_ORGANISATIONS)
PARTICIPANTS = sum(story.MEMBER_COUNTS.values())


def searched_groups() -> dict[str, WorkingGroup]:
    """The working groups the demo's support search formed (hackplat/demo/support_paths.py:
    inviting from the search forms the need's group), by need title: beside the story's."""
    query = select(WorkingGroup).join(SupportSearch, SupportSearch.group_id == WorkingGroup.id)
    return {group.need.title: group for group in db.session.scalars(query)}


def participants_by_the_end_of(year: int) -> int:
    """From the story's data: each approved organisation's demo member and its people."""
    approved = story.ORGANISATION_APPROVED_ON.items()
    return sum(story.MEMBER_COUNTS[name] + 1 for name, day in approved if fiscal_year_of(day) <= year)


def japan_day(moment: datetime) -> date:
    return moment.astimezone(JAPAN).date()


@pytest.fixture(scope="module")
def loaded(app: Flask) -> Iterator[Any]:
    """The demo load's output; the tables are emptied after the module."""
    with app.app_context():
        yield app.test_cli_runner().invoke(args=["demo", "load"])
        db.session.rollback()
        empty_all_tables()


@pytest.fixture(autouse=True)
def app_context(app: Flask, loaded: Any) -> Iterator[None]:
    """Overrides the suite's fixture of the same name: keeps the demo between tests."""
    with app.app_context():
        yield
        db.session.rollback()


def sign_in_coordinator(client) -> None:
    response = client.submit("/login", {"email": "coordinator@example.jp", "password": DEMO_PASSWORD})
    assert pass_second_step(client, response, "coordinator@example.jp").status_code == 302


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query))


def all_of(model: type) -> list:
    return list(db.session.scalars(select(model)))


# --- the load ---


def test_demo_load_fills_an_empty_database_once(runner, loaded) -> None:
    assert loaded.exit_code == 0, loaded.output
    for line in ("参加者（各組織のメンバー）", "ワーキンググループ 15 件", "試行プロジェクト 14 件", "公開 8 件",
                 "マッチング: ペア", "読み込みました", DEMO_TOTP_SECRET):  # fmt: skip
        assert line in loaded.output
    assert count(User) == ACCOUNTS + PARTICIPANTS
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0
    assert "何も変更しませんでした" in again.output
    assert count(User) == ACCOUNTS + PARTICIPANTS
    assert count(WorkingGroup) == len(story.GROUPS) + len(searched_groups())


def test_demo_has_every_role_kind_and_status() -> None:
    assert {role for role in db.session.scalars(select(User.role))} == set(Role)
    assert {kind for kind in db.session.scalars(select(Organisation.kind))} == set(OrganisationKind)
    assert set(db.session.scalars(select(Organisation.status))) == set(OrganisationStatus)
    assert count(select(Department).where(Department.name == "港北区").subquery()) == 1


@pytest.mark.parametrize(
    "email",
    ["admin@example.jp", "coordinator@example.jp", "staff@example.jp", "member@example.jp",
     "staff-doro@example.jp", "member0001@minatotech.example.jp", "member0055@univ.example.jp"],
)  # fmt: skip
def test_every_demo_role_signs_in_with_the_documented_password(client, email) -> None:
    response = client.submit("/login", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email
    if email in ("admin@example.jp", "coordinator@example.jp"):  # TOTP with the documented secret
        assert response.headers["Location"] == "/login/code"
        response = client.submit("/login/code", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
        assert response.status_code == 302, email
    assert client.get("/me").status_code == 200, email


def test_participants_belong_to_their_organisations_with_japanese_names() -> None:
    members = Counter(db.session.scalars(select(Organisation.name).join(User.organisation)))
    for name, extra in story.MEMBER_COUNTS.items():
        assert members[name] == extra + 1, name
    names = list(db.session.scalars(select(User.name).where(User.email.like("member0%"))))
    assert len(names) == PARTICIPANTS == len(set(names))
    assert all(" " in name for name in names)


def test_demo_shows_a_lively_exchange(client) -> None:
    assert count(Need) >= 40
    assert count(Seed) >= 150
    assert set(db.session.scalars(select(Need.status))) == set(NeedStatus)
    assert set(db.session.scalars(select(Proposal.status))) == set(ProposalStatus)
    assert len(set(db.session.scalars(select(Need.department_id)))) >= 10
    assert len(set(db.session.scalars(select(Need.theme_id)))) >= 13
    page = client.get("/needs/").get_data(as_text=True)
    assert "募集中" in page
    assert 'rel="next"' in page


def test_a_need_has_a_pdf_material_anyone_downloads(client) -> None:
    from hackplat.models import Attachment

    material = db.session.scalar(select(Attachment).where(Attachment.need_id.is_not(None)))
    assert material is not None
    assert material.filename.endswith(".pdf")
    page = client.get(f"/needs/{material.need_id}").get_data(as_text=True)
    assert material.filename in page
    download = client.get(f"/attachments/{material.id}")
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF-")
    assert db.session.scalar(select(func.count()).select_from(Attachment).where(Attachment.seed_id.is_not(None)))


def test_a_need_has_questions_answered_publicly_privately_and_waiting(client) -> None:
    from hackplat.models import Question

    on_needs = list(db.session.scalars(select(Question).where(Question.proposal_id.is_(None))))
    published = [q for q in on_needs if q.is_public and q.answered_at is not None]
    assert published
    assert any(q.answered_at is not None and not q.is_public for q in on_needs)
    assert any(q.answered_at is None for q in on_needs)
    assert db.session.scalar(select(func.count()).select_from(Question).where(Question.proposal_id.is_not(None)))
    page = client.get(f"/needs/{published[0].need_id}").get_data(as_text=True)
    assert published[0].answer in page
    assert published[0].organisation.name not in page


# --- the story ---


def test_working_groups_in_every_state_with_answers_and_records() -> None:
    groups = all_of(WorkingGroup)
    assert {group.status for group in groups} == set(WorkingGroupStatus)
    answers = {membership.status for group in groups for membership in group.memberships}
    assert answers == set(MembershipStatus)
    by_title = {group.need.title: group for group in groups}
    for data in story.GROUPS:
        group = by_title[data.need_title]
        records = count(select(ActivityRecord).where(ActivityRecord.group_id == group.id).subquery())
        assert group.status.value == data.status
        assert records == len(data.records)
        assert (group.concluded_at is not None) == bool(group.outcome) == (group.status is WorkingGroupStatus.CONCLUDED)
        invited = {m.organisation.name: m for m in group.memberships}
        for invitation in data.invitations:
            membership = invited[invitation.organisation]
            assert membership.status.value == invitation.response
            assert (membership.seed_id is not None) == (invitation.source == "suggestion")


def test_selected_proposals_were_evaluated_by_staff_and_a_coordinator() -> None:
    for proposal in db.session.scalars(select(Proposal).where(Proposal.status == ProposalStatus.SELECTED)):
        scored = [e for e in all_of(Evaluation) if e.proposal_id == proposal.id and e.submitted_at is not None]
        assert {e.evaluator.role for e in scored} == {Role.STAFF, Role.COORDINATOR}
        assert all(e.declared_at <= e.submitted_at for e in scored)
    conflicts = [e for e in all_of(Evaluation) if e.has_conflict]
    assert len(conflicts) == 1
    assert conflicts[0].submitted_at is None


def test_pilots_at_every_stage_with_kpis_and_milestones() -> None:
    pilots = all_of(Pilot)
    assert {pilot.stage for pilot in pilots} == set(PilotStage)
    for pilot in pilots:
        assert pilot.proposal.status is ProposalStatus.SELECTED
        assert bool(pilot.kpis) == (pilot.stage is not PilotStage.CONSIDERED)
        days = [change.changed_on for change in pilot.stage_changes]
        assert days == sorted(days)
        assert pilot.stage_changes[-1].to_stage is pilot.stage
    assert sum(bool(pilot.milestones) for pilot in pilots) == len(pilots) - 1


def test_need_and_proposal_statuses_agree_with_the_story() -> None:
    pilots = {pilot.need_id: pilot for pilot in all_of(Pilot)}
    groups = {group.need_id: group for group in all_of(WorkingGroup)}
    searched = searched_groups()
    assert searched, "the demo's support search invites through a working group"
    for need in all_of(Need):
        pilot, group = pilots.get(need.id), groups.get(need.id)
        if need.status in (NeedStatus.PILOTING, NeedStatus.RESOLVED):
            assert pilot is not None, need.title
            assert pilot.stage is not PilotStage.STOPPED, need.title
        if need.status is NeedStatus.RESOLVED:
            assert pilot is not None, need.title
            assert pilot.stage in (PilotStage.EVALUATED, PilotStage.ROLLED_OUT), need.title
        if need.status is NeedStatus.WORKING_GROUP:
            assert pilot is None, need.title
            assert group is not None, need.title
            assert group.status is not WorkingGroupStatus.CONCLUDED, need.title
        if need.status is NeedStatus.CLOSED and pilot is not None:
            assert pilot.stage is PilotStage.STOPPED
        told = ("working_group", True) if need.title in searched else (STATUS[need.title], need.title in GROUP_TITLES)
        assert (need.status.value, group is not None) == told
    selected = db.session.scalars(select(Proposal.id).where(Proposal.status == ProposalStatus.SELECTED))
    assert set(selected) == {pilot.proposal_id for pilot in pilots.values()}


def test_the_history_is_back_dated_to_the_story() -> None:
    years = Counter(fiscal_year_of(group.created_at) for group in all_of(WorkingGroup))
    searched = [fiscal_year_of(japan_day(group.created_at)) for group in searched_groups().values()]
    assert years == Counter(fiscal_year_of(group.formed_on) for group in story.GROUPS) + Counter(searched)
    for proposal in db.session.scalars(select(Proposal).where(Proposal.submitted_at.is_not(None))):
        need = proposal.need
        assert need.published_at < proposal.submitted_at
        assert proposal.organisation.approved_at < proposal.submitted_at
        assert japan_day(proposal.submitted_at) <= need.deadline
    for seed in all_of(Seed):
        assert seed.organisation.approved_at < seed.created_at
    published_on = {case.title: case.published_on for case in story.CASES}
    for case in all_of(KnowledgeCase):
        assert (case.published_at is not None) == (case.status is CaseStatus.PUBLISHED)
        assert (case.published_at and japan_day(case.published_at)) == published_on[case.title]


# --- what people see ---


def test_the_public_library_shows_the_published_cases(client) -> None:
    page = client.get("/knowledge/").get_data(as_text=True)
    published = [case for case in story.CASES if case.publish]
    assert len(published) >= 8
    assert all(case.title in page for case in published)
    assert not any(case.title in page for case in story.CASES if not case.publish)


def test_the_dashboard_counts_participants_cumulatively_by_fiscal_year() -> None:
    participants = by_key(build_report(2022, today=story.STORY_TODAY))["participants"]
    actuals = [year.actual for year in participants.years]
    assert actuals == [participants_by_the_end_of(year) for year in story.CYCLE_YEARS]
    assert all(actuals)
    assert actuals == sorted(actuals)


def test_the_public_programme_page_shows_the_participants(client) -> None:
    response = client.get("/programme?cycle=2022")
    assert response.status_code == 200
    assert f"{participants_by_the_end_of(2025):,}" in response.get_data(as_text=True)


def test_the_demo_defines_the_cycle_after_the_strategys_with_example_targets(client) -> None:
    """FY2026–2029 with example targets (said so), so that this year's activity shows."""
    report = by_key(build_report(2026, today=story.STORY_TODAY))
    assert [year.target for year in report["participants"].years] == [1250, 1500, 1750, 2000]
    assert report["pilots_considered"].years[0].actual
    sign_in_coordinator(client)
    for url in ("/dashboard?cycle=2026", "/programme?cycle=2026"):
        body = client.get(url).get_data(as_text=True)
        assert "令和8年度（FY2026）" in body
        assert "例示の目標値" in body


@pytest.mark.parametrize(
    ("url", "text"),
    [("/workgroups/", "避難所の状況把握ワーキンググループ"), ("/pilots/", "AIオンデマンド乗合タクシーの実証運行"),
     ("/knowledge/", "音声認識で会議録の作成時間を7割削減"), ("/dashboard", "参加者数")],
)  # fmt: skip
def test_the_coordinator_sees_the_story(client, url, text) -> None:
    sign_in_coordinator(client)
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.get_data(as_text=True)


def test_the_survey_indices_have_their_entered_results() -> None:
    report = by_key(build_report(2022, today=story.STORY_TODAY))
    for key, results in story.SURVEY_RESULTS.items():
        assert {year.fiscal_year: year.actual for year in report[key].years} == results, key


def test_three_organisations_publish_their_track_record(client) -> None:
    """#17 item 5: each public profile lists at least one published case or public seed."""
    public = all_of_where(Organisation, Organisation.profile_public.is_(True))
    assert len(public) == 3
    for organisation in public:
        page = client.get(f"/organisations/{organisation.id}/profile").get_data(as_text=True)
        assert organisation.name in page
        assert "/knowledge/" in page or "/seeds/" in page


def test_two_labs_each_show_open_needs_and_a_published_case(client) -> None:
    """#17 item 2: each demo lab's public page lists open needs and a published case."""
    from hackplat.labs.queries import lab_page
    from hackplat.models import Lab

    labs = all_of(Lab)
    assert len(labs) == 2
    for lab in labs:
        shown = lab_page(lab, None)
        assert shown.needs.total >= 1, lab.name
        assert shown.cases.total >= 1, lab.name
        page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
        assert shown.cases.items[0].title in page


def test_two_pilots_keep_internal_lessons_and_a_department_wants_a_case(client) -> None:
    """#17 item 4: lessons on two pilots, by their departments' staff; one roll-out interest."""
    from hackplat.models import PilotLesson, RollOutInterest

    lessons = all_of(PilotLesson)
    assert len({lesson.pilot_id for lesson in lessons}) == 2
    assert all(lesson.author is not None and lesson.author.department_id == lesson.pilot.department_id
               for lesson in lessons)  # fmt: skip
    (interest,) = all_of(RollOutInterest)
    assert interest.case.status is CaseStatus.PUBLISHED
    assert interest.department_id != interest.case.department_id
    public = client.get(f"/knowledge/{interest.case_id}").get_data(as_text=True)
    assert lessons[-1].title not in public
    assert interest.note not in public


def test_startups_have_founding_years_a_pilot_and_a_waiting_mentoring_request(client) -> None:
    """#17 item 3: every startup states its founding year; a startup runs a pilot on a
    startup-friendly need; a startup's mentoring request waits on the coordinators' home."""
    from hackplat.models import MentoringRequest, MentoringStatus

    startups = all_of_where(Organisation, Organisation.is_startup.is_(True))
    assert startups
    assert all(organisation.founded_year for organisation in startups)
    assert any(pilot.organisation.is_startup and pilot.need.startup_support for pilot in all_of(Pilot))
    (waiting,) = all_of_where(MentoringRequest, MentoringRequest.status == MentoringStatus.REQUESTED)
    assert waiting.proposal.organisation.is_startup
    sign_in_coordinator(client)
    assert waiting.proposal.organisation.name in client.get("/home").get_data(as_text=True)


def all_of_where(model: type, *criteria: Any) -> list:
    return list(db.session.scalars(select(model).where(*criteria)))

"""The home page's sections per role (hackplat/home/items.py and its providers): what
each person is shown, that another department's or organisation's things never show,
and that the navigation's count is one statement of what waits for the reader."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.home import items
from hackplat.models import (
    CaseStatus,
    Evaluation,
    Job,
    JobState,
    KnowledgeCase,
    MembershipStatus,
    NeedStatus,
    OrganisationStatus,
    Pilot,
    PilotKpi,
    PilotStage,
    ProposalStatus,
    Role,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
    utcnow,
)
from hackplat.models.pilots import PilotMeasurement


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    """The entries carry links (url_for needs a request)."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_user, make_department, make_organisation, themes) -> SimpleNamespace:
    a, b = make_department(name="こども青少年局"), make_department(name="道路局")
    x, y = make_organisation(name="株式会社エックス"), make_organisation(name="ワイ合同会社")
    return SimpleNamespace(
        a=a, b=b, x=x, y=y,
        staff_a=make_user(Role.STAFF, department=a), staff_b=make_user(Role.STAFF, department=b),
        member_x=make_user(Role.MEMBER, organisation=x), member_y=make_user(Role.MEMBER, organisation=y),
        coordinator=make_user(Role.COORDINATOR), admin=make_user(Role.ADMIN),
    )  # fmt: skip


def shown(user: Any) -> dict[str, list[str]]:
    """Section key → the labels of its entries."""
    return {section.key: [entry.label for entry in section.entries] for section in items.sections(user)}


def add(*rows: Any) -> None:
    db.session.add_all(rows)
    db.session.commit()


def pilot_of(proposal: Any, stage: PilotStage = PilotStage.RUNNING) -> Pilot:
    need = proposal.need
    pilot = Pilot(proposal_id=proposal.id, need_id=need.id, department_id=need.department_id,
                  organisation_id=proposal.organisation_id, title=f"{need.title}の試行", stage=stage,
                  stage_changed_on=japan_today())  # fmt: skip
    add(pilot)
    return pilot


def test_the_office_sees_what_waits_for_the_programme(world, make_organisation, make_need, make_proposal) -> None:
    make_organisation(name="承認待ちの会社", status=OrganisationStatus.PENDING)
    soon = japan_today() + timedelta(days=3)
    thin = make_need(world.a, title="締切間近で提案なし", deadline=soon)
    busy = make_need(world.a, title="締切間近で提案十分", deadline=soon)
    make_need(world.a, title="締切はまだ先", deadline=soon + timedelta(days=60))
    for organisation in (world.x, world.y):
        make_proposal(busy, organisation, ProposalStatus.SUBMITTED)
    make_proposal(thin, world.x, ProposalStatus.DRAFT)  # a draft is not received
    one = make_need(world.a, title="締切間近で提案一件", deadline=soon)  # one received: still fewer than two
    make_proposal(one, world.y, ProposalStatus.SUBMITTED)
    ended = make_need(world.a, title="評価が足りない課題", deadline=japan_today() - timedelta(days=2))
    make_proposal(ended, world.x, ProposalStatus.SHORTLISTED)
    add(WorkingGroup(need_id=busy.id, name="結成中のWG", status=WorkingGroupStatus.FORMING))
    add(Job(kind="matcher.rebuild", state=JobState.FAILED), Job(kind="other.kind", state=JobState.FAILED))
    add(Job(kind="other.kind", state=JobState.DONE))  # a later run of that kind worked

    sections = shown(world.coordinator)

    assert sections["office.organisations"] == ["承認待ちの会社"]
    assert sections["office.thin_calls"] == ["締切間近で提案なし", "締切間近で提案一件"]
    (thin_calls,) = [s for s in items.sections(world.coordinator) if s.key == "office.thin_calls"]
    assert [entry.note.split("・")[1] for entry in thin_calls.entries] == ["提案 0件", "提案 1件"]
    assert sections["office.forming_groups"] == ["結成中のWG"]
    assert sections["office.overdue_evaluations"] == ["評価が足りない課題"]
    assert sections["office.failed_jobs"] == ["順位付けの再構築"]
    assert "admin.locked_accounts" not in sections  # nothing locked
    assert not any(key.startswith(("staff.", "member.")) for key in sections)


def test_an_evaluation_is_no_longer_overdue_once_enough_evaluators_scored(world, make_need, make_proposal) -> None:
    ended = make_need(world.a, deadline=japan_today() - timedelta(days=1), min_evaluators=1)
    proposal = make_proposal(ended, world.x, ProposalStatus.SHORTLISTED)
    assert "office.overdue_evaluations" in shown(world.coordinator)
    add(Evaluation(proposal_id=proposal.id, evaluator_id=world.staff_a.id, fit=3, feasibility=3,
                   cost_effectiveness=3, scalability=3, submitted_at=utcnow()))  # fmt: skip
    assert "office.overdue_evaluations" not in shown(world.coordinator)


def test_admins_see_locked_accounts_on_top_of_the_office_home(world) -> None:
    world.member_y.locked_at = utcnow()
    db.session.commit()
    assert shown(world.admin)["admin.locked_accounts"] == [f"{world.member_y.name}（{world.member_y.email}）"]
    assert "admin.locked_accounts" not in shown(world.coordinator)


def test_staff_see_only_their_own_departments_work(world, make_need, make_proposal) -> None:
    ours = make_need(world.a, title="こどもの課題")
    theirs = make_need(world.b, title="道路の課題")
    for need in (ours, theirs):
        make_proposal(need, world.x, ProposalStatus.SUBMITTED)
        make_proposal(need, world.y, ProposalStatus.SHORTLISTED)

    sections = shown(world.staff_a)

    assert sections["staff.new_proposals"] == ["こどもの課題"]
    assert sections["staff.evaluations"] == ["こどもの課題"]
    assert shown(world.staff_b)["staff.new_proposals"] == ["道路の課題"]
    assert not any(key.startswith(("office.", "member.")) for key in sections)


def test_an_evaluation_leaves_the_list_once_scored_or_declared_a_conflict(world, make_need, make_proposal) -> None:
    need = make_need(world.a)
    first = make_proposal(need, world.x, ProposalStatus.SHORTLISTED)
    second = make_proposal(need, world.y, ProposalStatus.SHORTLISTED)
    add(Evaluation(proposal_id=first.id, evaluator_id=world.staff_a.id, has_conflict=True))
    add(Evaluation(proposal_id=second.id, evaluator_id=world.staff_a.id))  # declared, not yet scored
    assert [s.count for s in items.sections(world.staff_a) if s.key == "staff.evaluations"] == [1]


def test_staff_confirm_measurements_and_enter_kpis_of_their_pilots(world, make_need, make_proposal) -> None:
    ours = pilot_of(make_proposal(make_need(world.a, status=NeedStatus.PILOTING), world.x, ProposalStatus.SELECTED))
    pilot_of(make_proposal(make_need(world.b, status=NeedStatus.PILOTING), world.x, ProposalStatus.SELECTED))
    assert shown(world.staff_a)["staff.kpis"] == [ours.title]
    kpi = PilotKpi(pilot_id=ours.id, procedure="入所申請", minutes_before=60, minutes_after=60)
    add(kpi)
    add(PilotMeasurement(kpi_id=kpi.id, minutes_after=20, measured_on=japan_today(), proposed_by_id=world.member_x.id))

    sections = shown(world.staff_a)

    assert sections["staff.measurements"] == [ours.title]
    assert "staff.kpis" not in sections
    assert "staff.measurements" not in shown(world.staff_b)


def test_cases_wait_for_the_consent_of_each_party_that_has_not_given_it(world, make_need, make_proposal) -> None:
    pilot = pilot_of(make_proposal(make_need(world.a), world.x, ProposalStatus.SELECTED), PilotStage.EVALUATED)
    case = KnowledgeCase(pilot_id=pilot.id, department_id=world.a.id, title="保育の事例",
                         status=CaseStatus.AWAITING_CONSENT)  # fmt: skip
    add(case)
    assert shown(world.coordinator)["office.cases_awaiting_consent"] == ["保育の事例"]
    assert shown(world.staff_a)["staff.consent"] == ["保育の事例"]
    assert shown(world.member_x)["member.consent"] == ["保育の事例"]
    assert "staff.consent" not in shown(world.staff_b)
    assert "member.consent" not in shown(world.member_y)
    case.department_consent_at, case.department_consent_by_id = utcnow(), world.staff_a.id
    db.session.commit()
    assert "staff.consent" not in shown(world.staff_a)
    assert shown(world.member_x)["member.consent"] == ["保育の事例"]


def test_members_see_their_own_organisations_invitations_and_proposals(world, make_need, make_proposal) -> None:
    open_need = make_need(world.a, title="募集中の課題")
    ended = make_need(world.a, title="締切を過ぎた課題", deadline=japan_today() - timedelta(days=1))
    reviewed = make_need(world.a, title="審査中の課題")
    make_proposal(open_need, world.x, ProposalStatus.DRAFT)
    make_proposal(ended, world.x, ProposalStatus.DRAFT)  # too late to submit: not a thing to do
    make_proposal(reviewed, world.x, ProposalStatus.SUBMITTED)
    make_proposal(open_need, world.y, ProposalStatus.DRAFT)
    group = WorkingGroup(need_id=reviewed.id, name="招待されたWG")
    add(group)
    add(WorkingGroupMembership(group_id=group.id, organisation_id=world.x.id, status=MembershipStatus.INVITED))

    sections = shown(world.member_x)

    assert sections["member.invitations"] == ["招待されたWG"]
    assert sections["member.drafts"] == ["募集中の課題"]
    assert sections["member.under_review"] == ["審査中の課題"]
    assert "member.invitations" not in shown(world.member_y)
    assert shown(world.member_y)["member.drafts"] == ["募集中の課題"]
    assert items.todo_count(world.member_x) == 2  # the invitation and the draft; not the one under review


def test_a_concluded_group_or_an_answered_invitation_is_not_waiting(world, make_need) -> None:
    need = make_need(world.a)
    concluded = WorkingGroup(need_id=need.id, name="終了したWG", status=WorkingGroupStatus.CONCLUDED)
    add(concluded)
    add(WorkingGroupMembership(group_id=concluded.id, organisation_id=world.x.id))
    other = WorkingGroup(need_id=make_need(world.a).id, name="承諾したWG")
    add(other)
    add(WorkingGroupMembership(group_id=other.id, organisation_id=world.x.id, status=MembershipStatus.ACCEPTED))
    assert "member.invitations" not in shown(world.member_x)


def test_each_section_shows_a_few_entries_and_links_to_the_rest(world, make_organisation) -> None:
    for n in range(items.SHOWN + 2):
        make_organisation(name=f"承認待ち{n}", status=OrganisationStatus.PENDING)
    (section,) = [s for s in items.sections(world.coordinator) if s.key == "office.organisations"]
    assert section.count == items.SHOWN + 2
    assert len(section.entries) == items.SHOWN
    assert section.more_url == "/organisations/?status=pending"
    assert section.entries[0].url.startswith("/organisations/")


def test_the_navigation_counts_content_once_per_content_version(app, world, make_organisation) -> None:
    """A request asks once; the next asks only the content's version and what a private
    table holds (failed jobs), until content is written (hackplat/home/items.py)."""
    make_organisation(name="承認待ち", status=OrganisationStatus.PENDING)
    assert world.coordinator.role is Role.COORDINATOR  # loaded (a commit expired it)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    def asked(expected: int) -> tuple[bool, bool]:
        """(whether the content's counts were read, whether the failed jobs were)"""
        statements.clear()
        with app.app_context(), app.test_request_context():  # a request of its own (its own g)
            assert items.todo_count(world.coordinator) == expected
            assert items.todo_count(world.coordinator) == expected  # the same request: asked once
        counts = [s for s in statements if "count(" in s and "content_changes" not in s]
        assert len(counts) == len(set(counts))
        return any("organisations" in s for s in counts), any("FROM jobs" in s for s in counts)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert asked(1) == (True, True)
        assert asked(1) == (False, True)  # kept: only the private table's count
        add(Job(kind="matcher.rebuild", state=JobState.FAILED))
        assert asked(2) == (False, True)  # a failed job counts at once, though the version stayed
        make_organisation(name="承認待ち二", status=OrganisationStatus.PENDING)
        assert asked(3) == (True, True)  # content written: counted again
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_home_page_counts_serve_the_navigation_of_the_same_request_for_that_person_only(
    world, make_organisation
) -> None:
    make_organisation(name="承認待ち", status=OrganisationStatus.PENDING)
    items.sections(world.coordinator)
    assert world.member_x.role is Role.MEMBER  # loaded
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert items.todo_count(world.coordinator) == 1  # from the home page's counts
        assert statements == []
        assert items.todo_count(world.member_x) == 0  # another person: asked for them
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_a_kept_count_statement_follows_a_move_to_another_department_and_the_date(
    world, make_need, make_proposal, monkeypatch
) -> None:
    """The count statements are kept between requests (items._count_statements): by
    what they depend on, so a staff member moved to another department, or the next day,
    is counted afresh."""
    make_proposal(make_need(world.a, title="こどもの課題"), world.x, ProposalStatus.SUBMITTED)
    staff = world.staff_b
    assert items.sections(staff) == []  # 道路局: nothing waits
    staff.department_id = world.a.id
    db.session.commit()
    assert "staff.new_proposals" in shown(staff)

    soon = make_need(world.b, title="締切間近の課題", deadline=japan_today() + timedelta(days=20))
    assert "締切間近の課題" not in shown(world.coordinator).get("office.thin_calls", [])
    later = japan_today() + timedelta(days=10)
    monkeypatch.setattr("hackplat.fiscal.japan_today", lambda: later)
    monkeypatch.setattr("hackplat.home.office.japan_today", lambda: later)
    assert shown(world.coordinator)["office.thin_calls"] == [soon.title]


def test_the_home_page_lists_the_items_and_the_navigation_counts_them(client, login, world, make_organisation) -> None:
    make_organisation(name="承認待ちの財団", status=OrganisationStatus.PENDING)
    login(world.coordinator)
    page = client.get("/home").get_data(as_text=True)
    assert "承認待ちの財団" in page
    header = page.split("</header>")[0]
    assert "対応待ち 1件" in header


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF, Role.COORDINATOR, Role.ADMIN])
def test_every_role_lands_on_its_home_after_signing_in(client, login_by_form, make_user, role) -> None:
    response = login_by_form(make_user(role))
    assert response.headers["Location"] == "/home"
    page = client.get("/home")
    assert page.status_code == 200
    assert "<h1>ホーム</h1>" in page.get_data(as_text=True)


def test_the_home_page_asks_a_visitor_to_sign_in(client) -> None:
    response = client.get("/home")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_section_picks_its_first_rows_by_their_keys_in_its_own_order(world, make_need, make_proposal) -> None:
    """The first five rows are chosen from the keys alone (``key IN`` the first keys, in
    the section's order, here a correlated date per need) and the count is of all."""
    base = utcnow() - timedelta(days=30)
    titles = [f"課題{n}" for n in range(items.SHOWN + 2)]
    waiting = [(world.a, title, days) for title, days in zip(titles, (6, 2, 0, 5, 1, 3, 4), strict=True)]
    for department, title, days in [*waiting, (world.b, "道路の課題", 0)]:
        proposal = make_proposal(make_need(department, title=title), world.x, ProposalStatus.SUBMITTED)
        proposal.submitted_at = base + timedelta(days=days)
    db.session.commit()

    (section,) = [s for s in items.sections(world.staff_a) if s.key == "staff.new_proposals"]

    assert section.count == items.SHOWN + 2
    assert [entry.label for entry in section.entries] == ["課題2", "課題4", "課題1", "課題5", "課題6"]
    assert section.entries[0].note == "新しい提案 1件"

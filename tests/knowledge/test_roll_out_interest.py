"""Roll-out (横展開の誘発): publishing a case enqueues a job that tells the staff of each
department whose open needs the matcher finds similar — once per department, never the
case's own — and 「うちでも導入したい」 records a department's interest (one per case and
department, withdrawable, audited, the coordinators told)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import g
from sqlalchemy import func, select

from hackplat.errors import Conflict, InvalidInput, PermissionDenied
from hackplat.extensions import db
from hackplat.knowledge import roll_out
from hackplat.knowledge.consent import consent_case
from hackplat.matching import store
from hackplat.models import (
    AuditRecord,
    CaseStatus,
    Department,
    KnowledgeCase,
    Need,
    NeedStatus,
    Notification,
    Role,
    RollOutInterest,
    User,
    utcnow,
)
from hackplat.pilots.lessons import LessonFields, add_lesson
from tests.knowledge.test_roll_out import NURSERY, like_nursery


@dataclass
class World:
    case: KnowledgeCase
    own: User  # staff of the case's department
    near: list[User]  # staff of 港北区, two similar open needs
    far: User  # staff of 都筑区, one similar open need
    unrelated: User  # staff of a department with an unrelated need
    member: User  # of the organisation that ran the pilot
    coordinator: User
    kohoku: Department
    kohoku_need: Need


@pytest.fixture
def world(make_department, make_need, make_pilot, make_user) -> World:
    childcare, kohoku, tsuzuki, kankyo = (make_department(name) for name in ("こども青少年局", "港北区", "都筑区",
                                                                             "環境創造局"))  # fmt: skip
    solved = make_need(department=childcare, status=NeedStatus.PILOTING, **NURSERY)
    pilot = make_pilot(need=solved)
    case = KnowledgeCase(pilot=pilot, department_id=childcare.id, title="保育所の入所申請のオンライン化",
                         solution="電子申請", results="60分 → 15分", status=CaseStatus.AWAITING_CONSENT,
                         organisation_consent_at=utcnow())  # fmt: skip
    case.refresh_search_text()
    db.session.add(case)
    kohoku_need = make_need(department=kohoku, **like_nursery("保育所の入所申請を区でもオンラインにしたい"))
    make_need(department=kohoku, **like_nursery("保育所の転園申請をオンラインにしたい"))
    make_need(department=tsuzuki, **like_nursery("保育所の申請を電子化したい"))
    make_need(department=childcare, **like_nursery("保育所の転所申請もオンラインにしたい"))  # the case's own
    make_need(department=kankyo, title="粗大ごみの収集日を案内したい", background="電話の問い合わせが多い。",
              problem="収集日の案内に時間がかかる。", desired_outcome="チャットボット", expected_effect="")  # fmt: skip
    db.session.commit()
    staff = {d.id: make_user(Role.STAFF, department=d) for d in (childcare, tsuzuki, kankyo)}
    return World(case, staff[childcare.id], [make_user(Role.STAFF, department=kohoku) for _ in range(2)],
                 staff[tsuzuki.id], staff[kankyo.id], make_user(Role.MEMBER, organisation=pilot.organisation),
                 make_user(Role.COORDINATOR), kohoku, kohoku_need)  # fmt: skip


def roll_out_notices() -> dict[int, int]:
    """user id → roll-out notifications received."""
    query = select(Notification.user_id, func.count()).where(Notification.kind == roll_out.ROLL_OUT_KIND)
    return {user_id: count for user_id, count in db.session.execute(query.group_by(Notification.user_id))}


def test_publication_tells_each_similar_department_once_and_not_the_cases_own(client, login, world) -> None:
    store.rebuild()
    login(world.own)  # the department's consent completes the pair: the case is published
    response = client.submit(f"/knowledge/{world.case.id}/consent", {"version": str(world.case.version)})  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(world.case)
    assert world.case.status is CaseStatus.PUBLISHED
    told = roll_out_notices()
    assert told == {world.near[0].id: 1, world.near[1].id: 1, world.far.id: 1}  # not own, not unrelated
    notice = db.session.scalar(select(Notification).where(Notification.user_id == world.near[0].id,
                                                          Notification.kind == roll_out.ROLL_OUT_KIND))  # fmt: skip
    assert notice is not None
    assert notice.link == f"/knowledge/{world.case.id}"
    assert "保育所の入所申請を区でもオンラインにしたい" in notice.body
    assert "保育所の転園申請" in notice.body
    # The job run again (a retry, a second publication) tells nobody twice.
    assert roll_out.notify_roll_out(world.case.id) == 2
    assert roll_out_notices() == told


def test_the_publishing_request_only_enqueues(app, world) -> None:
    """Inside a request the job is not run: the case's id waits for the answer."""
    with app.test_request_context("/knowledge/"):
        consent_case(world.case, actor=world.own)
        assert world.case.status is CaseStatus.PUBLISHED
        assert g.get(roll_out.PUBLISHED_CASES) == [world.case.id]
        assert roll_out_notices() == {}
        db.session.rollback()


def test_a_case_withdrawn_before_the_job_tells_nobody(world) -> None:
    store.rebuild()
    assert roll_out.notify_roll_out(world.case.id) == 0  # still awaiting consent
    assert roll_out_notices() == {}


# --- 「うちでも導入したい」 ---


def publish(case: KnowledgeCase) -> None:
    case.status, case.published_at = CaseStatus.PUBLISHED, utcnow()
    db.session.commit()


def interest_audit() -> list[tuple[str, dict]]:
    query = select(AuditRecord.action, AuditRecord.detail).where(AuditRecord.action.like("case.interest%"))
    return [(action, detail) for action, detail in db.session.execute(query.order_by(AuditRecord.id))]


def test_interest_is_one_per_department_withdrawable_and_audited(world) -> None:
    publish(world.case)
    first, colleague = world.near
    interest = roll_out.show_interest(world.case, note="区でも来年度に", need_id=world.kohoku_need.id, actor=first)
    db.session.commit()
    assert (interest.department_id, interest.need_id, interest.note) == (world.kohoku.id, world.kohoku_need.id,
                                                                         "区でも来年度に")  # fmt: skip
    told = db.session.scalars(select(Notification).where(Notification.kind == roll_out.INTEREST_KIND)).all()
    assert [n.user_id for n in told] == [world.coordinator.id]
    assert "港北区" in told[0].subject
    with pytest.raises(Conflict):
        roll_out.show_interest(world.case, note="", need_id=None, actor=colleague)  # the same department
    db.session.rollback()
    roll_out.show_interest(world.case, note="", need_id=None, actor=world.far)
    roll_out.withdraw_interest(world.case, actor=colleague)  # any of the department's staff
    db.session.commit()
    remaining = db.session.scalars(select(RollOutInterest.department_id)).all()
    assert remaining == [world.far.department_id]
    with pytest.raises(Conflict):
        roll_out.withdraw_interest(world.case, actor=first)  # nothing left to withdraw
    db.session.rollback()
    actions = [(action, detail["department_id"]) for action, detail in interest_audit()]
    assert actions == [("case.interest_shown", world.kohoku.id), ("case.interest_shown", world.far.department_id),
                       ("case.interest_withdrawn", world.kohoku.id)]  # fmt: skip
    assert roll_out.candidate_counts() == (1, 1)  # the dashboard's roll-out candidates
    world.case.status = CaseStatus.DRAFT  # withdrawn from the library: no longer a candidate
    assert roll_out.candidate_counts() == (0, 0)


@pytest.mark.parametrize("who", ["own", "member", "coordinator"])
def test_only_other_departments_may_show_interest(world, who) -> None:
    publish(world.case)
    with pytest.raises(PermissionDenied):
        roll_out.show_interest(world.case, note="", need_id=None, actor=getattr(world, who))


def test_no_interest_in_an_unpublished_case(world) -> None:
    with pytest.raises(PermissionDenied):
        roll_out.show_interest(world.case, note="", need_id=None, actor=world.far)


def test_the_named_need_must_be_an_open_need_of_ones_own_department(world) -> None:
    publish(world.case)
    with pytest.raises(InvalidInput):
        roll_out.show_interest(world.case, note="", need_id=world.kohoku_need.id, actor=world.far)
    assert db.session.scalar(select(func.count()).select_from(RollOutInterest)) == 0


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_case_page_shows_interest_and_lessons_to_city_accounts_only(client, login, world) -> None:
    publish(world.case)
    add_lesson(world.case.pilot, LessonFields("procurement", "随意契約で調達", "見積もりを三社から取った。"),
               actor=world.own)  # fmt: skip
    roll_out.show_interest(world.case, note="区でも導入したい", need_id=None, actor=world.far)
    db.session.commit()
    url = f"/knowledge/{world.case.id}"
    public = text_of(client.get(url))
    assert "随意契約で調達" not in public
    assert "導入を希望する部署" not in public
    assert "都筑区" not in public
    login(world.member)
    page = text_of(client.get(url))
    assert "随意契約で調達" not in page
    assert "導入を希望する部署" not in page
    client.post("/logout", data={"csrf_token": client.csrf_token(url)})
    login(world.near[0])
    page = text_of(client.get(url))
    assert "庁内向けの教訓（非公開）" in page
    assert "随意契約で調達" in page
    assert "導入を希望する部署" in page
    assert "都筑区" in page
    assert "区でも導入したい" in page
    assert "うちでも導入したい" in page
    # A note too long comes back with what was typed, and nothing is written (400).
    long_note = "あ" * (roll_out.NOTE_MAX + 1)
    refused = client.submit(f"{url}/interest", {"note": long_note, "need_id": "0"})
    assert refused.status_code == 400
    assert long_note in refused.get_data(as_text=True)
    ok = client.submit(f"{url}/interest", {"note": "ぜひ", "need_id": str(world.kohoku_need.id)})
    assert ok.status_code == 302
    page = text_of(client.get(url))
    assert "貴部署はこの事例の導入を希望しています" in page
    assert "保育所の入所申請を区でもオンラインにしたい" in page
    assert client.submit(f"{url}/interest", {"withdraw": "1"}).status_code == 302
    assert db.session.scalars(select(RollOutInterest.department_id)).all() == [world.far.department_id]

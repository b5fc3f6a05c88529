"""Roll-out (横展開の誘発): after a case is published, the departments whose open needs the
matcher finds similar are told about it; and a department that wants the solution too
records its interest (「うちでも導入したい」) as a roll-out candidate.

The notification is a job, never work of the request that publishes: finding similar
needs reads the fitted model. The publishing request keeps the case's id and enqueues
the job once it has answered successfully (its transaction committed; a refused or
failed request enqueues nothing); outside a request it is enqueued at once. The job
tells each department's staff once per case — a department with three similar needs
gets one notification naming them, and someone already told (the job run again, the
case published again after a withdrawal) is not told twice. The case's own department
is never told.

An interest is one per case and department (the unique constraint backs the check when
two colleagues press at once), optionally names one of the department's open needs,
may be withdrawn by any of its staff, is audited, and tells the coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.jobs.queue import huey, in_app_context
from hackplat.matching.similar import open_needs_like
from hackplat.models import (
    Actor,
    CaseStatus,
    KnowledgeCase,
    Need,
    NeedStatus,
    Notification,
    RollOutInterest,
    User,
)
from hackplat.notifications.services import NOTIFICATION_LOCALE, active_staff_of, notify, shortened
from hackplat.permissions import is_staff, require
from hackplat.permissions.lessons import can_read_lessons, can_show_interest, can_withdraw_interest
from hackplat.proposals.notices import coordinators
from hackplat.validation import checked_text

ROLL_OUT_KIND = "case.roll_out"
INTEREST_KIND = "case.interest"
#: Where a request keeps the cases it published, for the job enqueued after it.
PUBLISHED_CASES = "roll_out_published_cases"
#: Similar open needs read per case (the panel shows 5; the notification reaches further).
CANDIDATES = 50
NOTE_MAX = 2000


def case_path(case: KnowledgeCase | int) -> str:
    return f"/knowledge/{case if isinstance(case, int) else case.id}"


# --- the notification job ---


def announce(case: KnowledgeCase) -> None:
    """``case`` was just published (knowledge/services.change_case_status): in a web
    request, enqueue the roll-out notification once the answer succeeded; outside one (the
    command line, the demo loader) tell the departments at once, in the caller's
    transaction -- a job enqueued now could run before that commit, find the case not
    yet published and tell nobody, and nobody waits on a page there."""
    if has_request_context():
        g.setdefault(PUBLISHED_CASES, []).append(case.id)
    else:
        notify_roll_out(case.id)


def enqueue_after_request(response: Response) -> Response:
    """Registered on the app by the knowledge blueprint (``after_app_request``)."""
    published: list[int] = g.pop(PUBLISHED_CASES, [])
    if published and response.status_code < 400:
        for case_id in dict.fromkeys(published):
            try:
                notify_roll_out_task(case_id)
            except Exception:  # the queue being away must not spoil the answer
                current_app.logger.exception("could not enqueue the roll-out notification of case %s", case_id)
    return response


@huey.task()
@in_app_context
def notify_roll_out_task(case_id: int) -> int:
    told = notify_roll_out(case_id)
    db.session.commit()
    return told


def notify_roll_out(case_id: int) -> int:
    """Tell the staff of each department with similar open needs; how many departments."""
    case = db.session.get(KnowledgeCase, case_id)
    if case is None or case.status is not CaseStatus.PUBLISHED:
        return 0  # withdrawn again before the job ran
    own = {case.department_id, case.pilot.department_id}
    similar = open_needs_like(case.pilot.need_id, outside_department=case.department_id, limit=CANDIDATES) or []
    by_department: dict[int, list[Need]] = {}
    for candidate in similar:
        if candidate.need.department_id not in own:
            by_department.setdefault(candidate.need.department_id, []).append(candidate.need)
    for department_id, needs in by_department.items():
        _tell_department(case, department_id, needs)
    return len(by_department)


def _tell_department(case: KnowledgeCase, department_id: int, needs: list[Need]) -> None:
    staff = active_staff_of([department_id])
    told = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == ROLL_OUT_KIND, Notification.link == case_path(case),
        Notification.user_id.in_([user.id for user in staff]),
    )))  # fmt: skip
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("横展開のご案内: %(title)s", title=shortened(case.title))
        body = _(
            "貴部署の募集中の課題（%(needs)s）に似た課題を解決した事例「%(title)s」が公開されました。"
            "同じ解決策を導入したい場合は、事例のページの「うちでも導入したい」からお知らせください。",
            needs="、".join(f"「{need.title}」" for need in needs),
            title=case.title,
        )
    notify([user for user in staff if user.id not in told], ROLL_OUT_KIND, subject, body, case_path(case))


# --- roll-out interest ---


def _duplicate() -> Conflict:
    return Conflict(_("この事例には、貴部署の「導入したい」が既に登録されています。"))


def interest_of(case: KnowledgeCase, department_id: int | None) -> RollOutInterest | None:
    if department_id is None:
        return None
    query = select(RollOutInterest).where(
        RollOutInterest.case_id == case.id, RollOutInterest.department_id == department_id
    )
    return db.session.scalar(query)


def interests_of(case: KnowledgeCase, *, actor: Actor) -> list[RollOutInterest]:
    """The departments that want the case's solution, first come first (city accounts)."""
    require(can_read_lessons(actor))
    query = (
        select(RollOutInterest)
        .options(joinedload(RollOutInterest.department), joinedload(RollOutInterest.need),
                 joinedload(RollOutInterest.created_by))
        .where(RollOutInterest.case_id == case.id)
        .order_by(RollOutInterest.created_at, RollOutInterest.id)
    )  # fmt: skip
    return list(db.session.scalars(query))


def open_needs_of(department_id: int | None) -> list[Need]:
    """The department's open needs, which an interest may name."""
    if department_id is None:
        return []
    query = select(Need).where(Need.department_id == department_id, Need.status == NeedStatus.OPEN)
    return list(db.session.scalars(query.order_by(Need.id.desc())))


def _named_need(need_id: int | None, department_id: int) -> Need | None:
    if not need_id:
        return None
    need = db.session.get(Need, need_id)
    if need is None or need.department_id != department_id or need.status is not NeedStatus.OPEN:
        raise InvalidInput(_("貴部署の募集中の課題から選んでください。"), field="need_id")
    return need


def show_interest(case: KnowledgeCase, *, note: str, need_id: int | None, actor: User) -> RollOutInterest:
    """Record the actor's department's interest in rolling the case out (one per department)."""
    require(can_show_interest(actor, case))
    assert actor.department_id is not None  # can_show_interest: staff of a department
    if interest_of(case, actor.department_id) is not None:
        raise _duplicate()
    note = checked_text(note, "note", NOTE_MAX)
    need = _named_need(need_id, actor.department_id)
    interest = RollOutInterest(case_id=case.id, department_id=actor.department_id, need=need, note=note,
                               created_by_id=actor.id)  # fmt: skip
    db.session.add(interest)
    flush_or_conflict(on_duplicate=_duplicate())
    audit.record("case.interest_shown", "knowledge_case", case.id, actor=actor,
                 detail={"department_id": actor.department_id, "need_id": need.id if need else None})  # fmt: skip
    _tell_coordinators(case, interest)
    return interest


def withdraw_interest(case: KnowledgeCase, *, actor: User) -> None:
    """Take the department's interest back (any of its staff)."""
    require(is_staff(actor))
    interest = interest_of(case, actor.department_id)
    if interest is None:
        raise Conflict(_("この事例に、貴部署の「導入したい」は登録されていません。"))
    require(can_withdraw_interest(actor, interest))
    db.session.delete(interest)
    audit.record("case.interest_withdrawn", "knowledge_case", case.id, actor=actor,
                 detail={"department_id": interest.department_id})  # fmt: skip
    flush_or_conflict()


def _tell_coordinators(case: KnowledgeCase, interest: RollOutInterest) -> None:
    department = interest.department.name if interest.department else ""
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("横展開の候補: %(department)sが「%(title)s」の導入を希望", department=department,
                    title=shortened(case.title))  # fmt: skip
        body = _("%(department)sが、事例「%(title)s」の解決策を導入したいと登録しました。", department=department,
                 title=case.title)  # fmt: skip
        if interest.note:
            body += "\n\n" + interest.note
    notify(coordinators(), INTEREST_KIND, subject, body, case_path(case))


# --- for the case page ---


@dataclass(frozen=True)
class RollOutInterests:
    """What templates/knowledge/_interest.html shows (city accounts only)."""

    interests: list[RollOutInterest]
    own: RollOutInterest | None  # the reader's department's interest
    may_show: bool  # the reader may press the button (and has not yet)
    needs: list[Need]  # the reader's department's open needs, to name one


def page_interests(case: KnowledgeCase, *, actor: Actor) -> RollOutInterests | None:
    if not can_read_lessons(actor):
        return None
    department_id = actor.department_id if is_staff(actor) else None
    own = interest_of(case, department_id)
    may_show = own is None and can_show_interest(actor, case)
    needs = open_needs_of(department_id) if may_show else []
    return RollOutInterests(interests_of(case, actor=actor), own, may_show, needs)


def candidate_counts() -> tuple[int, int]:
    """For the dashboard's roll-out figures: departments' interests in published cases
    (roll-out candidates), and how many cases they concern."""
    query = (
        select(func.count(RollOutInterest.id), func.count(distinct(RollOutInterest.case_id)))
        .join(KnowledgeCase, KnowledgeCase.id == RollOutInterest.case_id)
        .where(KnowledgeCase.status == CaseStatus.PUBLISHED)
    )
    interests, cases = db.session.execute(query).one()
    return int(interests), int(cases)

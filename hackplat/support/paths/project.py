"""The project path of a support request (「プロジェクトがうまく進まない」): project-management
support (プロジェクト管理支援) of one of the department's running pilots.

A coordinator starts it on a pilot with a goal and is its supporter; the supporter and
the department's staff add dated check-ins (status, what was seen, the next action),
each audited and told to the department; a coordinator closes it with a summary, and
the request is done. The pilot's page shows it (see permissions/support_paths.py for who).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import Pilot, PilotStage, User, utcnow
from hackplat.models.support import SupportRequest
from hackplat.models.support_paths import CheckInStatus, ProjectCheckIn, ProjectSupport
from hackplat.notifications.services import NOTIFICATION_LOCALE, active_staff_of, notify, shortened
from hackplat.permissions import require
from hackplat.permissions.support_paths import can_check_in, can_run_support_paths
from hackplat.support.paths import requests
from hackplat.support.paths.labels import CHECK_IN_STATUS_LABELS
from hackplat.validation import checked_text
from hackplat.workgroups.services import one_year_after

TEXT_MAX = 4000
#: The pilots a project support may be attached to.
SUPPORTED_STAGES = (PilotStage.RUNNING,)


@dataclass(frozen=True)
class CheckInEntry:
    held_on: date | None
    status: str | None
    note: str
    next_action: str


def support_of(request: SupportRequest) -> ProjectSupport | None:
    return db.session.scalar(select(ProjectSupport).where(ProjectSupport.request_id == request.id))


def running_pilots(request: SupportRequest) -> list[Pilot]:
    """The department's running pilots, newest first (the (department, stage) index)."""
    query = (
        select(Pilot)
        .where(Pilot.department_id == request.department_id, Pilot.stage.in_(SUPPORTED_STAGES))
        .order_by(Pilot.created_at.desc(), Pilot.id.desc())
    )
    return list(db.session.scalars(query))


def _require_open(support: ProjectSupport) -> None:
    if support.closed_at is not None:
        raise Conflict(_("このプロジェクト管理支援は既に終了しています。"))


def start_support(request: SupportRequest, pilot: Pilot, goal: str, *, actor: User) -> ProjectSupport:
    """Attach the support to one of the department's running pilots; ``actor`` supports it."""
    require(can_run_support_paths(actor))
    requests.require_on_path(request, requests.PROJECT)
    if support_of(request) is not None:
        raise Conflict(_("この支援依頼のプロジェクト管理支援は既に始まっています。"))
    if pilot.id not in {p.id for p in running_pilots(request)}:
        raise InvalidInput(_("この部署の、試行実施中の試行プロジェクトを選んでください。"), field="pilot")
    support = ProjectSupport(
        request=request, pilot=pilot, supporter_id=actor.id,
        goal=checked_text(goal, "goal", TEXT_MAX, needed=True),
    )  # fmt: skip
    db.session.add(support)
    flush_or_conflict(on_duplicate=Conflict(_("この支援依頼のプロジェクト管理支援は既に始まっています。")))
    requests.begin(request, actor=actor)
    audit.record("support.project_started", "support_request", request.id, actor=actor,
                 detail={"pilot_id": pilot.id, "support_id": support.id})  # fmt: skip
    return support


def check_check_in(support: ProjectSupport, *, actor: User) -> None:
    """Who may add a check-in (403), then whether the support still takes them (409)."""
    require(can_check_in(actor, support))
    _require_open(support)


def _held_on(held_on: date | None) -> date:
    if held_on is None:
        raise InvalidInput(_("日付を入力してください。"), field="held_on")
    if held_on > one_year_after(japan_today()):
        raise InvalidInput(_("1年より先の日付は入力できません。"), field="held_on")
    return held_on


def add_check_in(support: ProjectSupport, entry: CheckInEntry, *, actor: User) -> ProjectCheckIn:
    """A dated check-in (never edited); the department's staff are told of it."""
    check_check_in(support, actor=actor)
    status = next((s for s in CheckInStatus if s.value == entry.status), None)
    if status is None:
        raise InvalidInput(_("状況を選んでください。"), field="status")
    check_in = ProjectCheckIn(
        support=support, held_on=_held_on(entry.held_on), status=status, author_id=actor.id,
        note=checked_text(entry.note, "note", TEXT_MAX, needed=True),
        next_action=checked_text(entry.next_action, "next_action", TEXT_MAX),
    )  # fmt: skip
    db.session.add(check_in)
    flush_or_conflict()
    audit.record("support.check_in_added", "project_support", support.id, actor=actor,
                 detail={"check_in_id": check_in.id, "status": status.value})  # fmt: skip
    _tell_department(support, check_in, actor)
    return check_in


def _tell_department(support: ProjectSupport, check_in: ProjectCheckIn, actor: User) -> None:
    pilot = support.pilot
    staff = active_staff_of([pilot.department_id])
    with force_locale(NOTIFICATION_LOCALE):
        status = CHECK_IN_STATUS_LABELS[check_in.status]
        subject = _("プロジェクト管理支援の記録（%(status)s）: %(title)s", status=status, title=shortened(pilot.title))
        body = _("試行プロジェクト「%(title)s」に、%(date)s の記録が追加されました。", title=pilot.title,
                 date=check_in.held_on.strftime("%Y/%m/%d"))  # fmt: skip
        if check_in.next_action:
            body += "\n" + _("次の対応: %(action)s", action=check_in.next_action)
    recipients = [user for user in staff if user.id != actor.id]
    notify(recipients, "support.check_in", subject, body, f"/pilots/{pilot.id}#project-support")


def close_support(support: ProjectSupport, summary: str, *, actor: User) -> ProjectSupport:
    """End the support with a summary; the request is then done."""
    require(can_run_support_paths(actor))
    _require_open(support)
    support.summary = checked_text(summary, "summary", TEXT_MAX, needed=True)
    support.closed_at, support.closed_by_id = utcnow(), actor.id
    flush_or_conflict()
    audit.record("support.project_closed", "support_request", support.request_id, actor=actor,
                 detail={"support_id": support.id, "check_ins": len(support.check_ins)})  # fmt: skip
    requests.finish(support.request, actor=actor)
    return support

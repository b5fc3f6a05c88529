"""Support requests (支援の依頼, #17 item 1): one verb per change, each checking who may and
when, writing its audit record, telling who must know, and flushing (the request commits
once).

For the paths built elsewhere (hackplat/support/paths/: search, project) the request's
own moves are:

- ``start_path(request, *, actor)``: triaged → in_progress (the path's work has begun;
  a request already in progress stays so). Refuses (409) a request that is not triaged.
- ``finish(request, *, actor, need=None)``: triaged / in_progress → done, the department
  (and the departments that joined) told; ``need``: the need the path ended in.
- ``require_open_on(request, path)``: 409 unless the request is on ``path`` and still
  triaged or in progress.

Decided here: the need path is **done when the need is drafted**, not when it is
published. The office's part ends with a need the department owns; publishing is the
department's ordinary need work (its page shows the status), and a request tied to
publication would stay on the coordinators' list for weeks while the department polishes
its draft, hiding the requests that do wait for the office. The analysis path ends the
same way, once the findings are recorded and a need is drafted from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, flush_or_refuse, require_version
from hackplat.errors import Conflict, InvalidInput, NotFound
from hackplat.extensions import db
from hackplat.matching.core.analyser import Analyser
from hackplat.models import Need, User, utcnow
from hackplat.models.support import OPEN_STATUSES, SupportPath, SupportRequest, SupportRequestJoin, SupportStatus
from hackplat.needs.services import NeedFields, create_need
from hackplat.permissions import (
    can_draft_need_from_request,
    can_join_support_request,
    can_open_support_request,
    can_triage_support_requests,
    can_view_support_request,
    can_withdraw_support_request,
    require,
)
from hackplat.support import notices
from hackplat.validation import checked_text

TITLE_MAX = 200
SITUATION_MAX = 2000
AFFECTED_MAX = 1000
TRIED_MAX = 1000
REASON_MAX = 1000
NOTE_MAX = 1000
CONTRACTOR_MAX = 200
FINDINGS_MAX = 3000

S = SupportStatus
#: The states in which a path's work may go on.
WORKING = (S.TRIAGED, S.IN_PROGRESS)
_analyser = Analyser()


@dataclass(frozen=True)
class RequestFields:
    """What the department writes, in its own words."""

    title: str
    situation: str
    affected: str = ""
    tried: str = ""

    def checked(self) -> RequestFields:
        """The fields stripped; ``InvalidInput`` next to the first field that is wrong."""
        return RequestFields(
            checked_text(self.title, "title", TITLE_MAX, needed=True, missing=_("件名を入力してください。")),
            checked_text(self.situation, "situation", SITUATION_MAX, needed=True,
                         missing=_("今起きていることを入力してください。")),
            checked_text(self.affected, "affected", AFFECTED_MAX),
            checked_text(self.tried, "tried", TRIED_MAX),
        )  # fmt: skip

    @property
    def body(self) -> str:
        return "\n".join((self.situation, self.affected, self.tried))


def visible_request(request_id: int | None, *, actor: User | None) -> SupportRequest:
    """The request ``actor`` may see, or ``NotFound`` (the same for one they may not)."""
    request = db.session.get(SupportRequest, request_id) if request_id else None
    if request is None or not can_view_support_request(actor, request):
        raise NotFound(_("お探しの支援依頼は見つかりませんでした。"))
    return request


def open_request(data: RequestFields, *, actor: User) -> SupportRequest:
    """A new request of ``actor``'s department; the programme office is told."""
    require(can_open_support_request(actor))
    fields = data.checked()
    request = SupportRequest(
        department_id=actor.department_id, author_id=actor.id, title=fields.title, situation=fields.situation,
        affected=fields.affected, tried=fields.tried,
        analysis=_analyser.analyse(fields.title, fields.body).to_json(),
    )  # fmt: skip
    db.session.add(request)
    flush_or_conflict()
    audit.record("support.opened", "support_request", request.id, actor=actor,
                 detail={"department_id": request.department_id})  # fmt: skip
    notices.tell_office_opened(request)
    return request


def _require_open(request: SupportRequest) -> None:
    if request.status not in OPEN_STATUSES:
        raise Conflict(_("この支援依頼は既に終了しています。"))


def join_request(request: SupportRequest, note: str | None, *, actor: User) -> SupportRequestJoin:
    """``actor``'s department has the same problem and joins the request instead of
    asking again; the requesting department is told."""
    require(can_join_support_request(actor, request))
    _require_open(request)
    already = Conflict(_("あなたの部署は既にこの依頼に参加しています。"))
    if any(j.department_id == actor.department_id for j in request.joins):
        raise already
    join = SupportRequestJoin(request=request, department_id=actor.department_id, user_id=actor.id,
                              note=checked_text(note, "note", NOTE_MAX))  # fmt: skip
    db.session.add(join)
    flush_or_refuse({"request_id": already, "department_id": already})
    audit.record("support.joined", "support_request", request.id, actor=actor,
                 detail={"department_id": actor.department_id})  # fmt: skip
    notices.tell_joined(request, join)
    return join


def withdraw_request(request: SupportRequest, *, expected_version: int | None, actor: User) -> SupportRequest:
    """The department takes its request back, before the office triaged it."""
    require(can_withdraw_support_request(actor, request))
    if request.status is not S.SUBMITTED:
        raise Conflict(_("振り分けの後は取り下げられません。支援の担当者に連絡してください。"))
    require_version(request, expected_version)
    _close(request, S.WITHDRAWN)
    audit.record("support.withdrawn", "support_request", request.id, actor=actor)
    flush_or_conflict()
    return request


def _reason(reason: str | None) -> str:
    return checked_text(reason, "reason", REASON_MAX, needed=True, missing=_("理由を入力してください。"))


def triage_request(request: SupportRequest, path: SupportPath | None, reason: str | None, *,
                   expected_version: int | None, actor: User) -> SupportRequest:  # fmt: skip
    """The office chooses the path (again, while the path's work has not begun)."""
    require(can_triage_support_requests(actor))
    if request.status not in (S.SUBMITTED, S.TRIAGED):
        raise Conflict(_("対応が始まった依頼や終了した依頼は振り分け直せません。"))
    if path is None:
        raise InvalidInput(_("支援の方法を選んでください。"), field="path")
    text = _reason(reason)
    require_version(request, expected_version)
    before = request.path
    request.path, request.triage_reason, request.status = path, text, S.TRIAGED
    request.triaged_by_id, request.triaged_at = actor.id, utcnow()
    detail = {"path": path.value, "before": before.value if before else None}
    audit.record("support.triaged", "support_request", request.id, actor=actor, detail=detail)
    flush_or_conflict()
    notices.tell_department(request, "support.triaged")
    return request


def decline_request(request: SupportRequest, reason: str | None, *, expected_version: int | None,
                    actor: User) -> SupportRequest:  # fmt: skip
    """The office declines a request (not for this programme, or a path that cannot reach
    its end: no organisation to invite, a contractor who never delivers), saying why."""
    require(can_triage_support_requests(actor))
    if request.status not in (S.SUBMITTED, *WORKING):
        raise Conflict(_("終了した依頼は見送れません。"))
    text = _reason(reason)
    require_version(request, expected_version)
    request.triage_reason, request.triaged_by_id, request.triaged_at = text, actor.id, utcnow()
    _close(request, S.DECLINED)
    audit.record("support.declined", "support_request", request.id, actor=actor)
    flush_or_conflict()
    notices.tell_department(request, "support.declined")
    return request


def _close(request: SupportRequest, status: SupportStatus) -> None:
    request.status, request.closed_at = status, utcnow()


# --- the request's moves for every path -------------------------------------------


def require_open_on(request: SupportRequest, path: SupportPath) -> None:
    """The request was triaged to ``path`` and is not finished (409 otherwise)."""
    if request.path is not path:
        raise Conflict(_("この支援依頼は、この支援の方法に振り分けられていません。"))
    if request.status not in WORKING:
        raise Conflict(_("この支援依頼は既に終了しています。"))


def start_path(request: SupportRequest, *, actor: User) -> SupportRequest:
    """The path's work has begun: triaged → in_progress (in progress stays so)."""
    if request.status not in WORKING:
        raise Conflict(_("振り分けの済んだ依頼だけ対応を始められます。"))
    if request.status is S.TRIAGED:
        request.status = S.IN_PROGRESS
        audit.record("support.started", "support_request", request.id, actor=actor,
                     detail={"path": request.path.value if request.path else None})  # fmt: skip
    return request


def finish(request: SupportRequest, *, actor: User, need: Need | None = None) -> SupportRequest:
    """The path reached its end: the request is done (``need``: the need it ended in)."""
    if request.status not in WORKING:
        raise Conflict(_("この支援依頼は既に終了しています。"))
    if need is not None:
        request.need = need
    _close(request, S.DONE)
    audit.record("support.done", "support_request", request.id, actor=actor,
                 detail={"path": request.path.value if request.path else None, "need_id": need.id if need else None})  # fmt: skip
    notices.tell_department(request, "support.done")
    return request


# --- the analysis path ----------------------------------------------------------------


def assign_analysis(request: SupportRequest, contractor: str | None, due: date | None, *,
                    expected_version: int | None, actor: User) -> SupportRequest:  # fmt: skip
    """Who analyses the work and by when (may be corrected until the findings are in)."""
    require(can_triage_support_requests(actor))
    require_open_on(request, SupportPath.ANALYSIS)
    if request.analysis_findings:
        raise Conflict(_("分析結果の記録後は委託先と期限を変更できません。"))
    name = checked_text(contractor, "contractor", CONTRACTOR_MAX, needed=True, missing=_("委託先を入力してください。"))
    if due is None:
        raise InvalidInput(_("分析の期限を入力してください。"), field="due")
    require_version(request, expected_version)
    request.analysis_contractor, request.analysis_due = name, due
    start_path(request, actor=actor)
    audit.record("support.analysis_assigned", "support_request", request.id, actor=actor,
                 detail={"contractor": name, "due": due.isoformat()})  # fmt: skip
    flush_or_conflict()
    return request


def record_findings(request: SupportRequest, findings: str | None, *, expected_version: int | None,
                    actor: User) -> SupportRequest:  # fmt: skip
    """What the analysis found; next, a need is drafted from it."""
    require(can_triage_support_requests(actor))
    require_open_on(request, SupportPath.ANALYSIS)
    if not request.analysis_contractor:
        raise Conflict(_("先に委託先と期限を記録してください。"))
    text = checked_text(findings, "findings", FINDINGS_MAX, needed=True, missing=_("分析結果を入力してください。"))
    require_version(request, expected_version)
    request.analysis_findings = text
    audit.record("support.findings_recorded", "support_request", request.id, actor=actor)
    flush_or_conflict()
    notices.tell_department(request, "support.findings")
    return request


# --- the need and analysis paths' end: a drafted need ----------------------------------


def _need_fields(request: SupportRequest, theme_id: int | None) -> NeedFields:
    if request.path is SupportPath.ANALYSIS:
        background = "\n\n".join(t for t in (request.situation, request.affected) if t)
        problem = request.analysis_findings or ""
    else:
        background = request.situation
        parts = [(_("困っている人"), request.affected), (_("試したこと"), request.tried)]
        problem = "\n\n".join(f"【{label}】\n{text}" for label, text in parts if text)
    return NeedFields(title=request.title, theme_id=theme_id, background=background, problem=problem,
                      department_id=request.department_id)  # fmt: skip


def may_draft_need(request: SupportRequest) -> bool:
    """Whether the request is at the step where a need is drafted from it."""
    if request.status not in WORKING or request.need_id is not None:
        return False
    if request.path is SupportPath.ANALYSIS:
        return bool(request.analysis_findings)
    return request.path is SupportPath.NEED


def draft_need(request: SupportRequest, theme_id: int | None, *, expected_version: int | None,
               actor: User) -> Need:  # fmt: skip
    """A draft need of the department, prefilled from the request (or, on the analysis
    path, from its findings); the request is done (see the module's docstring)."""
    require(can_draft_need_from_request(actor, request))
    if not may_draft_need(request):
        raise Conflict(_("この依頼からは今は課題を下書きできません。"))
    require_version(request, expected_version)
    need = create_need(_need_fields(request, theme_id), actor=actor)
    flush_or_conflict()
    audit.record("support.need_drafted", "support_request", request.id, actor=actor, detail={"need_id": need.id})
    start_path(request, actor=actor)
    finish(request, actor=actor, need=need)
    flush_or_conflict()
    return need

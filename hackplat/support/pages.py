"""What the request's pages show: the next step in words, and which of the page's forms
the reader may use now (the services check again on every POST)."""

from __future__ import annotations

from flask_babel import gettext as _

from hackplat.models import Actor
from hackplat.models.support import SupportPath, SupportRequest, SupportStatus
from hackplat.permissions import (
    can_draft_need_from_request,
    can_join_support_request,
    can_triage_support_requests,
    can_withdraw_support_request,
    is_coordinator,
    is_staff,
)
from hackplat.support.services import WORKING, may_draft_need

S = SupportStatus


def may_list(user: Actor) -> bool:
    """/support: the office (every request), staff (their department's)."""
    return is_staff(user) or is_coordinator(user)


def _analysis_step(req: SupportRequest) -> str:
    if not req.analysis_contractor:
        return _("支援の担当者が業務分析の委託先と期限を決めます。")
    if not req.analysis_findings:
        return _("委託先が業務を分析しています。結果の記録を待っています。")
    return _("分析結果から課題を下書きします。")


def next_step(req: SupportRequest) -> str:
    """What happens next, in words (shown to the department on its list and the page)."""
    if req.status is S.SUBMITTED:
        return _("支援の担当者が内容を確認して、支援の方法を決めます。")
    if req.status not in WORKING:
        return _("対応は終了しました。")
    steps = {
        SupportPath.NEED: _("依頼から課題を下書きし、提案を募集します。"),
        SupportPath.SEARCH: _("支援の担当者が事業者を探して招待します。"),
        SupportPath.PROJECT: _("支援の担当者がプロジェクトに伴走します。"),
    }
    if req.path is SupportPath.ANALYSIS:
        return _analysis_step(req)
    return str(steps.get(req.path, "")) if req.path else ""


def flags(req: SupportRequest, user: Actor) -> dict[str, bool]:
    """Which forms of the page ``user`` sees now."""
    open_now = req.status in (S.SUBMITTED, *WORKING)
    joined = any(j.department_id == getattr(user, "department_id", None) for j in req.joins)
    office = can_triage_support_requests(user)
    analysis_open = office and req.path is SupportPath.ANALYSIS and req.status in WORKING
    return {
        "join": open_now and not joined and can_join_support_request(user, req),
        "withdraw": req.status is S.SUBMITTED and can_withdraw_support_request(user, req),
        "triage": office and req.status in (S.SUBMITTED, S.TRIAGED),
        "decline": office and open_now,
        "assign": analysis_open and not req.analysis_findings,
        "findings": analysis_open and bool(req.analysis_contractor) and not req.analysis_findings,
        "draft": may_draft_need(req) and can_draft_need_from_request(user, req),
    }

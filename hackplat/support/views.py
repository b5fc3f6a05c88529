"""Support requests: the list (/support), opening one with the similar-requests step
(/support/new), and the request's page, whose forms post back to it with an ``action``
(join, withdraw, triage, decline, assign, findings, draft)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.home.support import age_in_days
from hackplat.models.support import SupportRequest
from hackplat.needs.services import themes
from hackplat.permissions import can_open_support_request, require
from hackplat.support import pages, queries, services, similar
from hackplat.support.forms import (
    AssignForm,
    DeclineForm,
    DraftNeedForm,
    FilterForm,
    FindingsForm,
    JoinForm,
    RequestForm,
    TriageForm,
    WithdrawForm,
)
from hackplat.support.labels import PATH_HINTS, STATUS_LABELS, path_label
from hackplat.views import paginate, refuse, render_form, render_refused, require_sign_in

bp = Blueprint("support", __name__, url_prefix="/support")


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "path_label": path_label, "path_hints": PATH_HINTS,
            "age_in_days": age_in_days}  # fmt: skip


@bp.get("/")
def index() -> str:
    require_sign_in()
    require(pages.may_list(current_user))
    filters = FilterForm(request.args)
    filters.validate()
    pagination = paginate(queries.listed_for(current_user, filters.path.data, filters.status.data))
    page_args = {name: value for name in ("path", "status") if (value := filters[name].data)}
    return render_template("support/index.html", pagination=pagination, filters=filters, page_args=page_args,
                           next_step=pages.next_step)  # fmt: skip


def _fields(form: RequestForm) -> services.RequestFields:
    return services.RequestFields(form.title.data or "", form.situation.data or "", form.affected.data or "",
                                  form.tried.data or "")  # fmt: skip


def _similar(fields: services.RequestFields) -> dict[str, Any]:
    return {
        "similar_requests": similar.similar_requests(
            fields.title, fields.body, department_id=current_user.department_id
        ),
        "similar_needs": similar.similar_needs(fields.title, fields.body),
    }


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    """First the form; on 「確認する」 the similar needs and requests (if any: else it is
    saved at once), with what was typed kept in hidden fields; then 「この内容で依頼する」."""
    require_sign_in()
    require(can_open_support_request(current_user))
    form = RequestForm()
    step = request.form.get("step")
    if not form.validate_on_submit() or step == "edit":
        return (
            render_form("support/new.html", form)
            if step != "edit"
            else (render_template("support/new.html", form=form), 200)
        )
    fields = _fields(form)
    if step != "post" and any((found := _similar(fields)).values()):
        return render_template("support/confirm.html", form=form, **found), 200
    try:
        opened = services.open_request(fields, actor=current_user)
    except DomainError as refusal:
        return render_refused("support/new.html", form, refusal)
    db.session.commit()
    flash(_("支援の依頼を送りました。支援の担当者が内容を確認して、支援の方法を決めます。"), "success")
    return redirect(url_for("support.detail", request_id=opened.id))


# --- the request's page and its actions ---------------------------------------------------

Action = Callable[[SupportRequest, Any], str]


def _join(req: SupportRequest, form: JoinForm) -> str:
    services.join_request(req, form.note.data, actor=current_user)
    return _("この依頼に参加しました。進み具合はあなたの部署にも知らせます。")


def _withdraw(req: SupportRequest, form: WithdrawForm) -> str:
    services.withdraw_request(req, expected_version=form.version_seen(), actor=current_user)
    return _("依頼を取り下げました。")


def _triage(req: SupportRequest, form: TriageForm) -> str:
    services.triage_request(req, form.chosen_path(), form.reason.data, expected_version=form.version_seen(),
                            actor=current_user)  # fmt: skip
    return _("支援の方法を決めました。依頼した部署に知らせました。")


def _decline(req: SupportRequest, form: DeclineForm) -> str:
    services.decline_request(req, form.reason.data, expected_version=form.version_seen(), actor=current_user)
    return _("依頼を見送りました。依頼した部署に知らせました。")


def _assign(req: SupportRequest, form: AssignForm) -> str:
    services.assign_analysis(req, form.contractor.data, form.due.data, expected_version=form.version_seen(),
                             actor=current_user)  # fmt: skip
    return _("業務分析の委託先と期限を記録しました。")


def _findings(req: SupportRequest, form: FindingsForm) -> str:
    services.record_findings(req, form.findings.data, expected_version=form.version_seen(), actor=current_user)
    return _("分析結果を記録しました。次に、結果から課題を下書きしてください。")


def _draft(req: SupportRequest, form: DraftNeedForm) -> str:
    services.draft_need(req, form.theme_id.data, expected_version=form.version_seen(), actor=current_user)
    return _("課題を下書きしました。依頼は完了です。課題のページで内容を整えて公開してください。")


ACTIONS: dict[str, tuple[type, Action]] = {
    "join": (JoinForm, _join),
    "withdraw": (WithdrawForm, _withdraw),
    "triage": (TriageForm, _triage),
    "decline": (DeclineForm, _decline),
    "assign": (AssignForm, _assign),
    "findings": (FindingsForm, _findings),
    "draft": (DraftNeedForm, _draft),
}


def _forms(req: SupportRequest, posted: str | None) -> dict[str, Any]:
    """Every action's form: the posted one read from the request, the others fresh."""
    forms = {}
    for name, (form_class, _action) in ACTIONS.items():
        bound = {} if name == posted else {"formdata": None}
        form = form_class(prefix=name, **bound)
        if hasattr(form, "version") and name != posted:
            form.version.data = req.version
        if name == "draft":
            form.theme_id.choices = [(t.id, t.name) for t in themes()]
        forms[name] = form
    return forms


def _page(req: SupportRequest, forms: dict[str, Any], status: int = 200, problem: str | None = None) -> tuple[str, int]:
    flags = pages.flags(req, current_user)
    return render_template("support/detail.html", req=req, forms=forms, flags=flags, next_step=pages.next_step,
                           problem=problem), status  # fmt: skip


@bp.route("/<int:request_id>", methods=["GET", "POST"])
def detail(request_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    req = services.visible_request(request_id, actor=current_user)
    posted = request.form.get("action") if request.method == "POST" else None
    if request.method == "POST" and posted not in ACTIONS:
        abort(400)
    forms = _forms(req, posted)
    if posted is None:
        return _page(req, forms)
    form = forms[posted]
    if not form.validate_on_submit():
        return _page(req, forms, 400)
    try:
        message = ACTIONS[posted][1](req, form)
    except DomainError as refusal:
        refuse(form, refusal)
        return _page(db.session.get(SupportRequest, request_id) or req, forms, refusal.status, refusal.message)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("support.detail", request_id=req.id))

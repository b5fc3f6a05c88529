"""Knowledge cases: the public library and case pages, the coordinators' pages to draft
a case from a pilot, edit it, put it to consent and withdraw it, and the consent of the
implementing organisation and the department."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.bounds import bounded_int, query_int
from hackplat.errors import Conflict, DomainError, InvalidInput
from hackplat.extensions import db
from hackplat.knowledge import consent, services
from hackplat.knowledge import roll_out as roll_out_interests
from hackplat.knowledge.forms import CaseFilterForm, CaseForm
from hackplat.knowledge.interest_forms import InterestForm
from hackplat.labs.services import all_labs
from hackplat.models import CaseStatus, KnowledgeCase, Pilot
from hackplat.needs.services import departments, themes
from hackplat.permissions import require
from hackplat.permissions.knowledge import can_edit_case, can_view_case
from hackplat.pilots.lessons import internal_lessons, search_lessons
from hackplat.views import get_or_404, paginate, refuse, render_form, render_refused, require_sign_in

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")
bp.after_app_request(roll_out_interests.enqueue_after_request)  # the roll-out notification job


def _case_to_edit(case_id: int) -> KnowledgeCase:
    """Permission first, so that a refused user learns nothing of which ids exist."""
    require_sign_in()
    require(can_edit_case(current_user))
    return get_or_404(KnowledgeCase, case_id)


@bp.get("/")
def index() -> str:
    form = CaseFilterForm(request.args)
    form.offer(themes(), departments())
    form.offer_labs(all_labs())
    pagination = paginate(services.published_cases_query(form.case_filters()))
    lesson_hits = search_lessons(form.case_filters().keywords, actor=current_user)  # [] but for city accounts
    return render_template("knowledge/index.html", form=form, pagination=pagination, link_args=form.link_args(),
                           lesson_hits=lesson_hits)  # fmt: skip


@bp.get("/drafts")
def drafts() -> str:
    require_sign_in()
    pagination = paginate(services.draft_cases_query(actor=current_user))
    return render_template("knowledge/drafts.html", pagination=pagination)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | str:
    """Without ``?pilot=``: the pilots ready to be written up; with it: what the draft
    will copy, and the button that drafts it."""
    require_sign_in()
    require(can_edit_case(current_user))
    pilot_id = query_int("pilot")
    if pilot_id is None:
        pagination = paginate(services.ready_pilots_query(actor=current_user))
        return render_template("knowledge/choose.html", pagination=pagination)
    pilot = get_or_404(Pilot, pilot_id)
    existing = services.case_of_pilot(pilot)
    if existing is not None:
        flash(_("この試行の事例は既にあります。その事例を表示します。"), "info")
        return redirect(url_for("knowledge.detail", case_id=existing.id))
    if request.method == "GET":
        services.check_pilot_ready(pilot)
        return render_template("knowledge/new.html", pilot=pilot, preview=services.prefilled(pilot))
    case = services.draft_case(pilot, actor=current_user)
    db.session.commit()
    flash(_("試行の内容から事例の下書きを作成しました。内容を確認して編集してください。"), "success")
    return redirect(url_for("knowledge.edit", case_id=case.id))


def _visible_case(case_id: int) -> KnowledgeCase:
    case = db.session.get(KnowledgeCase, case_id)
    if case is None or not can_view_case(current_user, case):
        abort(404)  # the same answer for a draft as for nothing: a draft's existence is private
    return case


def _detail_page(case: KnowledgeCase, status: int = 200, interest_form: InterestForm | None = None) -> tuple[str, int]:
    party = consent.party_of(current_user, case)
    roll_out = services.roll_out_needs(case)
    inside = _internal_context(case, interest_form)
    return render_template("knowledge/detail.html", case=case, roll_out=roll_out, consent_party=party, **inside), status


def _internal_context(case: KnowledgeCase, form: InterestForm | None) -> dict[str, Any]:
    """City accounts only: the pilot's internal lessons and the roll-out interest (with
    the form as typed, when it was refused)."""
    interests = roll_out_interests.page_interests(case, actor=current_user)
    if interests is not None and interests.may_show:
        form = form or InterestForm(formdata=None)
        form.offer(interests.needs)
    internal = internal_lessons(case.pilot, actor=current_user)
    return {"internal": internal, "interests": interests, "interest_form": form}


@bp.get("/<int:case_id>")
def detail(case_id: int) -> tuple[str, int]:
    return _detail_page(_visible_case(case_id))


def _case_form(case: KnowledgeCase, *, from_request: bool) -> CaseForm:
    form = CaseForm() if from_request else CaseForm(formdata=None, obj=case)
    form.offer(themes(), departments())
    return form


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int) -> Response | tuple[str, int]:
    case = _case_to_edit(case_id)
    form = _case_form(case, from_request=request.method == "POST")
    if not form.validate_on_submit():
        return render_form("knowledge/form.html", form, case=case)
    try:
        services.update_case(case, form.case_fields(), expected_version=form.version_seen(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("knowledge/form.html", form, refusal, case=case)
    db.session.commit()
    reset = case.status is CaseStatus.AWAITING_CONSENT and not services.has_consent(case)
    flash(_("事例を保存しました。内容が変わったため、同意はやり直しになります。") if reset else _("事例を保存しました。"),
          "success")  # fmt: skip
    return redirect(url_for("knowledge.detail", case_id=case.id))


@bp.post("/<int:case_id>/request-consent")
def request_consent(case_id: int) -> Response | tuple[str, int]:
    """A case missing its solution or results comes back as its edit form, the message
    next to the field to fill in (400); another refusal is said on the case page."""
    case = _case_to_edit(case_id)
    try:
        services.request_consent(case, actor=current_user)
    except InvalidInput as refusal:
        return render_refused("knowledge/form.html", _case_form(case, from_request=False), refusal, case=case)
    except Conflict as refusal:
        return _refused(case_id, refusal)
    db.session.commit()
    flash(_("実施組織と担当部署に公開の同意を求めました。両方が同意すると公開されます。"), "success")
    return redirect(url_for("knowledge.detail", case_id=case.id))


def _refused(case_id: int, refusal: DomainError) -> tuple[str, int]:
    """The case page again, with the refusal's message."""
    db.session.rollback()
    flash(str(refusal.message), "error")
    return _detail_page(_visible_case(case_id), refusal.status)


@bp.post("/<int:case_id>/consent", endpoint="consent")
def consent_to(case_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    case = _visible_case(case_id)
    try:
        seen = request.form.get("version", type=bounded_int, default=0)  # 0: no version, so stale
        consent.consent_case(case, actor=current_user, seen_version=seen)
    except (Conflict, InvalidInput) as refusal:
        return _refused(case_id, refusal)
    db.session.commit()
    published = case.status is CaseStatus.PUBLISHED
    flash(
        _("同意しました。両方の同意がそろったため、事例を公開しました。") if published else _("同意しました。"),
        "success",
    )
    return redirect(url_for("knowledge.detail", case_id=case.id))


@bp.post("/<int:case_id>/interest")
def interest(case_id: int) -> Response | tuple[str, int]:
    """「うちでも導入したい」, or (``withdraw``) taking it back: the reader's department's."""
    require_sign_in()
    case = _visible_case(case_id)
    form = InterestForm()
    try:
        if "withdraw" in request.form:
            roll_out_interests.withdraw_interest(case, actor=current_user)
        elif form.validate_on_submit():
            roll_out_interests.show_interest(case, note=form.note.data or "", need_id=form.need_id.data,
                                             actor=current_user)  # fmt: skip
        else:
            return _detail_page(case, 400, interest_form=form)
    except InvalidInput as refusal:
        refuse(form, refusal)
        return _detail_page(_visible_case(case_id), refusal.status, interest_form=form)
    except Conflict as refusal:
        return _refused(case_id, refusal)
    db.session.commit()
    flash(_("導入の希望を取り下げました。") if "withdraw" in request.form else
          _("導入したいことを登録しました。コーディネーターに伝わります。"), "success")  # fmt: skip
    return redirect(url_for("knowledge.detail", case_id=case.id, _anchor="case-interest"))


@bp.post("/<int:case_id>/unpublish")
def unpublish(case_id: int) -> Response | tuple[str, int]:
    case = _case_to_edit(case_id)
    try:
        services.unpublish_case(case, actor=current_user)
    except Conflict as refusal:
        return _refused(case_id, refusal)
    db.session.commit()
    flash(_("事例を下書きに戻しました。公開するには、改めて同意が必要です。"), "success")
    return redirect(url_for("knowledge.detail", case_id=case.id))

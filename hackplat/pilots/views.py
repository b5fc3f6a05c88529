"""Pilot projects: the list, the page (history, milestones, KPIs and the forms of those
who manage the pilot), creation from a selected proposal, and each change's POST."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.bounds import query_int
from hackplat.errors import Conflict, DomainError, InvalidInput, NotFound
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.forms import text
from hackplat.knowledge.services import case_of_pilot
from hackplat.labels import PILOT_STAGE_LABELS
from hackplat.labs.forms import assign_form
from hackplat.models import Pilot, PilotStage
from hackplat.models.pilots import MeasurementStatus
from hackplat.permissions import can_create_pilot, can_manage_pilot, require
from hackplat.permissions.pilots import can_propose_measurement
from hackplat.pilots import lessons, measurements, measures, queries, services
from hackplat.pilots.forms import KpiForm, MeasurementForm, MilestoneForm, NewPilotForm, PilotForm, StageForm
from hackplat.views import paginate, refuse, render_form, render_refused, require_sign_in

bp = Blueprint("pilots", __name__, url_prefix="/pilots")


def _to_detail(pilot: Pilot, anchor: str | None = None) -> Response:
    return redirect(url_for("pilots.detail", pilot_id=pilot.id, _anchor=anchor))


def _managed_pilot(pilot_id: int) -> Pilot:
    require_sign_in()
    pilot = queries.visible_pilot(pilot_id, actor=current_user)
    require(can_manage_pilot(current_user, pilot))
    return pilot


@bp.get("/")
def index() -> str:
    require_sign_in()
    stage = next((s for s in PilotStage if s.value == request.args.get("stage")), None)
    query = queries.pilots_query(current_user, stage)
    pagination = paginate(query)
    return render_template("pilots/index.html", pagination=pagination, stage=stage, stages=list(PilotStage))


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    require_sign_in()
    require(can_create_pilot(current_user))
    proposal = queries.proposal_to_pilot(query_int("proposal"))
    services.check_pilotable(proposal, actor=current_user)
    text = services.text_from(proposal)
    form = NewPilotForm(title=text.title, summary=text.summary, considered_on=japan_today())
    if not form.validate_on_submit():
        return render_form("pilots/new.html", form, proposal=proposal)
    try:
        pilot = services.create_pilot(proposal, form.text(), actor=current_user, considered_on=form.considered_on.data)
    except InvalidInput as refusal:
        return render_refused("pilots/new.html", form, refusal, proposal=proposal)
    db.session.commit()
    flash(_("試行プロジェクトを作成しました。"), "success")
    return _to_detail(pilot)


def _page(pilot: Pilot, status: int = 200, **forms: Any) -> tuple[str, int]:
    """The pilot page; ``forms`` replaces a default form by the one refused."""
    milestones = measures.milestones_by_year(pilot)
    context: dict[str, Any] = {
        "pilot": pilot, "milestones": milestones,
        "years": sorted({*measures.pilot_years(pilot), *milestones}),  # and any written before
        "assessments": measures.kpi_assessments(pilot),
        "overall": measures.overall_assessment(pilot), "hours_saved": measures.hours_saved(pilot),
        "pending": measurements.pending_measurements(pilot),
        "measuring": pilot.stage in measurements.MEASURING_STAGES,  # measurements decided only then
        "knowledge_case": case_of_pilot(pilot),
        "internal": lessons.internal_lessons(pilot, actor=current_user),  # city accounts only
        "lab_form": assign_form(pilot.lab_id),  # the office's lab select
        "stage_form": None, "kpi_form": None, "milestone_forms": {},
        "measurement_form": forms.get("measurement_form") or _measurement_form(pilot),
    }  # fmt: skip
    if can_manage_pilot(current_user, pilot):
        context.update(_management_forms(pilot, milestones, forms))
    return render_template("pilots/detail.html", **context), status


def _measurement_form(pilot: Pilot, form: MeasurementForm | None = None) -> MeasurementForm | None:
    """The organisation's form, for a pilot that measures and has KPIs."""
    if not (can_propose_measurement(current_user, pilot) and pilot.kpis):
        return None
    form = form or MeasurementForm(formdata=None, measured_on=japan_today())
    form.kpi.choices = [(kpi.id, kpi.procedure) for kpi in pilot.kpis]
    return form


def _management_forms(pilot: Pilot, milestones: dict, refused: dict[str, Any]) -> dict[str, Any]:
    stage_form = refused.get("stage_form") or StageForm(formdata=None, changed_on=japan_today())
    stage_form.offer(services.allowed_stages(pilot, current_user))
    milestone_forms = {
        year: MilestoneForm(formdata=None, prefix=f"fy{year}", obj=milestones.get(year), version=pilot.version)
        for year in measures.pilot_years(pilot)
    }
    milestone_forms.update(refused.get("milestone_forms", {}))
    kpi_form = refused.get("kpi_form") or KpiForm(formdata=None)
    return {"stage_form": stage_form, "milestone_forms": milestone_forms, "kpi_form": kpi_form}


def _refused_page(pilot_id: int, form: Any, refusal: DomainError, **refused: Any) -> tuple[str, int]:
    """Roll back, put the refusal next to its field and show the page again as typed
    (``refused`` names where the form goes, as for ``_page``)."""
    refuse(form, refusal)
    return _page(queries.visible_pilot(pilot_id, actor=current_user), refusal.status, **refused)


@bp.get("/<int:pilot_id>")
def detail(pilot_id: int) -> tuple[str, int]:
    require_sign_in()
    return _page(queries.visible_pilot(pilot_id, actor=current_user))


@bp.route("/<int:pilot_id>/edit", methods=["GET", "POST"])
def edit(pilot_id: int) -> Response | tuple[str, int]:
    pilot = _managed_pilot(pilot_id)
    form = PilotForm(obj=pilot)
    if not form.validate_on_submit():
        return render_form("pilots/edit.html", form, pilot=pilot)
    try:
        services.update_pilot(pilot, form.text(), expected_version=form.version_seen(), actor=current_user)
    except InvalidInput as refusal:
        return render_refused("pilots/edit.html", form, refusal, pilot=pilot)
    db.session.commit()
    flash(_("試行プロジェクトを保存しました。"), "success")
    return _to_detail(pilot)


@bp.post("/<int:pilot_id>/stage")
def change_stage(pilot_id: int) -> Response | tuple[str, int]:
    pilot = _managed_pilot(pilot_id)
    form = StageForm()
    form.offer(list(PilotStage))  # any stage: a move the life cycle forbids is the service's 409
    if not form.validate_on_submit():
        return _page(pilot, 400, stage_form=form)
    try:
        services.change_stage(
            pilot, form.chosen(), on=form.changed_on.data, reason=form.reason.data, actor=current_user
        )
    except InvalidInput as refusal:
        return _refused_page(pilot_id, form, refusal, stage_form=form)
    db.session.commit()
    flash(_("段階を「%(stage)s」に変更しました。", stage=PILOT_STAGE_LABELS[pilot.stage]), "success")
    return _to_detail(pilot, "pilot-history")


@bp.post("/<int:pilot_id>/milestones/<int:fiscal_year>")
def save_milestone(pilot_id: int, fiscal_year: int) -> Response | tuple[str, int]:
    pilot = _managed_pilot(pilot_id)
    if fiscal_year not in measures.pilot_years(pilot):
        raise NotFound(_("この試行の期間外の年度です。"))
    form = MilestoneForm(prefix=f"fy{fiscal_year}")
    if not form.validate_on_submit():
        return _page(pilot, 400, milestone_forms={fiscal_year: form})
    try:
        measures.save_milestone(
            pilot, fiscal_year, text(form.plan), text(form.result),
            expected_version=form.version_seen(), actor=current_user,
        )  # fmt: skip
    except InvalidInput as refusal:
        return _refused_page(pilot_id, form, refusal, milestone_forms={fiscal_year: form})
    db.session.commit()
    flash(_("年度の計画と実績を保存しました。"), "success")
    return _to_detail(pilot, "pilot-milestones")


@bp.post("/<int:pilot_id>/kpis")
def add_kpi(pilot_id: int) -> Response | tuple[str, int]:
    pilot = _managed_pilot(pilot_id)
    form = KpiForm()
    if not form.validate_on_submit():
        return _page(pilot, 400, kpi_form=form)
    try:
        measures.add_kpi(pilot, form.fields(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return _refused_page(pilot_id, form, refusal, kpi_form=form)
    db.session.commit()
    flash(_("指標を追加しました。"), "success")
    return _to_detail(pilot, "pilot-kpis")


@bp.route("/<int:pilot_id>/kpis/<int:kpi_id>/edit", methods=["GET", "POST"])
def edit_kpi(pilot_id: int, kpi_id: int) -> Response | tuple[str, int]:
    pilot = _managed_pilot(pilot_id)
    kpi = queries.kpi_of(pilot, kpi_id)
    form = KpiForm(obj=kpi, version=pilot.version)
    if not form.validate_on_submit():
        return render_form("pilots/kpi_edit.html", form, pilot=pilot, kpi=kpi)
    try:
        measures.update_kpi(kpi, form.fields(), expected_version=form.version_seen(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("pilots/kpi_edit.html", form, refusal, pilot=pilot, kpi=kpi)
    db.session.commit()
    flash(_("指標を保存しました。"), "success")
    return _to_detail(pilot, "pilot-kpis")


@bp.get("/<int:pilot_id>/kpis/<int:kpi_id>/delete")
def confirm_delete_kpi(pilot_id: int, kpi_id: int) -> str:
    pilot = _managed_pilot(pilot_id)
    return render_template("pilots/delete_kpi.html", pilot=pilot, kpi=queries.kpi_of(pilot, kpi_id))


@bp.post("/<int:pilot_id>/kpis/<int:kpi_id>/delete")
def delete_kpi(pilot_id: int, kpi_id: int) -> Response:
    pilot = _managed_pilot(pilot_id)
    measures.delete_kpi(queries.kpi_of(pilot, kpi_id), actor=current_user)
    db.session.commit()
    flash(_("指標を削除しました。"), "success")
    return _to_detail(pilot, "pilot-kpis")


@bp.post("/<int:pilot_id>/measurements")
def propose_measurement(pilot_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    pilot = queries.visible_pilot(pilot_id, actor=current_user)
    require(can_propose_measurement(current_user, pilot))
    form = _measurement_form(pilot, MeasurementForm())
    if form is None or not form.validate_on_submit():
        return _page(pilot, 400, measurement_form=form)
    try:
        measurements.propose_measurement(queries.kpi_of(pilot, form.kpi.data), form.measured(), actor=current_user)
    except DomainError as refusal:
        return _refused_page(pilot_id, form, refusal, measurement_form=_measurement_form(pilot, form))
    db.session.commit()
    flash(_("測定値を登録しました。担当部署が確認すると、時短率に反映されます。"), "success")
    return _to_detail(pilot, "pilot-measurements")


@bp.post("/<int:pilot_id>/measurements/<int:measurement_id>/<any(confirm, reject):decision>")
def decide_measurement(pilot_id: int, measurement_id: int, decision: str) -> Response | tuple[str, int]:
    pilot = _managed_pilot(pilot_id)
    measurement = measurements.measurement_of(pilot, measurement_id)
    if measurement is None:
        raise NotFound(_("測定値が見つかりません。"))
    to = MeasurementStatus.CONFIRMED if decision == "confirm" else MeasurementStatus.REJECTED
    try:
        measurements.decide_measurement(measurement, to, actor=current_user)
    except Conflict as refusal:
        db.session.rollback()
        flash(str(refusal.message), "error")
        return _page(queries.visible_pilot(pilot_id, actor=current_user), refusal.status)
    db.session.commit()
    done = _("測定値を確認し、時短率に反映しました。") if decision == "confirm" else _("測定値を差し戻しました。")
    flash(done, "success")
    return _to_detail(pilot, "pilot-measurements")


from hackplat.pilots import lesson_views  # noqa: E402, F401  (its routes are on this blueprint)

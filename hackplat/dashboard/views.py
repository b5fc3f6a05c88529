"""The programme's targets: the coordinators' dashboard with its downloads, the
administrator's target forms, and the public summary at /programme (no url_prefix)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from hackplat.bounds import query_int
from hackplat.dashboard import services
from hackplat.dashboard.charts import funnel, year_chart
from hackplat.dashboard.counts import hours_saved_by_pilots
from hackplat.dashboard.export import COUNTING_LABELS, UNIT_LABELS, report_as_csv, report_as_json
from hackplat.dashboard.figures import floor_met, is_floor, scope_of
from hackplat.dashboard.forms import cycle_form, indicator_form
from hackplat.dashboard.report import build_report, by_key, cycle_first_years, cycle_of
from hackplat.dashboard.services import NoCycle
from hackplat.departments.services import track_counts
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import cycle_years, japanese_label, western_label
from hackplat.knowledge.roll_out import candidate_counts
from hackplat.labels import indicator_name
from hackplat.models import Indicator
from hackplat.permissions import can_edit_targets, can_view_dashboard, require
from hackplat.startups.counts import startup_years
from hackplat.views import get_or_404, render_form, render_refused, require_sign_in

bp = Blueprint("dashboard", __name__)


@bp.app_template_filter("figure")
def figure_filter(value: float | None) -> str:
    """1000.0 → '1,000'; 8.55 → '8.6'; None → '—'."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@bp.app_template_filter("axis_year")
def axis_year(fiscal_year: int) -> str:
    """A chart's year under its bar: 令和4年度 (FY2022 in English); the quarter of the
    cycle (1Q–4Q) is only the line below it."""
    return western_label(fiscal_year) if str(get_locale()) == "en" else japanese_label(fiscal_year)


bp.add_app_template_global(scope_of, "card_scope")  # 累計 / 年度内 on a card
bp.add_app_template_global(is_floor, "is_floor_target")  # "目標 25%以上": met or not
bp.add_app_template_global(floor_met)


def _requested_cycle() -> int:
    return services.resolve_cycle(query_int("cycle"))


@bp.errorhandler(NoCycle)
def no_cycle(missing: NoCycle) -> tuple[str, int]:
    """Said plainly, with the cycles there are and (for admins) the way to define one."""
    return render_template("dashboard/no_cycle.html", missing=missing, cycles=cycle_first_years()), missing.status


def _coordinators_only() -> None:
    require_sign_in()
    require(can_view_dashboard(current_user))


def _admins_only() -> None:
    require_sign_in()
    require(can_edit_targets(current_user))


@bp.get("/dashboard")
def index() -> str:
    _coordinators_only()
    first_year = _requested_cycle()
    report = build_report(first_year)
    rows = by_key(report)
    participants = rows.get("participants")
    return render_template(
        "dashboard/index.html", report=report, first_year=first_year, cycles=cycle_first_years(),
        cycle=cycle_of(first_year),
        chart=year_chart(participants) if participants else None, participants=participants,
        funnel=funnel(rows), units=UNIT_LABELS, countings=COUNTING_LABELS, hours_saved=hours_saved_by_pilots(),
        track=track_counts(cycle_years(first_year)), startups=startup_years(cycle_years(first_year)),
        roll_out_candidates=candidate_counts(),
    )  # fmt: skip


def _download(body: str, mimetype: str, first_year: int, extension: str) -> Response:
    filename = f"programme-targets-FY{first_year}.{extension}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/dashboard/targets.csv")
def download_csv() -> Response:
    _coordinators_only()
    first_year = _requested_cycle()
    # Werkzeug adds "; charset=utf-8" to a text/ type: given here too, it came twice.
    return _download(report_as_csv(build_report(first_year)), "text/csv", first_year, "csv")


@bp.get("/dashboard/targets.json")
def download_json() -> Response:
    _coordinators_only()
    first_year = _requested_cycle()
    body = json.dumps(report_as_json(build_report(first_year)), ensure_ascii=False, indent=2)
    return _download(body, "application/json", first_year, "json")


@bp.route("/dashboard/indicators/<int:indicator_id>", methods=["GET", "POST"])
def edit_indicator(indicator_id: int) -> BaseResponse | tuple[str, int]:
    _admins_only()
    indicator, first_year = get_or_404(Indicator, indicator_id), _requested_cycle()
    form = indicator_form(indicator, cycle_years(first_year))
    context = {"indicator": indicator, "first_year": first_year, "units": UNIT_LABELS}
    if not form.validate_on_submit():
        return render_form("dashboard/edit_indicator.html", form, **context)
    try:
        services.update_indicator(indicator, form.entries(), is_public=form.is_public.data,
                                  expected_version=form.version_seen(), actor=current_user)  # fmt: skip
    except InvalidInput as refusal:
        return render_refused("dashboard/edit_indicator.html", form, refusal, **context)
    db.session.commit()
    flash(_("「%(name)s」の目標と実績を保存しました。", name=indicator_name(indicator)), "success")
    return redirect(url_for("dashboard.index", cycle=first_year))


@bp.route("/dashboard/cycles/new", methods=["GET", "POST"])
def new_cycle() -> BaseResponse | tuple[str, int]:
    _admins_only()
    form = cycle_form(services.all_indicators(), services.next_cycle_start())
    if not form.validate_on_submit():
        return render_form("dashboard/new_cycle.html", form)
    try:
        cycle = services.add_cycle(form.definition(), actor=current_user)
    except InvalidInput as refusal:
        return render_refused("dashboard/new_cycle.html", form, refusal)
    db.session.commit()
    flash(_("新しい期間を追加しました。各指標の目標を入力してください。"), "success")
    return redirect(url_for("dashboard.index", cycle=cycle.first_fiscal_year))


@bp.get("/programme")
def programme() -> str:
    """The public summary: public indicators only (nothing else is even loaded)."""
    first_year = _requested_cycle()
    report = build_report(first_year, public_only=True)
    participants = by_key(report).get("participants")
    return render_template(
        "dashboard/programme.html", report=report, first_year=first_year, participants=participants,
        cycle=cycle_of(first_year),
        chart=year_chart(participants) if participants else None, units=UNIT_LABELS,
        track=track_counts(cycle_years(first_year)), startups=startup_years(cycle_years(first_year)),
    )  # fmt: skip

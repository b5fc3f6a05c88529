"""Seeds: the public catalogue, a seed's page, and the members' own seeds."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, DomainError, InvalidInput
from hackplat.extensions import db
from hackplat.models import Theme
from hackplat.permissions import can_create_seed, require
from hackplat.seeds import services
from hackplat.seeds.forms import SeedFilterForm, SeedForm, filter_args, theme_choices
from hackplat.views import paginate, render_form, render_refused, require_sign_in

bp = Blueprint("seeds", __name__, url_prefix="/seeds")


@bp.get("/")
def index() -> str:
    form = SeedFilterForm(formdata=request.args)
    form.theme.choices = theme_choices(services.themes(), _("すべて"))
    filters = form.selected()
    pagination = paginate(services.public_seeds_query(filters))
    return render_template("seeds/index.html", form=form, pagination=pagination, filter_args=filter_args(filters))


@bp.get("/mine")
def mine() -> str:
    require_sign_in()
    require(can_create_seed(current_user))
    query = services.organisation_seeds_query(current_user.organisation_id)
    pagination = paginate(query)
    return render_template("seeds/mine.html", pagination=pagination, organisation=current_user.organisation)


@bp.get("/<int:seed_id>")
def detail(seed_id: int) -> str:
    return render_template("seeds/detail.html", seed=services.visible_seed(seed_id, current_user))


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    require_sign_in()
    require(can_create_seed(current_user))
    form = _seed_form()
    if not form.validate_on_submit():
        return render_form("seeds/form.html", form, seed=None)
    try:
        seed = services.create_seed(current_user.organisation, _seed_data(form), actor=current_user)
    except InvalidInput as refusal:
        return _refused(form, refusal, seed=None)
    db.session.commit()
    flash(_("シーズ「%(title)s」を登録しました。", title=seed.title), "success")
    return redirect(url_for("seeds.detail", seed_id=seed.id))


@bp.route("/<int:seed_id>/edit", methods=["GET", "POST"])
def edit(seed_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    seed = services.editable_seed(seed_id, current_user)
    form = _seed_form(obj=seed, theme_id=seed.theme_id or 0)
    if not form.validate_on_submit():
        return render_form("seeds/form.html", form, seed=seed)
    try:
        services.update_seed(seed, _seed_data(form), actor=current_user, version=form.version_seen())
    except (InvalidInput, Conflict) as refusal:
        return _refused(form, refusal, seed=seed)
    db.session.commit()
    flash(_("シーズ「%(title)s」を保存しました。", title=seed.title), "success")
    return redirect(url_for("seeds.detail", seed_id=seed.id))


def _seed_form(**values: Any) -> SeedForm:
    form = SeedForm(**values)
    form.theme_id.choices = theme_choices(services.themes(), _("（指定しない）"))
    return form


def _seed_data(form: SeedForm) -> services.SeedData:
    return services.SeedData(
        title=form.title.data or "",
        summary=form.summary.data or "",
        description=form.description.data or "",
        track_record=form.track_record.data or "",
        tags=form.tags.data or "",
        theme=db.session.get(Theme, form.theme_id.data) if form.theme_id.data else None,
        is_public=bool(form.is_public.data),
    )


def _refused(form: SeedForm, refusal: DomainError, **context: Any) -> tuple[str, int]:
    """Show the form again as typed, with the service's message, nothing written."""
    return render_refused("seeds/form.html", form, refusal, **context)

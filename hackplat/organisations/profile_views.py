"""The public track record page of an organisation (opt-in: hackplat/organisations/profile.py)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from hackplat.bounds import query_int
from hackplat.models import Organisation
from hackplat.organisations.profile import track_record
from hackplat.permissions import can_view_organisation_profile
from hackplat.views import get_or_404

bp = Blueprint("organisation_profiles", __name__, url_prefix="/organisations")


@bp.get("/<int:organisation_id>/profile")
def show(organisation_id: int) -> str:
    """404, not 403, when the page is off: whether an organisation registered, or keeps
    its page private, is not told to the public."""
    organisation = get_or_404(Organisation, organisation_id)
    if not can_view_organisation_profile(current_user, organisation):
        abort(404)
    record = track_record(
        organisation, cases_page=max(1, query_int("cases_page") or 1), seeds_page=max(1, query_int("seeds_page") or 1)
    )
    return render_template("organisations/profile.html", organisation=organisation, record=record)

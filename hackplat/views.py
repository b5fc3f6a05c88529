"""Small helpers shared by the blueprints' views."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, render_template, request
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from hackplat.bounds import query_int
from hackplat.errors import DomainError
from hackplat.extensions import db, login_manager
from hackplat.forms import add_field_error, control_characters
from hackplat.listing import listed_page
from hackplat.matching.search_query import searched_page


def render_form(template: str, form: Any, **context: Any) -> tuple[str, int]:
    """Render a form page: 200 when first shown, 400 when a submission was refused."""
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def refuse(form: Any, refusal: DomainError) -> None:
    """Roll back, so that nothing of the refused action is written, and put the service's
    refusal next to its field; the caller shows the form again as typed."""
    db.session.rollback()
    add_field_error(form, refusal.field, refusal.message)


def render_refused(template: str, form: Any, refusal: DomainError, **context: Any) -> tuple[str, int]:
    """A form page shown again after ``refuse``, with the refusal's status."""
    refuse(form, refusal)
    return render_template(template, form=form, **context), refusal.status


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no //) may be a redirect target; no
    control character (CR LF would split the Location header) and no backslash (browsers
    read ``/\\host`` as ``//host``)."""
    if not target or "\\" in target or control_characters(target, multiline=False):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def get_or_404(model: type, object_id: int) -> Any:
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def require_sign_in() -> None:
    """Views whose permission depends on the object start here: anonymous visitors are
    sent to the sign-in page (as ``login_required`` does), the rest is the service's call."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())


def paginate(query: Select[Any], per_page: int | None = None) -> Pagination:
    """The ``?page=`` page of ``query``, ``per_page`` (by default ITEMS_PER_PAGE) long."""
    size = per_page or int(current_app.config["ITEMS_PER_PAGE"])
    page = page_number()
    return (
        searched_page(query, page, size)
        or listed_page(query, page, size)  # ids by index, then rows; the total kept (hackplat/listing.py)
        or db.paginate(query, page=page, per_page=size)
    )


def page_number() -> int:
    """``?page=``, 1 when missing, 0 or not a (bounded) number."""
    return max(1, query_int("page") or 1)

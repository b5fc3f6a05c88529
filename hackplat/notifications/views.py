"""A signed-in person's own notifications."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hackplat.extensions import db
from hackplat.notifications import services
from hackplat.views import paginate

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index() -> str:
    pagination = paginate(services.notifications_for(current_user))
    return render_template("notifications/index.html", pagination=pagination)


@bp.post("/read")
@login_required
def mark_read() -> Response:
    services.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))

"""A signed-in person's own notifications, their mail settings, and unsubscribing from a
mail's link (no sign-in: the link's signed token names the person and the kind)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hackplat.errors import InvalidInput
from hackplat.extensions import csrf, db
from hackplat.models import User
from hackplat.notifications import preferences, services
from hackplat.notifications.forms import chosen_frequencies, preferences_form
from hackplat.notifications.kinds import kinds_for
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


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> str | Response:
    kinds = kinds_for(current_user)
    form = preferences_form(kinds, preferences.preferences_of(current_user))
    if form.validate_on_submit():
        preferences.set_preferences(current_user, chosen_frequencies(form, kinds))
        db.session.commit()
        flash(_("メールの配信設定を保存しました。"), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, kinds=kinds)


def _token_or_400(token: str) -> tuple[User, str]:
    found = preferences.read_unsubscribe_token(token)
    if found is None:
        raise InvalidInput(_("配信停止のリンクが正しくありません。メールのリンクをもう一度お確かめください。"))
    return found


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str) -> str:
    """A confirmation page: a mail client or scanner following the link changes nothing."""
    _token_or_400(token)
    return render_template("notifications/unsubscribe.html", token=token, done=False)


# Exempt from CSRF on purpose: RFC 8058's one-click unsubscribe is a POST sent by the mail
# provider, without our session or form token. The signed token in the URL stands in for
# both: it can only come from a mail we sent to that person, and it only turns mail off.
@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe_confirmed(token: str) -> str:
    user, kind = _token_or_400(token)
    preferences.unsubscribe(user, kind)
    db.session.commit()
    return render_template("notifications/unsubscribe.html", token=token, done=True)

"""Sign-in, sign-out, registration and the signed-in person's own page."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from hackplat.accounts import services, verification
from hackplat.accounts.account_views import begin_second_step
from hackplat.accounts.forms import LoginForm, RegistrationForm
from hackplat.accounts.recovery_forms import EmailForm
from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.i18n import LOCALE_COOKIE, SUPPORTED_LOCALES
from hackplat.legal.forms import shown_ids
from hackplat.legal.services import current_documents
from hackplat.matching.suggestions import needs_for_organisation
from hackplat.models import OrganisationKind
from hackplat.permissions import is_member
from hackplat.views import render_form, render_refused, safe_next_url

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("home.mine"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_form("accounts/login.html", form)
    outcome = services.sign_in(text(form.email), text(form.password))
    db.session.commit()
    if outcome.user is None:
        form.form_errors.append(outcome.message)
        resend_form = EmailForm(email=form.email.data) if outcome.unverified else None  # a new link
        return render_template("accounts/login.html", form=form, resend_form=resend_form), outcome.status
    next_url = safe_next_url(request.args.get("next"))
    if outcome.second_factor:  # the TOTP code next (accounts/account_views.py)
        return begin_second_step(outcome.user, next_url)
    session.clear()  # a fresh session at sign-in: nothing carried over from before
    login_user(outcome.user)
    flash(_("サインインしました。"), "success")
    return redirect(next_url or url_for("home.mine"))  # the home page per role


@bp.post("/logout")
@login_required
def logout() -> Response:
    services.sign_out(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("サインアウトしました。"), "success")
    return redirect(url_for("home.index"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Response | tuple[str, int]:
    form = RegistrationForm()
    documents = current_documents()  # to accept with the registration (hackplat/legal)
    shown = shown_ids(form.legal_shown.data) if form.legal_shown.raw_data else None  # the versions shown
    form.legal_shown.data = ",".join(str(document.id) for document in documents)  # those the page shows now
    if not form.validate_on_submit():
        return render_form("accounts/register.html", form, legal_documents=documents)
    data = services.Registration(
        kind=OrganisationKind(form.kind.data),
        name=text(form.name),
        corporate_number=form.corporate_number.data or None,
        is_startup=form.is_startup.data,
        founded_year=form.founded_year.data,
        profile=form.profile.data or "",
        contact_name=text(form.contact_name),
        email=text(form.email),
        password=text(form.password),
    )
    try:  # the same answer for a known address (accounts/verification.py)
        verification.before_registering(data.email, accepted=form.accept_legal.data, documents=documents, shown=shown)
        verification.register(data, documents)
    except DomainError as refusal:
        # a 法人番号 already registered: the page offers to ask to join that organisation
        offer_join = refusal.field == "corporate_number"
        if refusal.status == 409:  # the terms changed since the page was shown: read and tick again
            form.accept_legal.data = False
        return render_refused("accounts/register.html", form, refusal, offer_join=offer_join, legal_documents=documents)
    db.session.commit()
    return redirect(url_for("accounts.registered"))


@bp.get("/register/done")
def registered() -> str:
    return render_template("accounts/registered.html")


@bp.get("/me")
@login_required
def me() -> str:
    organisation = current_user.organisation if is_member(current_user) else None
    recommended = needs_for_organisation(organisation) if organisation else None
    return render_template("accounts/me.html", user=current_user, recommended=recommended)


@bp.get("/language/<code>")
def language(code: str) -> Response:
    """Switch the UI language (a preference cookie; Japanese unless English is chosen)."""
    response = make_response(redirect(safe_next_url(request.args.get("next")) or url_for("home.index")))
    if code in SUPPORTED_LOCALES:
        secure = bool(current_app.config["SESSION_COOKIE_SECURE"])
        response.set_cookie(LOCALE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True, secure=secure)
    return response

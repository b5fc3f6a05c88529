"""The terms of use and privacy policy pages, accepting them, and the administrator's
page that publishes a new version (after a preview)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.legal import services
from hackplat.legal.forms import AcceptForm, LegalDocumentForm
from hackplat.models import LegalDocument, LegalKind
from hackplat.permissions import can_manage_users, require
from hackplat.views import render_form, render_refused, require_sign_in, safe_next_url

bp = Blueprint("legal", __name__)

KIND_TITLES = {LegalKind.TERMS: _l("利用規約"), LegalKind.PRIVACY: _l("プライバシーポリシー")}
SHOW_ENDPOINTS = {LegalKind.TERMS: "legal.terms", LegalKind.PRIVACY: "legal.privacy"}
VERSION_ENDPOINTS = {LegalKind.TERMS: "legal.terms_version", LegalKind.PRIVACY: "legal.privacy_version"}


def _show(kind: LegalKind, number: int | None = None) -> str:
    documents = services.versions(kind)
    if number is None:
        document = documents[0] if documents else None
    else:
        document = next((d for d in documents if d.version == number), None)
        if document is None:
            abort(404)
    return render_template(
        "legal/document.html",
        kind=kind,
        title=KIND_TITLES[kind],
        document=document,
        documents=documents,
        version_endpoint=VERSION_ENDPOINTS[kind],
        current_endpoint=SHOW_ENDPOINTS[kind],
    )


@bp.get("/terms")
def terms() -> str:
    return _show(LegalKind.TERMS)


@bp.get("/terms/<int:version>")
def terms_version(version: int) -> str:
    return _show(LegalKind.TERMS, version)


@bp.get("/privacy")
def privacy() -> str:
    return _show(LegalKind.PRIVACY)


@bp.get("/privacy/<int:version>")
def privacy_version(version: int) -> str:
    return _show(LegalKind.PRIVACY, version)


def _ids(documents: list[LegalDocument]) -> str:
    return ",".join(str(document.id) for document in documents)


@bp.route("/legal/accept", methods=["GET", "POST"])
@login_required
def accept() -> Response | tuple[str, int]:
    """Asked by the guard (accounts/guards.py) when a current version is not accepted."""
    next_url = safe_next_url(request.args.get("next")) or url_for("accounts.me")
    pending = services.pending_for(current_user)
    if not pending:
        return redirect(next_url)
    form = AcceptForm(documents=_ids(pending))
    if not form.validate_on_submit():
        return render_form("legal/accept.html", form, pending=pending, titles=KIND_TITLES)
    try:
        services.accept_current(current_user, form.shown())
    except DomainError as refusal:
        pending = services.pending_for(current_user)
        form.documents.data = _ids(pending)
        form.agree.data = False
        return render_refused("legal/accept.html", form, refusal, pending=pending, titles=KIND_TITLES)
    db.session.commit()
    flash(_("同意を記録しました。"), "success")
    return redirect(next_url)


def _require_admin() -> None:
    require_sign_in()
    require(can_manage_users(current_user))


@bp.get("/admin/legal")
def admin_index() -> str:
    _require_admin()
    documents = {kind: services.current(kind) for kind in LegalKind}
    return render_template("legal/admin_index.html", documents=documents, titles=KIND_TITLES)


@bp.route("/admin/legal/<kind>", methods=["GET", "POST"])
def admin_edit(kind: str) -> Response | tuple[str, int]:
    """Edit from the current version; "preview" shows the text as published, and only
    then "publish" makes it the new version that everyone is asked to accept."""
    _require_admin()
    try:
        legal_kind = LegalKind(kind)
    except ValueError:
        abort(404)
    latest = services.current(legal_kind)
    form = LegalDocumentForm(
        title=latest.title if latest else str(KIND_TITLES[legal_kind]),
        body=latest.body if latest else "",
        based_on=str(latest.version if latest else 0),
    )
    context = {"kind": legal_kind, "latest": latest, "titles": KIND_TITLES}
    if not form.validate_on_submit():
        return render_form("legal/admin_edit.html", form, preview=False, **context)
    if not form.publish.data:
        return render_template("legal/admin_edit.html", form=form, preview=True, **context), 200
    try:
        document = services.publish(
            legal_kind, text(form.title), text(form.body), based_on=form.based_on_version(), actor=current_user
        )
    except DomainError as refusal:
        return render_refused("legal/admin_edit.html", form, refusal, preview=False, **context)
    db.session.commit()
    flash(_("第%(version)d版を公開しました。", version=document.version), "success")
    return redirect(url_for("legal.admin_index"))

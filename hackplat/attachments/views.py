"""Attachment routes: the upload page and form, the download, the delete.

Uploads are the only requests that may be large: the app's MAX_CONTENT_LENGTH (2 MB)
stays for every form, and the upload route alone raises it, in a URL value preprocessor
(which Flask runs before every before_request function, so before the CSRF check reads
the body). Files are never served from static/: the download view looks the parent up
and applies its view predicate, and answers ``Content-Disposition: attachment`` (with an
RFC 5987 ``filename*`` for Japanese names) and ``nosniff``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from hackplat.attachments import filetypes, services, storage
from hackplat.attachments.forms import UploadForm
from hackplat.attachments.parents import ParentKind
from hackplat.errors import DomainError, NotFound, render_error
from hackplat.extensions import db
from hackplat.models import Attachment
from hackplat.permissions import require
from hackplat.views import require_sign_in

bp = Blueprint("attachments", __name__, url_prefix="/attachments")

#: Shown inline (in an <img>) rather than only downloaded.
IMAGE_TYPES = frozenset({filetypes.PNG.mimetype, filetypes.JPEG.mimetype})
#: The multipart envelope around the file (boundaries, headers, the CSRF token).
ENVELOPE_BYTES = 64 * 1024


@bp.url_value_preprocessor
def _upload_limit(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    if endpoint == "attachments.upload" and request.method == "POST":
        request.max_content_length = services.max_bytes() + ENVELOPE_BYTES


#: The section's heading on each kind of parent's page.
HEADINGS = {
    "need": _l("資料"),
    "proposal": _l("提案書・添付ファイル"),
    "seed": _l("パンフレット・資料"),
    "record": _l("議事録・資料"),
    "case": _l("画像・資料"),
}


@dataclass
class Panel:
    """What templates/attachments/_list.html shows for one parent."""

    kind: ParentKind
    parent: Any
    items: list[Attachment]
    may_change: bool  # offer the upload form and the delete buttons
    frozen: str | None  # to an editor: why the files cannot change now

    @property
    def heading(self) -> str:
        return str(HEADINGS[self.kind.name])

    @property
    def images(self) -> list[Attachment]:
        """A knowledge case's pictures, shown on its page (elsewhere files are only listed)."""
        return [item for item in self.items if item.content_type in IMAGE_TYPES] if self.kind.name == "case" else []

    @property
    def limits(self) -> str:
        megabytes = services.max_bytes() / (1024 * 1024)
        return _("%(types)s、1ファイル %(mb)g MB まで", types=filetypes.allowed_types_text(), mb=megabytes)

    @property
    def title(self) -> str:
        return self.kind.title(self.parent)

    @property
    def url(self) -> str:
        return self.kind.url(self.parent)


def panel(kind_name: str, parent: Any) -> Panel:
    kind = services.kind_of(kind_name)
    editor = current_user.is_authenticated and kind.can_edit(current_user, parent)
    frozen = kind.frozen(parent) if editor else None
    return Panel(kind, parent, services.attachments_of(kind, parent), editor and frozen is None, frozen)


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """1,234 bytes → "1.2 KB"; 3,400,000 → "3.2 MB"."""
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@bp.app_template_filter("file_type")
def file_type(content_type: str) -> str:
    known = filetypes.BY_MIMETYPE.get(content_type)
    return known.label if known else content_type


@bp.app_template_global("attachment_panel")
def attachment_panel(kind_name: str, parent: Any) -> Panel:
    """For the include on each parent's page (its view already checked that the parent
    may be seen): the parent's files and whether the user may add or delete."""
    return panel(kind_name, parent)


def _page(panel_: Panel, form: UploadForm, status: int = 200) -> tuple[str, int]:
    return render_template("attachments/upload.html", panel=panel_, form=form), status


@bp.route("/<kind>/<int:parent_id>/new", methods=["GET", "POST"])
def upload(kind: str, parent_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    parent_kind = services.kind_of(kind)
    parent = services.visible_parent(parent_kind, parent_id, actor=current_user)
    require(parent_kind.can_edit(current_user, parent))
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(panel(kind, parent), form, 400 if request.method == "POST" else 200)
    upload_file = form.file.data
    try:
        attachment = services.attach(parent_kind, parent, upload_file.stream, upload_file.filename, actor=current_user)
    except DomainError as refusal:
        db.session.rollback()
        form.file.errors = [*form.file.errors, refusal.message]
        return _page(panel(kind, parent), form, refusal.status)
    db.session.commit()
    flash(_("「%(name)s」を添付しました。", name=attachment.filename), "success")
    return redirect(parent_kind.url(parent))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """A body past even the upload limit: the upload page again with the limit, not a bare error."""
    message = services.too_large().message
    args = request.view_args or {}
    if request.endpoint != "attachments.upload" or not current_user.is_authenticated:
        return render_error(413, message)
    try:
        current = panel(args["kind"], services.visible_parent(services.kind_of(args["kind"]),
                                                             args["parent_id"], actor=current_user))  # fmt: skip
    except DomainError:
        return render_error(413, message)
    form = UploadForm(formdata=None)
    form.file.errors = [message]
    return _page(current, form, 413)


@bp.get("/<int:attachment_id>")
def download(attachment_id: int) -> Response:
    return _send(_visible(attachment_id), as_attachment=True)


def _visible(attachment_id: int) -> Attachment:
    try:
        attachment, _kind, _parent = services.visible_attachment(attachment_id, actor=current_user)
    except NotFound:
        require_sign_in()  # a visitor may see it once signed in
        raise
    return attachment


def _send(attachment: Attachment, *, as_attachment: bool) -> Response:
    path = storage.path_of(attachment.storage_key)
    if not path.is_file():
        current_app.logger.error("attachment %s: file %s is missing", attachment.id, attachment.storage_key)
        raise NotFound(_("添付ファイルが見つかりませんでした。事務局にお問い合わせください。"))
    response = send_file(
        path, mimetype=attachment.content_type, as_attachment=as_attachment, download_name=attachment.filename,
        conditional=False, etag=False, max_age=0,
    )  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:attachment_id>/image")
def image(attachment_id: int) -> Response:
    """A PNG or JPEG shown in its parent's page (a knowledge case's pictures): inline,
    under the same permission, as the type its content was recognised as."""
    attachment = _visible(attachment_id)
    if attachment.content_type not in IMAGE_TYPES:
        raise NotFound(_("お探しの添付ファイルは見つかりませんでした。"))
    return _send(attachment, as_attachment=False)


@bp.route("/<int:attachment_id>/delete", methods=["GET", "POST"])
def delete(attachment_id: int) -> Response | tuple[str, int]:
    """GET asks for confirmation (a deleted file cannot be brought back); POST deletes."""
    require_sign_in()
    attachment, kind, parent = services.visible_attachment(attachment_id, actor=current_user)
    name = attachment.filename
    try:
        if request.method == "GET":
            services.require_changeable(kind, parent, current_user)
            return render_template("attachments/delete.html", attachment=attachment, back=kind.url(parent)), 200
        services.delete(attachment, kind, parent, actor=current_user)
    except DomainError as refusal:
        db.session.rollback()
        form = UploadForm(formdata=None)
        form.form_errors.append(refusal.message)
        return _page(panel(kind.name, parent), form, refusal.status)
    db.session.commit()
    flash(_("「%(name)s」を削除しました。", name=name), "success")
    return redirect(kind.url(parent))

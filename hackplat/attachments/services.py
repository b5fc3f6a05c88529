"""Attaching, listing, downloading and deleting files: the rules (see parents.py for who)."""

from __future__ import annotations

from typing import IO, Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.attachments import filetypes, storage
from hackplat.attachments.parents import KINDS, ParentKind
from hackplat.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from hackplat.extensions import db
from hackplat.models import Actor, Attachment, User


class UploadTooLarge(InvalidInput):
    status = 413


def max_bytes() -> int:
    return int(current_app.config["ATTACHMENT_MAX_BYTES"])


def too_large() -> UploadTooLarge:
    megabytes = max_bytes() / (1024 * 1024)
    return UploadTooLarge(
        _("ファイルが大きすぎます。添付できるのは1ファイル %(mb)g MB までです。", mb=megabytes), field="file"
    )


def kind_of(name: str) -> ParentKind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound(_("お探しのページは見つかりませんでした。"))
    return kind


def visible_parent(kind: ParentKind, parent_id: int, *, actor: Actor) -> Any:
    """The parent, if ``actor`` may see it; otherwise it does not exist for them (404)."""
    parent = db.session.get(kind.model, parent_id)
    if parent is None or not kind.can_view(actor, parent):
        raise NotFound(_("お探しのページは見つかりませんでした。"))
    return parent


def require_changeable(kind: ParentKind, parent: Any, actor: Actor) -> None:
    if not kind.can_edit(actor, parent):
        raise PermissionDenied(_("この添付ファイルを変更する権限がありません。"))
    reason = kind.frozen(parent)
    if reason:
        raise Conflict(reason, field="file")


def attachments_of(kind: ParentKind, parent: Any) -> list[Attachment]:
    column = getattr(Attachment, kind.column)
    return list(db.session.scalars(select(Attachment).where(column == parent.id).order_by(Attachment.id)))


def attach(kind: ParentKind, parent: Any, upload: IO[bytes], raw_name: str | None, *, actor: User) -> Attachment:
    """Check who, the size, the content and the name; keep the file; write the row and
    the audit record. Flushes; the caller commits (a rollback removes the file again)."""
    require_changeable(kind, parent, actor)
    try:
        with storage.receive(upload, max_bytes()) as received:
            with received.path.open("rb") as handle:
                file_type = filetypes.detect(handle)
            filename = filetypes.name_for(raw_name, file_type)
            key = storage.keep(db.session(), received)
    except storage.TooLarge:
        raise too_large() from None
    except filetypes.RefusedFile as refused:
        raise InvalidInput(str(refused), field="file") from None
    attachment = Attachment(
        storage_key=key, filename=filename, content_type=file_type.mimetype, size=received.size,
        sha256=received.sha256, uploaded_by_id=actor.id, **{kind.column: parent.id},
    )  # fmt: skip
    db.session.add(attachment)
    db.session.flush()
    detail = {"kind": kind.name, "parent_id": parent.id, "filename": filename, "size": received.size,
              "content_type": file_type.mimetype, "sha256": received.sha256}  # fmt: skip
    audit.record("attachment.added", "attachment", attachment.id, actor=actor, detail=detail)
    return attachment


def visible_attachment(attachment_id: int, *, actor: Actor) -> tuple[Attachment, ParentKind, Any]:
    """The attachment with its parent, if ``actor`` may see the parent (404 otherwise)."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(_("お探しの添付ファイルは見つかりませんでした。"))
    kind = KINDS[attachment.parent_kind]
    parent = db.session.get(kind.model, attachment.parent_id)
    if parent is None or not kind.can_view(actor, parent):
        raise NotFound(_("お探しの添付ファイルは見つかりませんでした。"))
    return attachment, kind, parent


def delete(attachment: Attachment, kind: ParentKind, parent: Any, *, actor: User) -> None:
    """Delete the row (audited); its file goes once the transaction has committed."""
    require_changeable(kind, parent, actor)
    detail = {"kind": kind.name, "parent_id": parent.id, "filename": attachment.filename, "sha256": attachment.sha256}
    audit.record("attachment.deleted", "attachment", attachment.id, actor=actor, detail=detail)
    db.session.delete(attachment)
    db.session.flush()

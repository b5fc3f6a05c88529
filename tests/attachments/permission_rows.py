"""Attachment routes × roles (see tests/permission_rows.py for the vocabulary).

{att_submitted} is a PDF of another organisation's submitted proposal to the staff's
need: the department and the office read it, the member (of another organisation) finds
nothing. {att_draft} is on the member's own draft proposal, which only its organisation
sees, deletes and adds to."""

from __future__ import annotations

import secrets
from typing import Any

from hackplat.attachments import storage
from hackplat.models import Attachment
from tests.permission_rows import NOT_FOUND, OK, REDIRECT, Row, by_role

ROWS: dict[str, Row] = {
    "attachments.download": ("GET", "/attachments/{att_submitted}", {}, by_role(REDIRECT, NOT_FOUND, OK, OK, OK)),
    "attachments.image": ("GET", "/attachments/{att_image}/image", {}, by_role(REDIRECT, NOT_FOUND, OK, OK, OK)),
    "attachments.upload": (
        "GET", "/attachments/proposal/{draft_proposal}/new", {}, by_role(REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND)
    ),
    "attachments.delete": (
        "POST", "/attachments/{att_draft}/delete", {}, by_role(REDIRECT, REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND)
    ),
}  # fmt: skip


def _pdf(factories: Any, proposal_id: int, image: bool = False) -> int:
    key = secrets.token_hex(16)
    path = storage.path_of(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = b"\x89PNG\r\n\x1a\n" if image else b"%PDF-1.4\n%%EOF\n"
    path.write_bytes(content)
    attachment = Attachment(proposal_id=proposal_id, storage_key=key, filename="図.png" if image else "提案書.pdf",
                            content_type="image/png" if image else "application/pdf", size=len(content),
                            sha256="0" * 64)  # fmt: skip
    factories.db.session.add(attachment)
    factories.db.session.commit()
    return attachment.id


def extend_world(world: dict, factories: Any) -> None:
    world["ids"].update(
        att_submitted=_pdf(factories, world["ids"]["submitted_proposal"]),
        att_draft=_pdf(factories, world["ids"]["draft_proposal"]),
        att_image=_pdf(factories, world["ids"]["submitted_proposal"], image=True),
    )

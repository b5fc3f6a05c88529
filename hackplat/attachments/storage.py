"""Where attachment files live, and keeping them in step with the database.

A file is written under ATTACHMENTS_DIR (the instance folder's ``attachments/`` unless
the setting or HACKPLAT_ATTACHMENTS_DIR says otherwise; with several hosts, a shared
mount at the same path on each) as ``<first two characters>/<random key>``: never under
the name the user gave, never under static/. It is first streamed into ``tmp/`` beside
them (so that the rename into place is atomic on the same file system) while its size is
counted, so that an oversize upload stops at the limit.

The database decides what exists. Files are removed only after the transaction that
deleted their rows has committed (a rolled-back delete keeps its file), and a file
written by a transaction that rolls back is removed with it. A parent's attachments go
with the parent by ON DELETE CASCADE in the database; ``before_flush`` notes their keys
first, since the ORM never loads those rows.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from hackplat.models import ActivityRecord, Attachment, KnowledgeCase, Need, Proposal, Seed

CHUNK = 64 * 1024
#: The parent models, by the Attachment column that points at them.
PARENT_MODELS: dict[type, Any] = {
    Need: Attachment.need_id,
    Proposal: Attachment.proposal_id,
    Seed: Attachment.seed_id,
    ActivityRecord: Attachment.activity_record_id,
    KnowledgeCase: Attachment.case_id,
}
REMOVE_ON_COMMIT = "attachments_remove_on_commit"
REMOVE_ON_ROLLBACK = "attachments_remove_on_rollback"


class TooLarge(ValueError):
    """The upload went past the size limit (nothing of it is kept)."""


@dataclass(frozen=True)
class Received:
    path: Path
    size: int
    sha256: str


def root() -> Path:
    return Path(current_app.config["ATTACHMENTS_DIR"])


def path_of(storage_key: str) -> Path:
    return root() / storage_key[:2] / storage_key


@contextmanager
def receive(stream: IO[bytes], limit: int) -> Iterator[Received]:
    """Copy ``stream`` into a temporary file under ATTACHMENTS_DIR/tmp, at most ``limit``
    bytes (TooLarge past it), counting its size and SHA-256. The temporary file is gone
    after the block unless ``keep`` moved it into place."""
    tmp = root() / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=tmp, prefix="upload-")
    path = Path(name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as handle:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                digest.update(chunk)
                handle.write(chunk)
        yield Received(path, size, digest.hexdigest())
    finally:
        path.unlink(missing_ok=True)


def keep(session: Session, received: Received) -> str:
    """Move the received file into place under a new random key (a rename on the same
    file system); it is removed again if the session's transaction rolls back."""
    key = secrets.token_hex(16)
    target = path_of(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(received.path, target)
    session.info.setdefault(REMOVE_ON_ROLLBACK, set()).add(key)
    return key


def remove_after_commit(session: Session, keys: Iterable[str]) -> None:
    session.info.setdefault(REMOVE_ON_COMMIT, set()).update(keys)


def _unlink(keys: Iterable[str]) -> None:
    for key in keys:
        try:
            path_of(key).unlink(missing_ok=True)
        except OSError:  # a file left behind is harmless: nothing serves it without its row
            current_app.logger.warning("attachment file %s could not be removed", key)


@event.listens_for(Session, "before_flush")
def _note_deleted_files(session: Session, _context: Any, _instances: Any) -> None:
    """Note the files of attachments deleted in this flush, and of those the database
    will delete with their parent (ON DELETE CASCADE)."""
    deleted = list(session.deleted)
    keys = {obj.storage_key for obj in deleted if isinstance(obj, Attachment)}
    conditions = []
    for model, column in PARENT_MODELS.items():
        ids = [getattr(obj, "id", None) for obj in deleted if isinstance(obj, model)]
        ids = [parent_id for parent_id in ids if parent_id is not None]
        if ids:
            conditions.append(column.in_(ids))
    if conditions:
        with session.no_autoflush:
            keys.update(session.scalars(select(Attachment.storage_key).where(or_(*conditions))))
    if keys:
        remove_after_commit(session, keys)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(REMOVE_ON_ROLLBACK, None)
    keys = session.info.pop(REMOVE_ON_COMMIT, None)
    if keys:
        _unlink(keys)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(REMOVE_ON_COMMIT, None)
    keys = session.info.pop(REMOVE_ON_ROLLBACK, None)
    if keys:
        _unlink(keys)

"""Optimistic locking, shared by every editable entity.

An edit form carries the ``version`` it was loaded at. A save from an older version is
refused before writing; a save that loses the race between that check and the write is
caught by SQLAlchemy's ``version_id_col`` (StaleDataError at flush). Both answer 409
with the same message, and the request rolls back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from hackplat.errors import Conflict, DomainError
from hackplat.extensions import db


def stale_edit() -> Conflict:
    return Conflict(
        _("他の人が先に更新しました。ページを再読み込みして最新の内容を確認してから、もう一度操作してください。")
    )


def require_version(obj: Any, expected: int | None) -> None:
    if expected != obj.version:
        raise stale_edit()


def flush_or_conflict(on_duplicate: Conflict | None = None) -> None:
    """Flush now, so that a lost race is a clear 409 rather than a 500 at commit: a stale
    version always, a unique constraint only where the caller names its meaning."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise stale_edit() from error
    except IntegrityError as error:
        if on_duplicate is None:
            raise
        raise on_duplicate from error


def flush_or_refuse(duplicates: Mapping[str, DomainError]) -> None:
    """Flush now; a unique column that lost a race (the same value inserted by another
    request between the service's check and this flush) gets the refusal the check would
    have given: ``duplicates`` maps the column's name to it. Another violation raises."""
    try:
        db.session.flush()
    except IntegrityError as error:
        refusal = next((r for column, r in duplicates.items() if _names_column(error, column)), None)
        if refusal is None:
            raise
        raise refusal from error


def _names_column(error: IntegrityError, column: str) -> bool:
    """SQLite says ``UNIQUE constraint failed: users.email``, PostgreSQL
    ``Key (email)=(…) already exists``."""
    return re.search(rf"\.{column}\b|\({column}\)=", str(error.orig)) is not None

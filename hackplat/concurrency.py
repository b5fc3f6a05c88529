"""Optimistic locking, shared by every editable entity.

An edit form carries the ``version`` it was loaded at. A save from an older version is
refused before writing; a save that loses the race between that check and the write is
caught by SQLAlchemy's ``version_id_col`` (StaleDataError at flush). Both answer 409
with the same message, and the request rolls back.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from hackplat.errors import Conflict
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

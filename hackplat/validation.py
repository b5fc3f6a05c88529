"""Text checks shared by the services: one message for a blank field, one for a long one."""

from __future__ import annotations

from flask_babel import gettext as _

from hackplat.errors import InvalidInput


def checked_text(value: str | None, field: str, limit: int, *, needed: bool = False, missing: str | None = None) -> str:
    """``value`` stripped; ``InvalidInput`` next to ``field`` if it is blank and ``needed``
    (with ``missing`` as the message, if given) or longer than ``limit`` characters."""
    value = (value or "").strip()
    if needed and not value:
        raise InvalidInput(missing or _("入力してください。"), field=field)
    if len(value) > limit:
        raise InvalidInput(_("%(max)d文字以内で入力してください。", max=limit), field=field)
    return value

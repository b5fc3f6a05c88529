"""A startup's founding year (#17 item 3): required of startups on registration and on
the profile form, a western year from 1868 (明治元年) to this year."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import Field
from wtforms.validators import ValidationError

from hackplat.errors import InvalidInput
from hackplat.fiscal import japan_today

FIRST_FOUNDED_YEAR = 1868


def checked_founded_year(is_startup: bool, year: int | None) -> int | None:
    """The founding year to store: required of a startup, 1868 to this year when given."""
    if year is None:
        if is_startup:
            raise InvalidInput(_("スタートアップの場合は創業年を入力してください（例: 2019）。"), field="founded_year")
        return None
    last = japan_today().year
    if not FIRST_FOUNDED_YEAR <= year <= last:
        message = _(
            "創業年は%(first)d年から%(last)d年までの西暦で入力してください。", first=FIRST_FOUNDED_YEAR, last=last
        )
        raise InvalidInput(message, field="founded_year")
    return year


def validate_founded_year(form: Any, field: Field) -> None:
    """The forms' check (the services check again): the message next to the field."""
    try:
        checked_founded_year(bool(form.is_startup.data), field.data)
    except InvalidInput as refusal:
        raise ValidationError(refusal.message) from refusal

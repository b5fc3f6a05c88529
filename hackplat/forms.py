"""Field helpers shared by every feature's forms (Japanese messages, normalised input)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, HiddenField

# types-WTForms describes WTForms 3.2; SelectChoice came with 3.3 (the version locked).
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Email, Length, Optional


def strip_filter(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def nfkc_filter(value: Any) -> Any:
    """Full-width digits and letters to half-width (１２３ → 123), spaces trimmed."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def text(field: Field) -> str:
    """A string field's text after validation: "" for an empty optional field. (WTForms
    types ``data`` as optional even where a ``required()`` validator has run.)"""
    return field.data or ""


def required() -> DataRequired:
    return DataRequired(message=_l("入力してください。"))


def optional() -> Optional:
    return Optional()


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("%(max)d文字以内で入力してください。"))


def email_address() -> Email:
    return Email(message=_l("メールアドレスの形式が正しくありません。"), check_deliverability=False)


def add_field_error(form: Any, field: str | None, message: str) -> None:
    """Show a service's refusal next to the field it concerns (or above the form)."""
    target = getattr(form, field, None) if field else None
    if target is not None:
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]


class VersionedForm:
    """Mixed into an edit form: the version of the object it was loaded at, sent back
    with the save so that the service can refuse a stale edit (hackplat/concurrency.py)."""

    version = HiddenField()

    def version_seen(self) -> int | None:
        """The version the form was loaded at; a tampered value is simply stale (None)."""
        data = self.version.data
        return int(data) if isinstance(data, str) and data.isdigit() else None

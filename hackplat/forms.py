"""Field helpers shared by every feature's forms (Japanese messages, normalised input)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, HiddenField, IntegerField, SelectFieldBase, StringField, TextAreaField

# types-WTForms describes WTForms 3.2; SelectChoice came with 3.3 (the version locked).
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation, ValidationError

from hackplat.bounds import MAX_INT, bounded_int


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
        try:
            return bounded_int(self.version.data)
        except (TypeError, ValueError):
            return None


# --- the checks every form applies by the type of its fields (BaseForm, QueryForm) ---

#: Dates the domain has no rule of its own for are refused outside these.
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)
#: The line breaks (and tabs) a multi-line text may hold; browsers send CR LF.
TEXT_LAYOUT_CHARACTERS = frozenset("\t\n\r")


def control_characters(value: str, *, multiline: bool) -> bool:
    """Whether ``value`` holds a control character (NUL, ESC, …; CR LF in one line)."""
    allowed = TEXT_LAYOUT_CHARACTERS if multiline else frozenset()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def strip_control_characters(value: Any) -> Any:
    """For search input: a NUL or a line break becomes a space, never an error."""
    if not isinstance(value, str):
        return value
    return "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in value)


def refuse_control_characters(_form: Any, field: Field) -> None:
    """Stop at a control character (PostgreSQL refuses NUL; CR LF could split a mail
    header or a log line); text areas keep their line breaks and tabs."""
    multiline = isinstance(field, TextAreaField)
    if isinstance(field.data, str) and control_characters(field.data, multiline=multiline):
        message = (
            _l("使用できない制御文字が含まれています。")
            if multiline
            else _l("改行やタブなどの制御文字は入力できません。")
        )
        raise StopValidation(str(message))


def date_in_range(_form: Any, field: Field) -> None:
    if isinstance(field.data, date) and not FIRST_DATE <= field.data <= LAST_DATE:
        raise ValidationError(str(_l("2000年1月1日から2100年12月31日までの日付を入力してください。")))


def integer_in_range(_form: Any, field: Field) -> None:
    if isinstance(field.data, int) and not -MAX_INT <= field.data <= MAX_INT:
        raise ValidationError(str(_l("数値が大きすぎます。")))


class InputChecks:
    """A Meta mixin: every field gets the project's input checks by its type, so that no
    form can forget them. Text: control characters refused (or, in a search form, dropped);
    dates: 2000–2100; integers and integer selects: within the columns' range."""

    strip_control_characters = False

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
        field: Field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
        if isinstance(field, StringField) and self.strip_control_characters:
            field.filters = (strip_control_characters, *field.filters)
        elif isinstance(field, StringField):
            field.validators = [refuse_control_characters, *field.validators]
        elif isinstance(field, DateField):
            field.validators = [*field.validators, date_in_range]
        elif isinstance(field, IntegerField):
            field.validators = [*field.validators, integer_in_range]
        elif isinstance(field, SelectFieldBase) and getattr(field, "coerce", None) is int:
            field.coerce = bounded_int  # type: ignore[attr-defined]
        return field


class BaseForm(FlaskForm):
    """The base of every form of the project (see InputChecks)."""

    class Meta(InputChecks, FlaskForm.Meta):
        pass


class QueryForm(BaseForm):
    """A GET form read from the query string (filters, pickers): no CSRF token, and a
    control character in a search is dropped rather than refused."""

    class Meta:
        csrf = False
        strip_control_characters = True

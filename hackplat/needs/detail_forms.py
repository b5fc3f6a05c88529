"""The need form's details (needs/details.py says what they are and who sees them): mixed
into NeedForm, so that the form module keeps to the need's text and call."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from hackplat.bounds import bounded_int
from hackplat.forms import choices, max_length, optional, strip_filter
from hackplat.labels import CRITERION_LABELS
from hackplat.models import Department, Theme
from hackplat.needs.details import CONTACT_MAX, EMAIL_MAX, FOCUS_MAX, PHONE_MAX


class YenField(IntegerField):
    """An amount in yen as typed: full-width digits, thousands commas and a trailing 円
    are fine (５，０００，０００円 → 5000000); empty is None. What was typed is shown
    again when refused, and a saved amount with its commas."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, render_kw={"inputmode": "numeric", "autocomplete": "off"}, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = unicodedata.normalize("NFKC", valuelist[0]).strip() if valuelist else ""
        text = text.removesuffix("円").replace(",", "").strip()
        self.data = None
        if text and not (text.isascii() and text.isdigit() and len(text) <= 12):
            raise ValueError(str(_l("金額は円単位の整数で入力してください（例: 5,000,000）。")))
        self.data = int(text) if text else None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:,}"


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (rendered by the choice_group macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _short(label: str, limit: int) -> StringField:
    return StringField(label, validators=[optional(), max_length(limit)], filters=[strip_filter])


def _focus(name: str) -> TextAreaField:
    return TextAreaField(CRITERION_LABELS[name], validators=[optional(), max_length(FOCUS_MAX)], filters=[strip_filter])


class NeedDetailsFields:
    """The details' fields; ``offer_details`` fills the choices, ``details`` reads them."""

    other_theme_ids = CheckboxesField(_l("ほかのテーマ（任意、4つまで）"), coerce=bounded_int)
    target_ward_id = SelectField(_l("対象地域"), coerce=int, default=0)
    budget_min = YenField(_l("予算の下限（円、任意）"))
    budget_max = YenField(_l("予算の上限（円、任意）"))
    contact_name = _short(_l("担当者の氏名"), CONTACT_MAX)
    contact_section = _short(_l("担当者の所属（係・担当）"), CONTACT_MAX)
    contact_phone = _short(_l("担当者の電話番号"), PHONE_MAX)
    contact_email = _short(_l("担当者のメールアドレス"), EMAIL_MAX)
    focus_fit = _focus("fit")
    focus_feasibility = _focus("feasibility")
    focus_cost_effectiveness = _focus("cost_effectiveness")
    focus_scalability = _focus("scalability")

    def offer_details(self, themes: list[Theme], wards: list[Department]) -> None:
        self.other_theme_ids.choices = choices((t.id, t.name) for t in themes)
        self.target_ward_id.choices = choices([(0, _l("市全域")), *((w.id, w.name) for w in wards)])

    def details(self) -> dict[str, Any]:
        """The details as NeedFields' keyword arguments."""
        texts = ("contact_name", "contact_section", "contact_phone", "contact_email", "focus_fit",
                 "focus_feasibility", "focus_cost_effectiveness", "focus_scalability")  # fmt: skip
        values: dict[str, Any] = {name: getattr(self, name).data or "" for name in texts}
        return {
            **values,
            "budget_min": self.budget_min.data,
            "budget_max": self.budget_max.data,
            "target_ward_id": self.target_ward_id.data or None,
            "other_theme_ids": tuple(self.other_theme_ids.data or ()),
        }

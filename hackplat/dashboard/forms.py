"""The administrator's forms: an indicator's figures per fiscal year, a new cycle.

The yearly fields are made for the cycle shown (``target_2022``, ``actual_2022``, ...).
Numbers are typed as text and read here (full-width digits and thousands commas
accepted) so that a bad one gets a Japanese message next to its field; the service then
checks what the figure may be (a whole number of people, a percentage up to 100).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hackplat.bounds import bounded_int
from hackplat.dashboard.services import NOTE_MAX, CycleDefinition, YearEntry
from hackplat.fiscal import CYCLE_LENGTH
from hackplat.forms import BaseForm, VersionedForm, max_length, optional, required, text
from hackplat.labels import fiscal_year_label, indicator_name
from hackplat.models import Indicator


def parse_figure(text: str | None) -> float | None:
    """'１,０００' → 1000.0, '8.6%' → 8.6, '' → None; ValueError for anything else."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().replace(",", "").removesuffix("%").strip()
    if not cleaned:
        return None
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(cleaned)
    return value


def figure(_form: Any, field: Any) -> None:
    try:
        parse_figure(field.data)
    except ValueError:
        raise ValidationError(_("数値を半角または全角の数字で入力してください（例: 250、8.6）。")) from None


class IndicatorForm(VersionedForm, BaseForm):
    is_public = BooleanField(_l("公開ページ（プログラムの進捗）に表示する"))

    years: list[int] = []
    entered = False

    def entries(self) -> list[YearEntry]:
        return [
            YearEntry(
                year,
                parse_figure(self[f"target_{year}"].data),
                parse_figure(self[f"actual_{year}"].data) if self.entered else None,
            )
            for year in self.years
        ]


def _figure_field(label: str) -> StringField:
    return StringField(label, validators=[max_length(20), figure])


def indicator_form(indicator: Indicator, years: list[int]) -> IndicatorForm:
    """The form for ``indicator`` over ``years``, filled with its current figures (a
    submitted form takes the request's data instead)."""
    fields: dict[str, Any] = {"years": years, "entered": indicator.is_entered}
    current = {value.fiscal_year: value for value in indicator.values}
    data: dict[str, Any] = {"version": indicator.version, "is_public": indicator.is_public}
    for year in years:
        label = fiscal_year_label(year)
        fields[f"target_{year}"] = _figure_field(_("%(year)s の目標", year=label))
        data[f"target_{year}"] = _plain(current[year].target if year in current else None)
        if indicator.is_entered:
            fields[f"actual_{year}"] = _figure_field(_("%(year)s の実績", year=label))
            data[f"actual_{year}"] = _plain(current[year].actual if year in current else None)
    form_class = type("YearlyIndicatorForm", (IndicatorForm,), fields)
    return form_class(data=data)


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else str(value)


def whole_year(_form: Any, field: Any) -> None:
    if not unicodedata.normalize("NFKC", field.data or "").strip().isdigit():
        raise ValidationError(_("西暦の年度を数字で入力してください（例: 2026）。"))


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (rendered by the choice_group macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CycleForm(BaseForm):
    """A new cycle: its first year, a note shown with its figures, the indicators it
    continues, and per continued indicator a target for each Q (``target_<id>_<0..3>``)."""

    first_fiscal_year = StringField(_l("最初の年度（西暦）"), validators=[required(), max_length(4), whole_year])
    note = StringField(_l("注記（任意）"), validators=[optional(), max_length(NOTE_MAX)])
    continuing = CheckboxesField(_l("この期間に引き継ぐ指標"), coerce=bounded_int)

    indicators: list[Indicator] = []

    def first_year(self) -> int:
        return int(unicodedata.normalize("NFKC", text(self.first_fiscal_year)).strip())

    def target_rows(self) -> list[tuple[Indicator, list[Any]]]:
        return [(i, [self[f"target_{i.id}_{q}"] for q in range(CYCLE_LENGTH)]) for i in self.indicators]

    def definition(self) -> CycleDefinition:
        chosen = set(self.continuing.data or [])
        targets = {i.id: [parse_figure(f.data) for f in fields] for i, fields in self.target_rows()}
        return CycleDefinition(self.first_year(), text(self.note), [i.id for i in self.indicators if i.id not in chosen],
                               targets)  # fmt: skip


def cycle_form(indicators: list[Indicator], first_year: int) -> CycleForm:
    """The new-cycle form over ``indicators`` (all continued unless unticked)."""
    fields: dict[str, Any] = {"indicators": indicators}
    for indicator in indicators:
        for q in range(CYCLE_LENGTH):
            fields[f"target_{indicator.id}_{q}"] = _figure_field(
                _("%(name)s %(q)dQ の目標", name=indicator_name(indicator), q=q + 1)
            )
    form_class = type("NewCycleForm", (CycleForm,), fields)
    form = form_class(data={"first_fiscal_year": str(first_year), "continuing": [i.id for i in indicators]})
    form.continuing.choices = [(i.id, indicator_name(i)) for i in indicators]
    return form

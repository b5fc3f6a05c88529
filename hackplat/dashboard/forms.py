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
from wtforms import BooleanField, StringField
from wtforms.validators import ValidationError

from hackplat.dashboard.services import YearEntry
from hackplat.forms import BaseForm, VersionedForm, max_length, required, text
from hackplat.labels import fiscal_year_label
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


class CycleForm(BaseForm):
    first_fiscal_year = StringField(_l("最初の年度（西暦）"), validators=[required(), max_length(4), whole_year])

    def first_year(self) -> int:
        return int(unicodedata.normalize("NFKC", text(self.first_fiscal_year)).strip())

"""Pilot forms: the pilot's text, a stage change, a year's milestone and a KPI."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import TextInput

from hackplat.bounds import bounded_int
from hackplat.forms import BaseForm, VersionedForm, choices, max_length, optional, required, strip_filter
from hackplat.labels import PILOT_STAGE_LABELS
from hackplat.models import PilotStage
from hackplat.pilots.measurements import NOTE_MAX, Measured
from hackplat.pilots.measures import MILESTONE_TEXT_MAX, PROCEDURE_MAX, KpiFields
from hackplat.pilots.services import REASON_MAX, SUMMARY_MAX, TITLE_MAX, PilotText


def _given() -> InputRequired:
    """Typed at all. Unlike ``required()``, it neither refuses 0 minutes as empty nor
    hides the field's own message for what is not a date or a number."""
    return InputRequired(message=_l("入力してください。"))


class PilotTextForm(BaseForm):
    title = StringField(_l("タイトル"), validators=[required(), max_length(TITLE_MAX)], filters=[strip_filter])
    summary = TextAreaField(_l("概要"), validators=[optional(), max_length(SUMMARY_MAX)], filters=[strip_filter])

    def text(self) -> PilotText:
        return PilotText(title=self.title.data or "", summary=self.summary.data or "")


class NewPilotForm(PilotTextForm):
    considered_on = DateField(_l("試行検討の開始日"), validators=[_given()], format="%Y-%m-%d")


class PilotForm(VersionedForm, PilotTextForm):
    """The pilot's title and summary, edited later."""


class StageForm(BaseForm):
    stage = SelectField(_l("新しい段階"), validators=[required()])
    changed_on = DateField(_l("日付"), validators=[_given()], format="%Y-%m-%d")
    reason = TextAreaField(
        _l("理由（中止する場合は必須）"), validators=[optional(), max_length(REASON_MAX)], filters=[strip_filter]
    )

    def offer(self, stages: list[PilotStage]) -> None:
        self.stage.choices = choices((stage.value, PILOT_STAGE_LABELS[stage]) for stage in stages)

    def chosen(self) -> PilotStage:
        return PilotStage(self.stage.data)


class MilestoneForm(VersionedForm, BaseForm):
    """One per fiscal year on the pilot page, told apart by ``prefix=f"fy{year}"``. The
    page's token is checked by CSRFProtect for every POST; a prefixed form's own token
    field would be named ``fy2022-csrf_token``, so the form does without one."""

    class Meta:
        csrf = False

    plan = TextAreaField(_l("計画"), validators=[optional(), max_length(MILESTONE_TEXT_MAX)], filters=[strip_filter])
    result = TextAreaField(_l("実績"), validators=[optional(), max_length(MILESTONE_TEXT_MAX)], filters=[strip_filter])


class MinutesField(FloatField):
    """Minutes as typed: full-width digits are fine (６０．５ → 60.5); anything that is not
    a finite number gets a Japanese message (WTForms' own is English). A text input with
    a decimal keyboard: a number input would refuse what a Japanese IME types."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, render_kw={"inputmode": "decimal", "autocomplete": "off"}, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = unicodedata.normalize("NFKC", valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise ValueError(str(_l("分数を数値で入力してください。")))
        self.data = value


class CountField(IntegerField):
    """A yearly count as typed: full-width digits and thousands commas are fine (１,２００
    → 1200); empty is None; anything but a whole number gets a Japanese message."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, render_kw={"inputmode": "numeric", "autocomplete": "off"}, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = unicodedata.normalize("NFKC", valuelist[0]).strip().replace(",", "") if valuelist else ""
        self.data = None
        if text and not (text.isascii() and text.isdigit() and len(text) <= 12):
            raise ValueError(str(_l("年間件数は整数で入力してください（例: 1200）。")))
        self.data = int(text) if text else None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class KpiForm(VersionedForm, BaseForm):
    procedure = StringField(
        _l("手続の名前"), validators=[required(), max_length(PROCEDURE_MAX)], filters=[strip_filter]
    )
    is_smartphone = BooleanField(_l("スマートフォンで行う手続（目標は75％以上の時短）"))
    minutes_before = MinutesField(_l("試行前の所要時間（分）"), validators=[_given()])
    minutes_after = MinutesField(_l("試行後の所要時間（分）"), validators=[_given()])
    yearly_count = CountField(_l("年間件数（任意）"))

    def fields(self) -> KpiFields:
        return KpiFields(
            procedure=self.procedure.data or "",
            is_smartphone=bool(self.is_smartphone.data),
            minutes_before=self.minutes_before.data,
            minutes_after=self.minutes_after.data,
            yearly_count=self.yearly_count.data,
        )


class MeasurementForm(BaseForm):
    """The implementing organisation's measured minutes for one KPI of the pilot."""

    kpi = SelectField(_l("手続"), coerce=bounded_int, validators=[required()])
    minutes_after = MinutesField(_l("測定した所要時間（分）"), validators=[_given()])
    measured_on = DateField(_l("測定した日"), validators=[_given()], format="%Y-%m-%d")
    note = TextAreaField(_l("測定方法・備考（任意）"), validators=[optional(), max_length(NOTE_MAX)],
                         filters=[strip_filter])  # fmt: skip

    def measured(self) -> Measured:
        return Measured(self.minutes_after.data, self.measured_on.data, self.note.data or "")

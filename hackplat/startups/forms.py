"""Startup support's fields: the founding year (registration and profile forms), the
proposal form's mentoring box, and the coordinator's take / close form."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.widgets import TextInput

from hackplat.forms import BaseForm, VersionedForm, max_length, optional, strip_filter
from hackplat.models import MentoringRequest
from hackplat.startups.founding import validate_founded_year
from hackplat.startups.services import NOTE_MAX, MentoringWish


class FoundedYearField(IntegerField):
    """A western year as typed: full-width digits and a trailing 年 are fine (２０１９年 →
    2019); empty is None; what was typed is shown again when refused."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, render_kw={"inputmode": "numeric", "autocomplete": "off"}, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = unicodedata.normalize("NFKC", valuelist[0]).strip().removesuffix("年").strip() if valuelist else ""
        self.data = None
        if text and not (text.isascii() and text.isdigit() and len(text) <= 4):
            raise ValueError(str(_l("創業年は西暦4桁の数字で入力してください（例: 2019）。")))
        self.data = int(text) if text else None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


def founded_year_field() -> FoundedYearField:
    return FoundedYearField(_l("創業年（西暦、スタートアップは必須）"), validators=[validate_founded_year])


class MentoringFields:
    """Mixed into the proposal form; shown only where a startup proposes to a
    startup-friendly need (startups/services.offered)."""

    mentoring = BooleanField(_l("コーディネーターのメンタリングを希望する"))
    mentoring_note = TextAreaField(
        _l("メンタリングで相談したいこと（任意）"),
        validators=[optional(), max_length(NOTE_MAX)],
        filters=[strip_filter],
    )

    def mentoring_wish(self) -> MentoringWish:
        return MentoringWish(wanted=bool(self.mentoring.data), note=self.mentoring_note.data or "")

    def show_mentoring(self, request: MentoringRequest | None) -> None:
        """The saved request on a first view of the edit form."""
        if request is not None:
            self.mentoring.data, self.mentoring_note.data = True, request.note


class MentoringActionForm(VersionedForm, BaseForm):
    """Take a request, or close it with a note for the proposer."""

    note = TextAreaField(
        _l("終了のメモ（提案者に伝わります）"), validators=[optional(), max_length(NOTE_MAX)], filters=[strip_filter]
    )

"""The 「うちでも導入したい」 form of a published case (knowledge/roll_out.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField

from hackplat.forms import BaseForm, choices, max_length, optional, strip_filter
from hackplat.knowledge.roll_out import NOTE_MAX
from hackplat.models import Need


class InterestForm(BaseForm):
    note = TextAreaField(_l("メモ（任意）"), validators=[optional(), max_length(NOTE_MAX)], filters=[strip_filter])
    # Checked by the service (roll_out._named_need), with its own message for a need no longer open.
    need_id = SelectField(_l("役立ちそうな貴部署の課題（任意）"), coerce=int, default=0, validate_choice=False)

    def offer(self, needs: list[Need]) -> None:
        self.need_id.choices = choices([(0, _l("（選ばない）")), *((need.id, need.title) for need in needs)])

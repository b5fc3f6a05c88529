"""The forms of the search and project pages of a support request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired

from hackplat.forms import BaseForm, choices, max_length, optional, required, strip_filter
from hackplat.support.paths.labels import CHECK_IN_STATUS_LABELS
from hackplat.support.paths.project import TEXT_MAX, CheckInEntry


class ChooseNeedForm(BaseForm):
    """Which of the department's needs the search is for (choices set by the view)."""

    action = HiddenField(default="need")
    need = SelectField(_l("事業者を探す課題"), coerce=int, validate_choice=False,
                       validators=[InputRequired(message=_l("課題を選んでください。"))])  # fmt: skip


class CloseSearchForm(BaseForm):
    action = HiddenField(default="close")
    note = TextAreaField(_l("検索の結果（支援依頼のページに表示されます）"),
                         validators=[required(), max_length(TEXT_MAX)], filters=[strip_filter])  # fmt: skip


class StartProjectForm(BaseForm):
    action = HiddenField(default="start")
    pilot = SelectField(_l("支援する試行プロジェクト"), coerce=int, validate_choice=False,
                        validators=[InputRequired(message=_l("試行プロジェクトを選んでください。"))])  # fmt: skip
    goal = TextAreaField(_l("支援の目標"), validators=[required(), max_length(TEXT_MAX)], filters=[strip_filter])


class CheckInForm(BaseForm):
    action = HiddenField(default="check_in")
    held_on = DateField(_l("日付"), validators=[InputRequired(message=_l("日付を入力してください。"))])
    status = SelectField(_l("状況"), choices=choices((s.value, label) for s, label in CHECK_IN_STATUS_LABELS.items()))
    note = TextAreaField(_l("確認したこと"), validators=[required(), max_length(TEXT_MAX)], filters=[strip_filter])
    next_action = TextAreaField(_l("次の対応"), validators=[optional(), max_length(TEXT_MAX)], filters=[strip_filter])

    def entry(self) -> CheckInEntry:
        return CheckInEntry(held_on=self.held_on.data, status=self.status.data, note=self.note.data or "",
                            next_action=self.next_action.data or "")  # fmt: skip


class CloseProjectForm(BaseForm):
    action = HiddenField(default="close")
    summary = TextAreaField(_l("支援のまとめ"), validators=[required(), max_length(TEXT_MAX)], filters=[strip_filter])

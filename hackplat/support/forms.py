"""The support request's forms: the request itself, and the actions of its page (each
with a prefix, so that several can share the page without clashing ids)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField

from hackplat.forms import BaseForm, QueryForm, VersionedForm, choices, max_length, optional, required, strip_filter
from hackplat.models.support import SupportPath, SupportStatus
from hackplat.support.labels import PATH_HINTS, PATH_LABELS, STATUS_LABELS
from hackplat.support.services import (
    AFFECTED_MAX,
    CONTRACTOR_MAX,
    FINDINGS_MAX,
    NOTE_MAX,
    REASON_MAX,
    SITUATION_MAX,
    TITLE_MAX,
    TRIED_MAX,
)

STRIP = [strip_filter]


class RequestForm(BaseForm):
    title = StringField(_l("件名"), validators=[required(), max_length(TITLE_MAX)], filters=STRIP)
    situation = TextAreaField(_l("今起きていること"), validators=[required(), max_length(SITUATION_MAX)], filters=STRIP)
    affected = TextAreaField(
        _l("困っている人（誰が、どのくらい）"), validators=[max_length(AFFECTED_MAX)], filters=STRIP
    )
    tried = TextAreaField(_l("これまでに試したこと"), validators=[max_length(TRIED_MAX)], filters=STRIP)


class ActionForm(BaseForm):
    """One of the request page's forms, told apart by ``prefix`` (its action). The page's
    token is checked by CSRFProtect for every POST; a prefixed form's own token field
    would be named ``join-csrf_token``, so the form does without one (as MilestoneForm)."""

    class Meta:
        csrf = False


class JoinForm(ActionForm):
    note = TextAreaField(_l("あなたの部署での状況（任意）"), validators=[max_length(NOTE_MAX)], filters=STRIP)


class WithdrawForm(VersionedForm, ActionForm):
    pass


def _path_choices() -> list:
    return choices((p.value, f"{PATH_LABELS[p]}（{PATH_HINTS[p]}）") for p in SupportPath)


class TriageForm(VersionedForm, ActionForm):
    path = RadioField(_l("支援の方法"), choices=[], validators=[required()])
    reason = TextAreaField(_l("この方法を選んだ理由"), validators=[required(), max_length(REASON_MAX)], filters=STRIP)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.path.choices = _path_choices()

    def chosen_path(self) -> SupportPath | None:
        try:
            return SupportPath(self.path.data)
        except ValueError:
            return None


class DeclineForm(VersionedForm, ActionForm):
    reason = TextAreaField(_l("見送る理由"), validators=[required(), max_length(REASON_MAX)], filters=STRIP)


class AssignForm(VersionedForm, ActionForm):
    contractor = StringField(_l("委託先"), validators=[required(), max_length(CONTRACTOR_MAX)], filters=STRIP)
    due = DateField(_l("分析の期限"), validators=[required()])


class FindingsForm(VersionedForm, ActionForm):
    findings = TextAreaField(_l("分析結果（見えてきた課題）"), validators=[required(), max_length(FINDINGS_MAX)],
                             filters=STRIP)  # fmt: skip


class DraftNeedForm(VersionedForm, ActionForm):
    theme_id = SelectField(_l("課題のテーマ"), coerce=int, validators=[required()])


class FilterForm(QueryForm):
    """The office's filters on /support."""

    path = SelectField(_l("支援の方法"), choices=[], validators=[optional()])
    status = SelectField(_l("状態"), choices=[], validators=[optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", str(_l("すべて")))]
        self.path.choices = choices([*everything, ("none", str(_l("未振り分け"))),
                                     *((p.value, str(PATH_LABELS[p])) for p in SupportPath)])  # fmt: skip
        self.status.choices = choices([*everything, ("open", str(_l("対応待ち・対応中"))),
                                       *((s.value, str(STATUS_LABELS[s])) for s in SupportStatus)])  # fmt: skip

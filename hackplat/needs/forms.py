"""Needs: the edit form, the close form, the call's forms and the public list's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import BooleanField, DateField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

from hackplat.forms import (
    BaseForm,
    QueryForm,
    VersionedForm,
    choices,
    max_length,
    optional,
    required,
    strip_filter,
    text,
)
from hackplat.kept_select import KeptSelect
from hackplat.labels import NEED_STATUS_LABELS
from hackplat.labs.forms import lab_choices, lab_select
from hackplat.models import Department, Lab, Theme
from hackplat.names import local_name
from hackplat.needs.detail_forms import NeedDetailsFields
from hackplat.needs.discovery import DEADLINE, NEWEST, SORT_LABELS, department_choices
from hackplat.needs.services import PUBLIC_STATUSES, TEXT_MAX, TITLE_MAX, NeedFields, NeedFilters


def _chosen() -> DataRequired:
    """A select whose first option (0) means "not chosen yet"."""
    return DataRequired(message=_l("選んでください。"))


def _text(label: str) -> TextAreaField:
    return TextAreaField(label, validators=[optional(), max_length(TEXT_MAX)], filters=[strip_filter])


class NeedForm(NeedDetailsFields, VersionedForm, BaseForm):
    """Staff never see ``department_id`` (their department is fixed): ``for_staff`` drops it."""

    department_id = SelectField(_l("部署"), coerce=int, validators=[_chosen()])
    title = StringField(_l("タイトル"), validators=[required(), max_length(TITLE_MAX)], filters=[strip_filter])
    theme_id = SelectField(_l("テーマ"), coerce=int, validators=[_chosen()])
    lab_id = lab_select()  # a co-creation lab (#17): the service checks the choice
    background = _text(_l("現状"))
    problem = _text(_lp("need field", "課題"))  # the need's problem, not "a need"
    desired_outcome = _text(_l("求める解決策"))
    expected_effect = _text(_l("想定する効果"))
    deadline = DateField(_l("提案の締切日"), validators=[optional()])
    question_deadline = DateField(_l("質問の締切日"), validators=[optional()])
    startup_support = BooleanField(_l("スタートアップ歓迎"))  # the startup support scheme (#17 item 3)

    def offer(self, themes: list[Theme], departments: list[Department] | None) -> None:
        """Fill the selects; ``departments`` None: the user writes for their own only."""
        self.theme_id.choices = choices([(0, _l("選んでください")), *((t.id, t.name) for t in themes)])
        if departments is None:
            del self.department_id
        else:
            self.department_id.choices = choices([(0, _l("選んでください")), *((d.id, d.name) for d in departments)])

    def offer_labs(self, labs: list[Lab]) -> None:
        self.lab_id.choices = lab_choices(labs, str(_l("（ラボに属さない）")))

    def need_fields(self) -> NeedFields:
        department = getattr(self, "department_id", None)
        return NeedFields(
            title=text(self.title),
            theme_id=self.theme_id.data or None,
            background=self.background.data or "",
            problem=self.problem.data or "",
            desired_outcome=self.desired_outcome.data or "",
            expected_effect=self.expected_effect.data or "",
            deadline=self.deadline.data,
            question_deadline=self.question_deadline.data,
            startup_support=self.startup_support.data,
            department_id=department.data if department is not None else None,
            lab_id=self.lab_id.data or None,
            **self.details(),
        )


class CloseForm(BaseForm):
    reason = TextAreaField(_l("終了の理由（任意）"), validators=[optional(), max_length(1000)], filters=[strip_filter])


class CallCloseForm(BaseForm):
    """Ending the call before its deadline: the reason is required and shown on the need."""

    reason = TextAreaField(_l("募集を締め切る理由"), validators=[required(), max_length(1000)], filters=[strip_filter])


class ExtendForm(BaseForm):
    deadline = DateField(_l("新しい締切日"), validators=[required()])


ALL_STATUSES = "all"
STATUS_CHOICES = choices(
    [*((status.value, NEED_STATUS_LABELS[status]) for status in PUBLIC_STATUSES), (ALL_STATUSES, _l("すべて"))]
)


class NeedFilterForm(QueryForm):
    """The public list's filters, read from the query string (a GET form: no CSRF)."""

    q = SearchField(_l("キーワード"), filters=[strip_filter])
    # the options' HTML kept per process for the same choices (hackplat/kept_select.py)
    theme = SelectField(_l("テーマ"), coerce=int, default=0, widget=KeptSelect())
    department = SelectField(_l("部署"), coerce=int, default=0, widget=KeptSelect())
    status = SelectField(_l("状態"), choices=STATUS_CHOICES, default=PUBLIC_STATUSES[0].value, widget=KeptSelect())
    sort = SelectField(_l("並び順"), choices=choices(SORT_LABELS.items()), default=NEWEST, widget=KeptSelect())
    lab = SelectField(_l("共創ラボ"), coerce=int, default=0, widget=KeptSelect())
    startup = BooleanField(_l("スタートアップ歓迎の課題のみ"))

    def offer(self, themes: list[Theme], departments: list[Department]) -> None:
        self.theme.choices = choices([(0, _l("すべて")), *((t.id, local_name(t)) for t in themes)])
        self.department.choices = department_choices(departments, _l("すべて"))

    def offer_labs(self, labs: list[Lab]) -> None:
        self.lab.choices = lab_choices(labs, str(_l("すべて")))

    def need_filters(self) -> NeedFilters:
        status = next((s for s in PUBLIC_STATUSES if s.value == self.status.data), None)
        return NeedFilters(
            status=status, theme_id=self.theme.data or None,
            department_id=self.department.data or None, keywords=self.q.data or "",
            sort=DEADLINE if self.sort.data == DEADLINE else NEWEST, startup_only=bool(self.startup.data),
            lab_id=self.lab.data or None,
        )  # fmt: skip

    def link_args(self) -> dict[str, object]:
        """The filters as query-string arguments, for the page links."""
        return {name: value for name, value in self.data.items() if value not in (None, "", 0)}

"""Knowledge cases: the edit form and the library's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField, StringField, TextAreaField
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
from hackplat.knowledge.prefill import CaseFields
from hackplat.knowledge.services import NAME_MAX, TEXT_MAX, TITLE_MAX, CaseFilters
from hackplat.labs.forms import lab_choices
from hackplat.models import Department, Lab, Theme


def _text(label: str) -> TextAreaField:
    return TextAreaField(label, validators=[optional(), max_length(TEXT_MAX)], filters=[strip_filter])


class CaseForm(VersionedForm, BaseForm):
    title = StringField(_l("タイトル"), validators=[required(), max_length(TITLE_MAX)], filters=[strip_filter])
    department_id = SelectField(_l("部署"), coerce=int, validators=[DataRequired(message=_l("選んでください。"))])
    theme_id = SelectField(_l("テーマ"), coerce=int, default=0)
    organisation_name = StringField(
        _l("実施した組織"), validators=[optional(), max_length(NAME_MAX)], filters=[strip_filter]
    )
    need_summary = _text(_l("解決した課題"))
    solution = _text(_l("解決策"))
    results = _text(_l("成果"))
    lessons = _text(_l("得られた知見"))

    def offer(self, themes: list[Theme], departments: list[Department]) -> None:
        self.theme_id.choices = choices([(0, _l("（なし）")), *((t.id, t.name) for t in themes)])
        self.department_id.choices = choices([(0, _l("選んでください")), *((d.id, d.name) for d in departments)])

    def case_fields(self) -> CaseFields:
        return CaseFields(
            title=text(self.title), department_id=self.department_id.data or None,
            theme_id=self.theme_id.data or None, need_summary=self.need_summary.data or "",
            solution=self.solution.data or "", organisation_name=self.organisation_name.data or "",
            results=self.results.data or "", lessons=self.lessons.data or "",
        )  # fmt: skip


class CaseFilterForm(QueryForm):
    """The library's filters, read from the query string (a GET form: no CSRF)."""

    q = SearchField(_l("キーワード"), filters=[strip_filter])
    theme = SelectField(_l("テーマ"), coerce=int, default=0)
    department = SelectField(_l("部署"), coerce=int, default=0)
    lab = SelectField(_l("共創ラボ"), coerce=int, default=0)

    def offer(self, themes: list[Theme], departments: list[Department]) -> None:
        self.theme.choices = choices([(0, _l("すべて")), *((t.id, t.name) for t in themes)])
        self.department.choices = choices([(0, _l("すべて")), *((d.id, d.name) for d in departments)])

    def offer_labs(self, labs: list[Lab]) -> None:
        self.lab.choices = lab_choices(labs, str(_l("すべて")))

    def case_filters(self) -> CaseFilters:
        return CaseFilters(
            theme_id=self.theme.data or None,
            department_id=self.department.data or None,
            keywords=self.q.data or "",
            lab_id=self.lab.data or None,
        )

    def link_args(self) -> dict[str, object]:
        """The filters as query-string arguments, for the page links."""
        return {name: value for name, value in self.data.items() if value not in (None, "", 0)}

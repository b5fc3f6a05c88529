"""Working-group forms: forming a group, concluding it, an activity record, and the
search for an organisation to invite."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from hackplat.forms import BaseForm, QueryForm, choices, max_length, optional, required, strip_filter
from hackplat.labels import ACTIVITY_KIND_LABELS
from hackplat.workgroups.services import NAME_MAX, TEXT_MAX, ActivityEntry


class GroupForm(BaseForm):
    name = StringField(_l("グループ名"), validators=[required(), max_length(NAME_MAX)], filters=[strip_filter])
    purpose = TextAreaField(_l("目的"), validators=[optional(), max_length(TEXT_MAX)], filters=[strip_filter])


class ConcludeForm(BaseForm):
    outcome = TextAreaField(
        _l("成果（グループのページに表示されます）"),
        validators=[required(), max_length(TEXT_MAX)],
        filters=[strip_filter],
    )


class RecordForm(BaseForm):
    occurred_on = DateField(_l("日付"), validators=[InputRequired(message=_l("日付を入力してください。"))])
    kind = SelectField(_l("種類"), choices=choices((kind.value, label) for kind, label in ACTIVITY_KIND_LABELS.items()))
    body = TextAreaField(_l("内容"), validators=[required(), max_length(TEXT_MAX)], filters=[strip_filter])

    def entry(self) -> ActivityEntry:
        return ActivityEntry(kind=self.kind.data, occurred_on=self.occurred_on.data, body=self.body.data or "")


class OrganisationSearchForm(QueryForm):
    """A GET form on the group's page: approved organisations by name or 法人番号."""

    org = SearchField(_l("組織名または法人番号"), validators=[optional(), max_length(100)], filters=[strip_filter])

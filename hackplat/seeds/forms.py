"""The seed form and the public catalogue's filters."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField, StringField, TextAreaField

from hackplat.forms import (
    BaseForm,
    QueryForm,
    SelectChoice,
    VersionedForm,
    choices,
    max_length,
    optional,
    required,
    strip_filter,
)
from hackplat.kept_select import KeptSelect
from hackplat.labels import ORGANISATION_KIND_LABELS
from hackplat.models import OrganisationKind, Theme
from hackplat.seeds.services import MAX_LENGTHS, SeedFilters

#: Japanese messages for a select whose value is not one of its options.
UNKNOWN_CHOICE = {
    "invalid_choice_message": _l("一覧から選んでください。"),
    "invalid_value_message": _l("一覧から選んでください。"),
}
KIND_CHOICES = choices([("", _l("すべて")), *((kind.value, label) for kind, label in ORGANISATION_KIND_LABELS.items())])


def theme_choices(themes: Sequence[Theme], blank: str) -> list[SelectChoice]:
    return choices([(0, blank), *((theme.id, theme.name) for theme in themes)])


class SeedForm(VersionedForm, BaseForm):
    title = StringField(
        _l("タイトル"), validators=[required(), max_length(MAX_LENGTHS["title"])], filters=[strip_filter]
    )
    summary = TextAreaField(
        _l("概要"), validators=[optional(), max_length(MAX_LENGTHS["summary"])], filters=[strip_filter]
    )
    description = TextAreaField(
        _l("詳しい説明"), validators=[optional(), max_length(MAX_LENGTHS["description"])], filters=[strip_filter]
    )
    track_record = TextAreaField(
        _l("実績"), validators=[optional(), max_length(MAX_LENGTHS["track_record"])], filters=[strip_filter]
    )
    tags = StringField(_l("タグ"), validators=[optional(), max_length(500)], filters=[strip_filter])
    theme_id = SelectField(_l("テーマ"), coerce=int, choices=[], default=0, **UNKNOWN_CHOICE)
    is_public = BooleanField(_l("公開する（外すと非公開になり、自組織のメンバーと事務局だけが見られます）"))


class SeedFilterForm(QueryForm):
    """Read from the query string; a value that is not one of the choices filters nothing."""

    q = SearchField(_l("キーワード"), validators=[optional(), max_length(100)], filters=[strip_filter])
    # the options' HTML kept per process for the same choices (hackplat/kept_select.py)
    theme = SelectField(_l("テーマ"), coerce=int, choices=[], default=0, widget=KeptSelect(), **UNKNOWN_CHOICE)
    kind = SelectField(_l("組織の種別"), choices=KIND_CHOICES, default="", widget=KeptSelect(), **UNKNOWN_CHOICE)
    startup = BooleanField(_l("スタートアップのみ"))

    def selected(self) -> SeedFilters:
        self.validate()
        kind = None if self.kind.errors else self.kind.data
        return SeedFilters(
            q="" if self.q.errors else self.q.data or "",
            theme_id=None if self.theme.errors else self.theme.data or None,
            kind=OrganisationKind(kind) if kind else None,
            startup_only=bool(self.startup.data),
        )


def filter_args(filters: SeedFilters) -> dict[str, str]:
    """The filters in force as query-string arguments, for the page links."""
    args = {
        "q": filters.q,
        "theme": str(filters.theme_id or ""),
        "kind": filters.kind.value if filters.kind else "",
        "startup": "y" if filters.startup_only else "",
    }
    return {name: value for name, value in args.items() if value}

"""Accepting the current texts; an administrator's new version."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired

from hackplat.bounds import bounded_int
from hackplat.forms import BaseForm, max_length, required, strip_filter

#: Long enough for a real legal text, far below the 2 MB request limit.
MAX_BODY = 50_000


def must_agree() -> DataRequired:
    return DataRequired(message=_l("同意する場合はチェックを入れてください。"))


class AcceptForm(BaseForm):
    agree = BooleanField(_l("上記の内容を確認し、同意します"), validators=[must_agree()])
    #: The ids of the versions shown, so that a version published meanwhile is not
    #: accepted unseen.
    documents = HiddenField()

    def shown(self) -> set[int]:
        return shown_ids(self.documents.data)


def shown_ids(value: str | None) -> set[int]:
    """The document ids a page sent back (comma-separated; anything else ignored)."""
    ids: set[int] = set()
    for part in (value or "").split(","):
        try:
            ids.add(bounded_int(part))
        except (TypeError, ValueError):
            continue
    return ids


class LegalDocumentForm(BaseForm):
    title = StringField(_l("表題"), validators=[required(), max_length(200)], filters=[strip_filter])
    body = TextAreaField(
        _l("本文"), validators=[required(), max_length(MAX_BODY)], filters=[strip_filter], render_kw={"rows": 20}
    )
    #: The version the editor started from (0: none yet).
    based_on = HiddenField()
    preview = SubmitField(_l("プレビューする"))
    publish = SubmitField(_l("新しい版として公開する"))

    def based_on_version(self) -> int:
        try:
            return bounded_int(self.based_on.data)
        except (TypeError, ValueError):
            return -1

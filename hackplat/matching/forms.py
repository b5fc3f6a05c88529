"""Forms of the coordinators' matcher page (the service checks the words again)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, StringField

from hackplat.forms import BaseForm, QueryForm, max_length, nfkc_filter, required
from hackplat.matching.synonym_services import MAX_WORD_LENGTH


class SynonymForm(BaseForm):
    variant = StringField(
        _l("置き換える語（別名・略語・表記ゆれ）"),
        validators=[required(), max_length(MAX_WORD_LENGTH)],
        filters=[nfkc_filter],
    )
    canonical = StringField(
        _l("統一する語"), validators=[required(), max_length(MAX_WORD_LENGTH)], filters=[nfkc_filter]
    )


class SynonymFilterForm(QueryForm):
    """Narrows the table, read from the query string (a GET form: no CSRF)."""

    q = SearchField(_l("語で絞り込む"), filters=[nfkc_filter])

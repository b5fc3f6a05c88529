"""The upload form: one file (its CSRF token is checked like every form's)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms.validators import StopValidation

from hackplat.forms import BaseForm


def file_chosen(_form: Any, field: Any) -> None:
    if not isinstance(field.data, FileStorage) or not field.data.filename:
        raise StopValidation(str(_l("添付するファイルを選んでください。")))


class UploadForm(BaseForm):
    file = FileField(_l("ファイル"), validators=[file_chosen])

"""The question form (asking and editing) and the answer form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField

from hackplat.forms import BaseForm, VersionedForm, max_length, required, strip_filter
from hackplat.questions.services import ANSWER_MAX, BODY_MAX


class QuestionForm(VersionedForm, BaseForm):
    body = TextAreaField(_l("質問の内容"), validators=[required(), max_length(BODY_MAX)], filters=[strip_filter])


class AnswerForm(VersionedForm, BaseForm):
    answer = TextAreaField(_l("回答"), validators=[required(), max_length(ANSWER_MAX)], filters=[strip_filter])
    publish = BooleanField(
        _l("この質問と回答を課題のページで公開する（質問した組織の名前は表示しません）"), default=True
    )

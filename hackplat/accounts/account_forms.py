"""Forms of the signed-in person's security pages: the second step, TOTP on and off."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField

from hackplat.accounts.passwords import MAX_LENGTH
from hackplat.forms import BaseForm, max_length, required, strip_filter


class SecondStepForm(BaseForm):
    code = StringField(
        _l("確認コード（6桁）またはリカバリーコード"),
        validators=[required(), max_length(40)],
        filters=[strip_filter],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class EnrolForm(BaseForm):
    password = PasswordField(
        _l("現在のパスワード"),
        validators=[required(), max_length(MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("認証アプリに表示された6桁のコード"),
        validators=[required(), max_length(20)],
        filters=[strip_filter],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class DisableForm(BaseForm):
    proof = StringField(
        _l("認証アプリの確認コード（6桁）またはリカバリーコード"),
        validators=[required(), max_length(40)],
        filters=[strip_filter],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text"},
    )

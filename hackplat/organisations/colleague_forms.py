"""Forms of the colleagues' pages: invite, accept an invitation, ask to join."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, ValidationError

from hackplat.accounts.corporate_number import is_valid_corporate_number
from hackplat.accounts.forms import _corporate_number_filter
from hackplat.accounts.passwords import MAX_LENGTH
from hackplat.forms import BaseForm, email_address, max_length, nfkc_filter, required, strip_filter


def _email_field(label: str) -> EmailField:
    return EmailField(label, validators=[required(), max_length(254), email_address()], filters=[nfkc_filter])


class InviteForm(BaseForm):
    email = _email_field(_l("招待する同僚のメールアドレス"))


class _PasswordFields(BaseForm):
    #: Required when current versions exist (the view checks, as registration does).
    accept_legal = BooleanField(_l("利用規約とプライバシーポリシーに同意します"))
    password = PasswordField(_l("パスワード（12文字以上）"), validators=[required(), max_length(MAX_LENGTH)])
    password_confirm = PasswordField(
        _l("パスワード（確認）"),
        validators=[required(), EqualTo("password", message=_l("パスワードが一致しません。"))],
    )


class AcceptInvitationForm(_PasswordFields):
    name = StringField(_l("お名前"), validators=[required(), max_length(100)], filters=[strip_filter])


class JoinRequestForm(_PasswordFields):
    """Named like the registration form's fields, so that the registration page can hand
    over what was typed (its 「この組織への参加を申請する」 button posts here)."""

    corporate_number = StringField(
        _l("参加したい組織の法人番号（13桁）"), validators=[required()], filters=[_corporate_number_filter]
    )
    contact_name = StringField(_l("お名前"), validators=[required(), max_length(100)], filters=[strip_filter])
    email = _email_field(_l("メールアドレス"))

    def validate_corporate_number(self, field: StringField) -> None:
        if field.data and not is_valid_corporate_number(field.data):
            raise ValidationError(_l("法人番号は13桁の数字で、先頭のチェックデジットが正しいものを入力してください。"))

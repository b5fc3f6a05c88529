"""Sign-in and registration forms."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, Field, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import EqualTo, ValidationError

from hackplat.accounts.corporate_number import is_valid_corporate_number
from hackplat.accounts.passwords import MAX_LENGTH
from hackplat.accounts.services import MAX_EMAIL_LENGTH
from hackplat.forms import BaseForm, choices, email_address, max_length, nfkc_filter, optional, required, strip_filter
from hackplat.labels import ORGANISATION_KIND_LABELS
from hackplat.models import OrganisationKind
from hackplat.startups.forms import founded_year_field


def email_fits(_form: BaseForm, field: Field) -> None:
    """No longer than an address can be once lower-cased as it is stored (.lower() can
    lengthen it: services.normalise_email, review of #13 finding 7)."""
    if isinstance(field.data, str) and len(field.data.strip().lower()) > MAX_EMAIL_LENGTH:
        raise ValidationError(_l("メールアドレスの形式が正しくありません。"))


class LoginForm(BaseForm):
    email = EmailField(
        _l("メールアドレス"), validators=[required(), max_length(254), email_fits], filters=[nfkc_filter]
    )
    password = PasswordField(_l("パスワード"), validators=[required(), max_length(MAX_LENGTH)])


def _corporate_number_filter(value: str | None) -> str | None:
    """Accept １２３４-… and spaces as people type them; keep the 13 digits."""
    value = nfkc_filter(value)
    return re.sub(r"[\s\-‐－]", "", value) if isinstance(value, str) else value


class RegistrationForm(BaseForm):
    kind = SelectField(
        _l("組織の種別"),
        choices=choices((kind.value, label) for kind, label in ORGANISATION_KIND_LABELS.items()),
        validators=[required()],
    )
    name = StringField(_l("組織名"), validators=[required(), max_length(200)], filters=[strip_filter])
    corporate_number = StringField(
        _l("法人番号（13桁、お持ちの場合）"), validators=[optional()], filters=[_corporate_number_filter]
    )
    is_startup = BooleanField(_l("スタートアップ（創業おおむね10年以内の成長志向の企業）"))
    founded_year = founded_year_field()
    profile = TextAreaField(_l("組織の紹介"), validators=[optional(), max_length(2000)], filters=[strip_filter])
    contact_name = StringField(_l("担当者名"), validators=[required(), max_length(100)], filters=[strip_filter])
    email = EmailField(
        _l("担当者のメールアドレス"),
        validators=[required(), max_length(254), email_fits, email_address()],
        filters=[nfkc_filter],
    )
    password = PasswordField(_l("パスワード（12文字以上）"), validators=[required(), max_length(MAX_LENGTH)])
    password_confirm = PasswordField(
        _l("パスワード（確認）"),
        validators=[required(), EqualTo("password", message=_l("パスワードが一致しません。"))],
    )
    #: Required when current versions exist (accounts/verification.before_registering).
    accept_legal = BooleanField(_l("利用規約とプライバシーポリシーに同意します"))
    #: The ids of the versions the page showed (templates/accounts/join_legal.html).
    legal_shown = HiddenField()

    def validate_corporate_number(self, field: StringField) -> None:
        if field.data and not is_valid_corporate_number(field.data):
            raise ValidationError(_l("法人番号は13桁の数字で、先頭のチェックデジットが正しいものを入力してください。"))

    def validate_kind(self, field: SelectField) -> None:
        if field.data not in {kind.value for kind in OrganisationKind}:
            raise ValidationError(_l("種別を選んでください。"))

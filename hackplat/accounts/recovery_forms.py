"""Forms of the password pages and of the verification link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo

from hackplat.accounts.forms import email_fits
from hackplat.accounts.passwords import MAX_LENGTH
from hackplat.forms import BaseForm, email_address, max_length, nfkc_filter, required


def _same_as(field: str) -> EqualTo:
    return EqualTo(field, message=_l("パスワードが一致しません。"))


class EmailForm(BaseForm):
    """The address a reset link or a new verification link is sent to."""

    email = EmailField(
        _l("メールアドレス"),
        validators=[required(), max_length(254), email_fits, email_address()],
        filters=[nfkc_filter],
    )


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(_l("現在のパスワード"), validators=[required(), max_length(MAX_LENGTH)])
    new_password = PasswordField(_l("新しいパスワード（12文字以上）"), validators=[required(), max_length(MAX_LENGTH)])
    new_password_confirm = PasswordField(
        _l("新しいパスワード（確認）"), validators=[required(), _same_as("new_password")]
    )


class PasswordResetForm(BaseForm):
    password = PasswordField(_l("新しいパスワード（12文字以上）"), validators=[required(), max_length(MAX_LENGTH)])
    password_confirm = PasswordField(_l("新しいパスワード（確認）"), validators=[required(), _same_as("password")])


class TemporaryPasswordForm(BaseForm):
    """An administrator's reset: a password the person must change at the next sign-in."""

    password = PasswordField(_l("仮のパスワード（12文字以上）"), validators=[required(), max_length(MAX_LENGTH)])


class VerifyForm(BaseForm):
    """The verification link's page: the account's password (accounts/verification.confirm)."""

    password = PasswordField(_l("パスワード"), validators=[required(), max_length(MAX_LENGTH)])

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField

from hackplat.accounts.passwords import MAX_LENGTH
from hackplat.admin.services import CITY_ROLES
from hackplat.forms import BaseForm, choices, email_address, max_length, nfkc_filter, required, strip_filter
from hackplat.labels import DEPARTMENT_KIND_LABELS, ROLE_LABELS

ROLE_CHOICES = choices((role.value, ROLE_LABELS[role]) for role in CITY_ROLES)


class DepartmentForm(BaseForm):
    name = StringField(_l("部署名"), validators=[required(), max_length(100)], filters=[strip_filter])
    kind = SelectField(
        _l("種別"), choices=choices((kind.value, label) for kind, label in DEPARTMENT_KIND_LABELS.items())
    )
    parent_id = SelectField(_l("所属する局・区（課の場合）"), coerce=int, choices=[])


class CityUserForm(BaseForm):
    name = StringField(_l("氏名"), validators=[required(), max_length(100)], filters=[strip_filter])
    email = EmailField(
        _l("メールアドレス"), validators=[required(), max_length(254), email_address()], filters=[nfkc_filter]
    )
    role = SelectField(_l("役割"), choices=ROLE_CHOICES)
    department_id = SelectField(_l("所属部署（市職員は必須）"), coerce=int, choices=[])
    password = PasswordField(_l("初期パスワード（12文字以上）"), validators=[required(), max_length(MAX_LENGTH)])


class RoleForm(BaseForm):
    role = SelectField(_l("役割"), choices=ROLE_CHOICES)
    department_id = SelectField(_l("所属部署（市職員は必須）"), coerce=int, choices=[])
    active = BooleanField(_l("利用可能"))

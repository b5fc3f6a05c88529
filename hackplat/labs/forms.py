"""Lab forms: the office's lab form, and the lab select of a need, group or pilot."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from hackplat.forms import BaseForm, VersionedForm, choices, max_length, nfkc_filter, optional, required, strip_filter
from hackplat.labs.services import DESCRIPTION_MAX, NAME_EN_MAX, NAME_MAX, PARTNERS_MAX, LabFields, choosable_labs
from hackplat.models import Lab
from hackplat.names import local_name
from hackplat.permissions import can_edit_lab

URL_MAX = 300


class LabForm(VersionedForm, BaseForm):
    name = StringField(_l("ラボの名前"), validators=[required(), max_length(NAME_MAX)], filters=[strip_filter])
    name_en = StringField(_l("英語の名前"), validators=[optional(), max_length(NAME_EN_MAX)], filters=[strip_filter])
    description = TextAreaField(
        _l("説明"), validators=[optional(), max_length(DESCRIPTION_MAX)], filters=[strip_filter]
    )
    partners = TextAreaField(
        _l("参加団体・パートナー"), validators=[optional(), max_length(PARTNERS_MAX)], filters=[strip_filter]
    )
    url = StringField(_l("ラボのページ（URL）"), validators=[optional(), max_length(URL_MAX)], filters=[nfkc_filter])
    active = BooleanField(_l("活動中"), default=True)

    def lab_fields(self) -> LabFields:
        return LabFields(
            name=self.name.data or "", name_en=self.name_en.data or "", description=self.description.data or "",
            partners=self.partners.data or "", url=self.url.data or "", active=bool(self.active.data),
        )  # fmt: skip


def lab_choices(labs: list[Lab], blank: str) -> list:
    """``blank`` (0: no lab), then the labs by name."""
    return choices([(0, blank), *((lab.id, local_name(lab)) for lab in labs)])


def lab_select(label: str = _l("共創ラボ")) -> SelectField:
    """The lab select of a need, group or pilot form; the service checks the choice (an
    inactive or missing lab is refused with its own message)."""
    return SelectField(label, coerce=int, default=0, validate_choice=False)


class LabAssignForm(BaseForm):
    """The office's select and button on a working group's or a pilot's page."""

    lab_id = lab_select(_l("所属するラボ"))

    def offer(self, labs: list[Lab]) -> None:
        self.lab_id.choices = lab_choices(labs, str(_l("（ラボに属さない）")))


def assign_form(current_lab_id: int | None) -> LabAssignForm | None:
    """The lab select for a group's or a pilot's page: the office's only (None for others)."""
    if not can_edit_lab(current_user):
        return None
    form = LabAssignForm(formdata=None, lab_id=current_lab_id or 0)
    form.offer(choosable_labs(current_lab_id))
    return form

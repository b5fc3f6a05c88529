"""The notification settings: one radio group per kind the person can receive."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from hackplat.forms import BaseForm, choices
from hackplat.models import Frequency
from hackplat.notifications.kinds import Kind

FREQUENCY_LABELS = {
    Frequency.IMMEDIATE: _l("すぐにメールで受け取る"),
    Frequency.DAILY: _l("毎日まとめて受け取る（朝8時）"),
    Frequency.WEEKLY: _l("毎週まとめて受け取る（月曜の朝8時）"),
    Frequency.OFF: _l("メールでは受け取らない"),
}


class PreferencesForm(BaseForm):
    """Fields are added per person (``preferences_form``): the kinds depend on the role."""


def preferences_form(kinds: list[Kind], current: dict[str, Frequency]) -> PreferencesForm:
    """The form for these kinds, preset to the person's current choices."""

    class Form(PreferencesForm):
        pass

    for kind in kinds:
        options = choices((frequency.value, FREQUENCY_LABELS[frequency]) for frequency in kind.choices)
        setattr(Form, kind.name, RadioField(kind.label, choices=options, default=current[kind.name].value))
    return Form()


def chosen_frequencies(form: PreferencesForm, kinds: list[Kind]) -> dict[str, Frequency]:
    return {kind.name: Frequency(form[kind.name].data) for kind in kinds}

"""Who hears about a registration: the programme office, which decides on it."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.models import Organisation
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.proposals.notices import coordinators


def tell_registered(organisation: Organisation) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("新しい参加登録: %(name)s", name=shortened(organisation.name))
        body = _(
            "%(name)s から参加登録がありました。内容を確認して、承認または却下してください。", name=organisation.name
        )
    notify(coordinators(), "organisation.registered", subject, body, f"/organisations/{organisation.id}")

"""Who hears about a published knowledge case: the pilot's organisation and department."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.models import KnowledgeCase
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.proposals.notices import department_staff


def tell_published(case: KnowledgeCase) -> None:
    pilot = case.pilot
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("事例が公開されました: %(title)s", title=shortened(case.title))
        body = _(
            "試行プロジェクト「%(pilot)s」の事例「%(title)s」が公開されました。", pilot=pilot.title, title=case.title
        )
    people = [*pilot.organisation.members, *department_staff(pilot.need)]
    notify(people, "case.published", subject, body, f"/knowledge/{case.id}")

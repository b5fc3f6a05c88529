"""Who hears about a knowledge case: the pilot's organisation and department, when their
consent is asked for and when the case is published."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.models import KnowledgeCase, User
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.proposals.notices import department_staff


def _parties(case: KnowledgeCase) -> list[User]:
    """The two sides of a case: the implementing organisation's members and the department's staff."""
    return [*case.pilot.organisation.members, *department_staff(case.pilot.need)]


def tell_published(case: KnowledgeCase) -> None:
    pilot = case.pilot
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("事例が公開されました: %(title)s", title=shortened(case.title))
        body = _(
            "試行プロジェクト「%(pilot)s」の事例「%(title)s」が公開されました。", pilot=pilot.title, title=case.title
        )
    notify(_parties(case), "case.published", subject, body, f"/knowledge/{case.id}")


def tell_consent_requested(case: KnowledgeCase) -> None:
    """The two sides whose consent publishes the case: any member of the implementing
    organisation and any staff member of the department may give it."""
    pilot = case.pilot
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("事例の公開への同意をお願いします: %(title)s", title=shortened(case.title))
        body = _(
            "試行プロジェクト「%(pilot)s」の事例「%(title)s」の公開について、同意が求められています。"
            "内容を確認し、よければ事例のページで同意してください。実施組織と担当部署の両方が同意すると公開されます。",
            pilot=pilot.title,
            title=case.title,
        )
    notify(_parties(case), "case.consent_requested", subject, body, f"/knowledge/{case.id}")

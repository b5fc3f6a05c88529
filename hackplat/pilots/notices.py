"""Who hears about a pilot: the organisation's members and the department's staff, when
it is created and when its stage changes; the department's staff, when the organisation
enters a measurement for them to confirm (stored in Japanese, see notifications)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.labels import PILOT_STAGE_LABELS
from hackplat.models import Pilot, PilotKpi, User
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify, shortened
from hackplat.proposals.notices import department_staff


def pilot_path(pilot: Pilot) -> str:
    return f"/pilots/{pilot.id}"


def _people(pilot: Pilot) -> list[User]:
    return [*pilot.organisation.members, *department_staff(pilot.need)]


def tell_created(pilot: Pilot) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("試行プロジェクトが始まりました: %(title)s", title=shortened(pilot.title))
        body = _("採択された提案から試行プロジェクト「%(title)s」が作成されました。", title=pilot.title)
        notify(_people(pilot), "pilot.created", subject, body, pilot_path(pilot))


def tell_stage(pilot: Pilot) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        stage = PILOT_STAGE_LABELS[pilot.stage]
        subject = _("試行プロジェクトが「%(stage)s」になりました: %(title)s", stage=stage, title=shortened(pilot.title))
        body = _("試行プロジェクト「%(title)s」の段階が「%(stage)s」になりました。", title=pilot.title, stage=stage)
        notify(_people(pilot), f"pilot.{pilot.stage.value}", subject, body, pilot_path(pilot))


def tell_measurement_proposed(pilot: Pilot, kpi: PilotKpi) -> None:
    """The department confirms measurements before they count: its staff are asked to."""
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("測定値の確認をお願いします: %(title)s", title=shortened(pilot.title))
        body = _(
            "試行プロジェクト「%(title)s」の実施組織が、手続「%(procedure)s」の測定値を登録しました。"
            "試行のページで確認し、反映するか差し戻してください。",
            title=pilot.title,
            procedure=kpi.procedure,
        )
        notify(department_staff(pilot.need), "pilot.measurement_proposed", subject, body,
               f"{pilot_path(pilot)}#pilot-measurements")  # fmt: skip

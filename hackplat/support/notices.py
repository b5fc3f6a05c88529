"""Who hears of a support request: the programme office when one is opened; the
requesting department's staff (and the staff of the departments that joined it) when
it is triaged, declined, analysed or done; the requesting department when another joins.
Notices are written in the programme's language and mailed through the job queue
(hackplat/notifications)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import Role, User
from hackplat.models.support import SupportRequest, SupportRequestJoin
from hackplat.notifications.services import NOTIFICATION_LOCALE, active_staff_of, notify, shortened


def path_of(request: SupportRequest) -> str:
    return f"/support/{request.id}"


def office() -> list[User]:
    query = select(User).where(User.role.in_((Role.COORDINATOR, Role.ADMIN)), User.active)
    return list(db.session.scalars(query))


def tell_office_opened(request: SupportRequest) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("支援の依頼が届きました: %(title)s", title=shortened(request.title))
        body = _("%(department)sから支援の依頼が届きました。内容を確認して振り分けてください。",
                 department=request.department.name)  # fmt: skip
    notify(office(), "support.opened", subject, body, path_of(request))


def tell_joined(request: SupportRequest, join: SupportRequestJoin) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("支援の依頼に他の部署が参加しました: %(title)s", title=shortened(request.title))
        body = _("%(department)sが同じ課題を抱えており、この依頼に参加しました。", department=join.department.name)
    notify(active_staff_of({request.department_id}), "support.joined", subject, body, path_of(request))


def _messages() -> dict[str, tuple[str, str]]:
    return {
        "support.triaged": (_("支援の依頼が振り分けられました"), _("支援の方法が決まりました。依頼のページで次の段階を確認してください。")),
        "support.declined": (_("支援の依頼が見送られました"), _("今回は支援を見送ります。理由は依頼のページにあります。")),
        "support.findings": (_("業務分析の結果が記録されました"), _("業務分析の結果を依頼のページで確認してください。")),
        "support.done": (_("支援の依頼が完了しました"), _("依頼への支援が完了しました。結果は依頼のページにあります。")),
    }  # fmt: skip


def tell_department(request: SupportRequest, kind: str) -> None:
    """The requesting department and every department that joined."""
    departments = {request.department_id, *(j.department_id for j in request.joins)}
    with force_locale(NOTIFICATION_LOCALE):
        subject, body = _messages()[kind]
        subject = f"{subject}: {shortened(request.title)}"
    notify(active_staff_of(departments), kind, subject, body, path_of(request))

"""Organisation life cycle: ``pending → approved | rejected``, decided by a coordinator."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select

from hackplat import audit
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.models import Organisation, OrganisationStatus, User, utcnow
from hackplat.notifications.services import notify
from hackplat.permissions import can_review_organisations, require


def _decide(organisation: Organisation, status: OrganisationStatus, reason: str | None, actor: User) -> None:
    require(can_review_organisations(actor))
    if organisation.status is not OrganisationStatus.PENDING:
        raise Conflict(_("この組織の審査は既に終わっています。"))
    organisation.status = status
    organisation.decision_reason = reason
    if status is OrganisationStatus.APPROVED:
        organisation.approved_at = utcnow()
    audit.record(
        f"organisation.{status.value}", "organisation", organisation.id, actor=actor, detail={"reason": reason}
    )
    _tell_members(organisation)
    db.session.flush()


def _tell_members(organisation: Organisation) -> None:
    if organisation.status is OrganisationStatus.APPROVED:
        subject = _("%(name)s の参加登録が承認されました", name=organisation.name)
        body = _("サインインして、シーズの登録や課題への提案を始めましょう。")
    else:
        subject = _("%(name)s の参加登録は承認されませんでした", name=organisation.name)
        body = _("理由: %(reason)s", reason=organisation.decision_reason)
    notify(organisation.members, f"organisation.{organisation.status.value}", subject, body, link="/me")


def approve_organisation(organisation: Organisation, *, actor: User) -> Organisation:
    _decide(organisation, OrganisationStatus.APPROVED, None, actor)
    return organisation


def reject_organisation(organisation: Organisation, reason: str, *, actor: User) -> Organisation:
    if not reason.strip():
        raise InvalidInput(_("却下の理由を入力してください。"), field="reason")
    _decide(organisation, OrganisationStatus.REJECTED, reason.strip(), actor)
    return organisation


def organisations_query(status: OrganisationStatus | None) -> Select[tuple[Organisation]]:
    """Newest first, optionally of one status (served by the (status, created_at) index)."""
    query = select(Organisation).order_by(Organisation.created_at.desc(), Organisation.id.desc())
    return query if status is None else query.where(Organisation.status == status)

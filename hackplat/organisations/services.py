"""Organisation life cycle: ``pending → approved | rejected``, decided by a coordinator;
and the profile its members keep up to date."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.models import Organisation, OrganisationStatus, User, utcnow
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify
from hackplat.organisations.profile import switch_public_profile
from hackplat.permissions import can_edit_organisation_profile, can_review_organisations, require
from hackplat.startups.founding import checked_founded_year

MAX_PROFILE_LENGTH = 2000
MAX_WEBSITE_LENGTH = 300


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
    flush_or_conflict()


def _tell_members(organisation: Organisation) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        _notify_decision(organisation)


def _notify_decision(organisation: Organisation) -> None:
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


def organisations_query(status: OrganisationStatus | None) -> Select[Organisation]:
    """Newest first, optionally of one status (served by the (status, created_at) index)."""
    query = select(Organisation).order_by(Organisation.created_at.desc(), Organisation.id.desc())
    return query if status is None else query.where(Organisation.status == status)


@dataclass(frozen=True)
class ProfileData:
    """What members may change themselves. Name, kind and 法人番号 are not here: the
    coordinator checked those at approval."""

    profile: str
    website: str | None
    is_startup: bool
    profile_public: bool | None = None  # the track record page (None: left as it is)
    founded_year: int | None = None  # required of startups (startups/founding.py)


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme in ("http", "https")
        and "." in host.strip(".")
        and "@" not in parts.netloc
        and not any(ch.isspace() for ch in url)
    )


def checked_website(url: str | None) -> str | None:
    """An http(s) address with a host, or ``None`` when left empty. Anything else
    (``javascript:``, a bare word, credentials in the address) is refused: the address
    becomes a link that other people click."""
    url = (url or "").strip()
    if not url:
        return None
    if len(url) > MAX_WEBSITE_LENGTH or not _is_web_address(url):
        message = _(
            "http:// または https:// で始まるウェブサイトのアドレスを%(max)d文字以内で入力してください。",
            max=MAX_WEBSITE_LENGTH,
        )
        raise InvalidInput(message, field="website")
    return url


def update_profile(organisation: Organisation, data: ProfileData, *, version: int | None, actor: User) -> Organisation:
    """Save the profile as edited from ``version`` (the form's hidden field)."""
    require(can_edit_organisation_profile(actor, organisation))
    require_version(organisation, version)
    profile = data.profile.strip()
    if len(profile) > MAX_PROFILE_LENGTH:
        raise InvalidInput(_("%(max)d文字以内で入力してください。", max=MAX_PROFILE_LENGTH), field="profile")
    values = {"profile": profile, "website": checked_website(data.website), "is_startup": data.is_startup,
              "founded_year": checked_founded_year(data.is_startup, data.founded_year)}  # fmt: skip
    changed = sorted(name for name, value in values.items() if getattr(organisation, name) != value)
    for name, value in values.items():
        setattr(organisation, name, value)
    audit.record(
        "organisation.profile_updated", "organisation", organisation.id, actor=actor, detail={"changed": changed}
    )
    if data.profile_public is not None:
        switch_public_profile(organisation, data.profile_public, actor=actor)
    flush_or_conflict()
    return organisation

"""Unverified accounts do not keep their address (security review of #13, finding 4).

An account whose address was never proved (a registration or a join request whose
verification link was not opened) is removed once ``EMAIL_VERIFICATION_MAX_AGE`` has
passed since it was created, by the periodic task ``purge_unverified_accounts``; a new
registration for the address removes it at once (verification.register). Either way the
address is free again: someone who typed another person's address cannot squat it.

``forget_unverified`` removes one such person: the user row and what hangs on it (legal
acceptances, notifications, sessions, codes), and its organisation when that is still
pending and has no other member. The audit trail stays: records naming the person as
actor keep their action with the actor cleared, and one record
``account.unverified_forgotten`` keeps the address, the name and the organisation in its
detail. It is also used for a declined join request (hackplat/organisations/colleagues.py),
whose address must not stay blocked either.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from huey import crontab
from sqlalchemy import delete, func, select, update

from hackplat import audit
from hackplat.extensions import db
from hackplat.jobs.queue import huey, in_app_context
from hackplat.models import (
    AuditRecord,
    LegalAcceptance,
    LoginSession,
    Notification,
    Organisation,
    OrganisationInvitation,
    OrganisationStatus,
    RecoveryCode,
    Role,
    User,
    utcnow,
)
from hackplat.models.matching import SuggestionFeedback
from hackplat.models.notifications import DigestMark, NotificationPreference


def is_forgettable(user: User) -> bool:
    """A member who never got in: the address is unproved, or a join request was never
    approved (accounts an administrator creates are verified from the start)."""
    never_joined = user.organisation_id is not None and user.joined_at is None
    got_in = user.last_login_at is not None or user.role is not Role.MEMBER
    return not got_in and (user.email_verified_at is None or never_joined)


def forget_unverified(user: User, *, reason: str = "expired", actor: User | None = None) -> None:
    """Delete ``user`` (see is_forgettable) and free the address, keeping an audit record
    with it; its organisation goes too when pending and without another member. Flushes;
    the caller commits."""
    if not is_forgettable(user):
        raise ValueError("only an account that never got in can be forgotten")
    organisation = user.organisation
    detail: dict[str, Any] = {"email": user.email, "name": user.name, "reason": reason}
    if organisation is not None:
        detail["organisation"] = {"id": organisation.id, "name": organisation.name}
    user_id = user.id
    _detach(user_id)
    db.session.delete(user)
    db.session.flush()
    if organisation is not None and _alone_and_pending(organisation):
        detail["organisation_removed"] = True
        db.session.execute(
            delete(OrganisationInvitation).where(OrganisationInvitation.organisation_id == organisation.id)
        )
        db.session.delete(organisation)
        db.session.flush()
    audit.record("account.unverified_forgotten", "user", user_id, actor=actor, detail=detail)


def _detach(user_id: int) -> None:
    """Remove or clear every row that refers to the user (none of them can matter for
    someone who never got in, except the audit trail, which stays without the actor)."""
    for model in (LegalAcceptance, Notification, NotificationPreference, DigestMark, LoginSession, RecoveryCode):
        db.session.execute(delete(model).where(model.user_id == user_id))
    db.session.execute(update(AuditRecord).where(AuditRecord.actor_id == user_id).values(actor_id=None))
    db.session.execute(update(SuggestionFeedback).where(SuggestionFeedback.user_id == user_id).values(user_id=None))
    db.session.execute(
        update(OrganisationInvitation)
        .where(OrganisationInvitation.accepted_user_id == user_id)
        .values(accepted_user_id=None)
    )


def _alone_and_pending(organisation: Organisation) -> bool:
    if organisation.status is not OrganisationStatus.PENDING:
        return False
    others = db.session.scalar(select(func.count(User.id)).where(User.organisation_id == organisation.id))
    return not others


def purge_unverified() -> int:
    """Forget every account left unverified for longer than EMAIL_VERIFICATION_MAX_AGE
    (its link has expired); returns how many. Commits."""
    cutoff = utcnow() - current_app.config["EMAIL_VERIFICATION_MAX_AGE"]
    stale = db.session.scalars(
        select(User).where(
            User.role == Role.MEMBER,
            User.email_verified_at.is_(None),
            User.last_login_at.is_(None),
            User.created_at < cutoff,
        )
    ).all()
    for user in stale:
        forget_unverified(user)
    db.session.commit()
    return len(stale)


@huey.periodic_task(crontab(minute="41"))
@in_app_context
def purge_unverified_accounts() -> int:
    """Every hour: unverified accounts past their link's lifetime (purge_unverified)."""
    return purge_unverified()

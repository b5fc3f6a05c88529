"""Unverified accounts do not keep their address (review of #13, finding 4): they are
forgotten after EMAIL_VERIFICATION_MAX_AGE by a periodic task, with an audit record that
keeps the address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hackplat.accounts.purge import forget_unverified, purge_unverified, purge_unverified_accounts
from hackplat.extensions import db
from hackplat.models import AuditRecord, LegalAcceptance, Organisation, Role, User, utcnow
from tests.accounts.test_verification import FORM


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _age(user: User, days: int) -> None:
    user.created_at = utcnow() - timedelta(days=days)
    db.session.commit()


def test_an_unverified_registration_is_purged_after_the_links_lifetime(client, smtp_sink) -> None:
    assert client.submit("/register", FORM).status_code == 302
    member = db.session.scalar(select(User))
    assert purge_unverified() == 0  # still within its link's lifetime
    _age(member, 4)  # EMAIL_VERIFICATION_MAX_AGE is 3 days
    assert purge_unverified_accounts.call_local() == 1  # the periodic task
    assert count(User) == count(Organisation) == 0
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "account.unverified_forgotten"))
    assert record.detail["email"] == FORM["email"]
    assert record.detail["organisation"]["name"] == FORM["name"]
    assert record.detail["organisation_removed"] is True
    # the audit trail of the registration stays, without the actor
    assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "organisation.registered")) is not None
    # the address is free: a new registration creates a new account
    assert client.submit("/register", FORM).status_code == 302
    assert count(User) == 1


def test_verified_and_signed_in_people_are_never_purged(make_user) -> None:
    user = make_user(Role.MEMBER)
    _age(user, 30)
    assert purge_unverified() == 0
    user.email_verified_at = None
    user.last_login_at = utcnow()  # got in once (e.g. created before verification existed)
    db.session.commit()
    assert purge_unverified() == 0
    with pytest.raises(ValueError, match="never got in"):
        forget_unverified(user)
    assert count(User) == 1


def test_an_organisation_with_another_member_stays(client, smtp_sink, make_user) -> None:
    assert client.submit("/register", FORM).status_code == 302
    member = db.session.scalar(select(User))
    organisation = member.organisation
    other = make_user(Role.MEMBER, organisation=organisation)
    _age(member, 4)
    assert purge_unverified() == 1
    assert db.session.get(Organisation, organisation.id) is not None
    assert db.session.get(User, other.id) is not None
    assert count(LegalAcceptance) == 0  # the forgotten member's acceptances went with them

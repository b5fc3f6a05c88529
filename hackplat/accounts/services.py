"""Registration and sign-in: the rules, the audit records, no HTTP."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from hackplat import audit
from hackplat.accounts.passwords import hash_password, password_problem, verify_password
from hackplat.accounts.sessions import end_session, may_sign_in, start_session
from hackplat.accounts.throttle import FAILED, is_throttled
from hackplat.concurrency import flush_or_refuse
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.models import Organisation, OrganisationKind, OrganisationStatus, Role, User, utcnow
from hackplat.organisations.notices import tell_registered


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against when the account does not exist, so that the answer takes
    as long as for a real account and does not tell which emails are registered."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class SignInOutcome:
    """The result of a sign-in attempt; the view commits either way (failures are audited)."""

    user: User | None
    message: str | None = None
    status: int = 200


def sign_in(email: str, password: str) -> SignInOutcome:
    email = normalise_email(email)
    if is_throttled(email, audit.client_ip()):
        audit.record("auth.login_throttled", "login", email, actor=None)
        message = _(
            "サインインの失敗が続いたため、一時的に受け付けを停止しています。15分ほど待ってからもう一度お試しください。"
        )
        return SignInOutcome(None, message, 429)
    user = db.session.scalar(select(User).where(User.email == email))
    known_hash = user.password_hash if user else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    password_ok = verify_password(known_hash, password)
    if user is None or not password_ok:
        audit.record(FAILED, "login", email, actor=user)
        return SignInOutcome(None, _("メールアドレスまたはパスワードが正しくありません。"), 401)
    if not may_sign_in(user):
        audit.record("auth.login_refused", "login", email, actor=user)
        return SignInOutcome(None, _refusal_message(user), 403)
    start_session(user)
    user.last_login_at = utcnow()
    audit.record("auth.login", "user", user.id, actor=user)
    return SignInOutcome(user)


def _refusal_message(user: User) -> str:
    organisation = user.organisation
    if not user.active:
        return _("このアカウントは利用停止中です。事務局にお問い合わせください。")
    if organisation is not None and organisation.status is OrganisationStatus.PENDING:
        return _("組織の登録は承認待ちです。事務局が承認するとサインインできます。")
    return _("組織の登録は承認されませんでした。詳しくは事務局にお問い合わせください。")


def sign_out(user: User) -> None:
    end_session(user)
    audit.record("auth.logout", "user", user.id, actor=user)


@dataclass(frozen=True)
class Registration:
    """What an organisation enters to register itself with its first member."""

    kind: OrganisationKind
    name: str
    corporate_number: str | None
    is_startup: bool
    profile: str
    contact_name: str
    email: str
    password: str


def email_taken() -> InvalidInput:
    return InvalidInput(_("このメールアドレスは既に登録されています。"), field="email")


def _number_taken() -> InvalidInput:
    return InvalidInput(_("この法人番号の組織は既に登録されています。"), field="corporate_number")


def register_organisation(data: Registration) -> Organisation:
    """Create a pending organisation and its first member; a coordinator decides later."""
    email = normalise_email(data.email)
    problem = password_problem(data.password, user_inputs=[email, data.name, data.contact_name])
    if problem:
        raise InvalidInput(problem, field="password")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise email_taken()
    if data.corporate_number and db.session.scalar(
        select(Organisation.id).where(Organisation.corporate_number == data.corporate_number)
    ):
        raise _number_taken()
    organisation = Organisation(
        kind=data.kind,
        name=data.name.strip(),
        corporate_number=data.corporate_number or None,
        is_startup=data.is_startup,
        profile=data.profile.strip(),
        status=OrganisationStatus.PENDING,
    )
    member = User(
        email=email,
        name=data.contact_name.strip(),
        password_hash=hash_password(data.password),
        role=Role.MEMBER,
        organisation=organisation,
    )
    db.session.add_all([organisation, member])
    flush_or_refuse({"corporate_number": _number_taken(), "email": email_taken()})  # a parallel registration
    audit.record("organisation.registered", "organisation", organisation.id, actor=None, detail={"email": email})
    tell_registered(organisation)
    return organisation

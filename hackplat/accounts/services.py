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
from hackplat.accounts import throttle
from hackplat.accounts.passwords import hash_password, password_problem, verify_password
from hackplat.accounts.sessions import end_session, may_sign_in, start_session
from hackplat.concurrency import flush_or_refuse
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.models import Organisation, OrganisationKind, OrganisationStatus, Role, User, utcnow
from hackplat.startups.founding import checked_founded_year


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against when the account does not exist, so that the answer takes
    as long as for a real account and does not tell which emails are registered."""
    return generate_password_hash(secrets.token_hex(16), method=method)


#: The longest address (RFC 5321), and the width of every column that holds one.
MAX_EMAIL_LENGTH = 254


def invalid_email() -> InvalidInput:
    return InvalidInput(_("メールアドレスの形式が正しくありません。"), field="email")


def normalise_email(email: str) -> str:
    """The address as stored and compared. ``.lower()`` can make it longer (U+0130 'İ'
    becomes two characters), so one longer than an address can be is refused as invalid
    here, before it reaches a column of 254 characters (review of #13, finding 7: a 500
    on PostgreSQL); the forms check the same first (accounts/forms.email_fits)."""
    normalised = email.strip().lower()
    if len(normalised) > MAX_EMAIL_LENGTH:
        raise invalid_email()
    return normalised


@dataclass(frozen=True)
class SignInOutcome:
    """The result of a sign-in attempt; the view commits either way (failures are audited)."""

    user: User | None
    message: str | None = None
    status: int = 200
    #: The password was right and the account has TOTP: not signed in until the code.
    second_factor: bool = False
    #: Refused because the address is not verified yet (the page offers a new link).
    unverified: bool = False


FAILED = "auth.login_failed"


def sign_in(email: str, password: str) -> SignInOutcome:
    email = normalise_email(email)
    refusal = throttle.sign_in_refusal(email)
    if refusal:
        audit.record("auth.login_throttled", "login", email, actor=None)
        return SignInOutcome(None, refusal, 429)
    user = db.session.scalar(select(User).where(User.email == email))
    known_hash = user.password_hash if user else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    password_ok = verify_password(known_hash, password)
    if user is None or not password_ok:
        throttle.sign_in_failed(email, user)
        audit.record(FAILED, "login", email, actor=user)
        return SignInOutcome(None, _("メールアドレスまたはパスワードが正しくありません。"), 401)
    throttle.sign_in_succeeded(email)
    if throttle.is_locked(user):  # said only to whoever knows the password: no oracle
        return _locked(user)
    if not may_sign_in(user):
        audit.record("auth.login_refused", "login", email, actor=user)
        return SignInOutcome(None, _refusal_message(user), 403, unverified=user.email_verified_at is None)
    if user.totp_enabled_at is not None:
        audit.record("auth.password_accepted", "user", user.id, actor=user)
        return SignInOutcome(user, second_factor=True)
    complete_sign_in(user)
    return SignInOutcome(user)


def _locked(user: User) -> SignInOutcome:
    audit.record("auth.login_locked", "login", user.email, actor=user)
    message = _(
        "このアカウントはサインインの失敗が続いたため、一時的にロックされています（%(wait)sほどで自動的に解除されます）。"
        "パスワード再設定のメールでロックを解除できます。",
        wait=throttle.wait_text(throttle.lock_left(user)),
    )
    return SignInOutcome(None, message, 403)


def complete_sign_in(user: User, *, second_factor: str | None = None) -> None:
    """Open the session: after the password, and for a TOTP user after the code too."""
    start_session(user)
    user.last_login_at = utcnow()
    audit.record(
        "auth.login", "user", user.id, actor=user, detail={"second_factor": second_factor} if second_factor else None
    )


def _refusal_message(user: User) -> str:
    organisation = user.organisation
    if user.active and user.email_verified_at is None:  # hackplat/accounts/verification.py
        return _("メールアドレスの確認が済んでいません。登録時にお送りしたメールのリンクを開いてください。")
    if user.role is Role.MEMBER and user.joined_at is None:  # a join request (hackplat/organisations/colleagues.py)
        if user.active:
            return _("組織への参加申請は承認待ちです。組織のメンバーが承認するとサインインできます。")
        return _("組織への参加申請は承認されませんでした。詳しくは組織の担当者にお問い合わせください。")
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
    founded_year: int | None = None  # required of startups (startups/founding.py)


def email_taken() -> InvalidInput:
    return InvalidInput(_("このメールアドレスは既に登録されています。"), field="email")


def _number_taken() -> InvalidInput:
    return InvalidInput(_("この法人番号の組織は既に登録されています。"), field="corporate_number")


def register_organisation(data: Registration, *, password_checked: bool = False) -> Organisation:
    """Create a pending organisation and its first member; a coordinator decides later,
    told once the member's address is proved (verification.verify; the demo and the
    tests call it there). ``password_checked``: the caller scored the password already
    (verification.register: once per registration, review of #13 finding 6)."""
    email = normalise_email(data.email)
    problem = (
        None if password_checked else password_problem(data.password, user_inputs=[email, data.name, data.contact_name])
    )
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
        founded_year=checked_founded_year(data.is_startup, data.founded_year),
        profile=data.profile.strip(),
        status=OrganisationStatus.PENDING,
    )
    member = User(
        email=email,
        name=data.contact_name.strip(),
        password_hash=hash_password(data.password),
        role=Role.MEMBER,
        organisation=organisation,
        joined_at=utcnow(),  # its first member; the organisation's approval lets them in
    )
    db.session.add_all([organisation, member])
    flush_or_refuse({"corporate_number": _number_taken(), "email": email_taken()})  # a parallel registration
    audit.record("organisation.registered", "organisation", organisation.id, actor=None, detail={"email": email})
    return organisation

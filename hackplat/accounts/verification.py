"""E-mail verification, and a registration that answers the same for a known address.

A new registration mails a signed link (tokens.verification_token); sign-in is refused
until it was opened (sessions.may_sign_in), and the sign-in page then offers to send it
again. The coordinator's approval of the organisation stays: a member signs in once both
the address is verified and the organisation approved.

Registering with an address that already has an account gives the same page and status
as a new one, after the same password check and hashing work; the address's owner gets a
mail saying so, with the way to reset the password (or, if that account never verified
its address, a new verification link).

Accounts an administrator creates (staff, coordinators, admins) count as verified: the
administrator enters an address of the city's own organisation for a colleague they
know, and the person must change the initial password at the first sign-in
(admin/services.create_city_user), which a wrong address could not do anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.accounts.mail import queue_account_mail
from hackplat.accounts.passwords import hash_password, password_problem
from hackplat.accounts.recovery import count_mail_request
from hackplat.accounts.services import Registration, _number_taken, normalise_email, register_organisation
from hackplat.accounts.tokens import verification_token
from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.models import LegalDocument, Organisation, User, utcnow
from hackplat.notifications.services import NOTIFICATION_LOCALE


def send_verification(user: User) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("メールアドレスの確認")
        days = current_app.config["EMAIL_VERIFICATION_MAX_AGE"].days or 1
        body = _(
            "%(name)s 様\n\n参加登録ありがとうございます。次のリンクを開いて、メールアドレスを確認してください。"
            "リンクの有効期限は%(days)d日です。",
            name=user.name,
            days=days,
        )
    queue_account_mail(user.email, subject, body, link_path=url_for("recovery.verify", token=verification_token(user)))


def _tell_owner(user: User) -> None:
    if user.email_verified_at is None:
        send_verification(user)
        return
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("参加登録の申請について")
        body = _(
            "%(name)s 様\n\nこのメールアドレスで参加登録の申請がありましたが、このアドレスのアカウントは既に登録されています。"
            "ご自身の申請でパスワードをお忘れの場合は、次のページから再設定できます。",
            name=user.name,
        )
    queue_account_mail(user.email, subject, body, link_path=url_for("recovery.forgot"))


def before_registering(email: str, *, accepted: bool, documents: Sequence[LegalDocument]) -> None:
    """The current terms and privacy policy must be accepted (when there are any); then
    the try is counted per address and per client (recovery.count_mail_request)."""
    if documents and not accepted:
        raise InvalidInput(_("利用規約とプライバシーポリシーへの同意が必要です。"), field="accept_legal")
    count_mail_request(email)


def register(data: Registration, documents: Sequence[LegalDocument]) -> None:
    """Register an organisation and its first member (who accepted ``documents``), or,
    for an address already registered, tell its owner; the caller answers the same."""
    email = normalise_email(data.email)
    problem = password_problem(data.password, user_inputs=[email, data.name, data.contact_name])
    if problem:
        raise InvalidInput(problem, field="password")
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is None:
        try:
            organisation = register_organisation(data)
        except InvalidInput as refusal:
            if refusal.field != "email":
                raise
            db.session.rollback()  # a parallel registration took the address meanwhile
            existing = db.session.scalar(select(User).where(User.email == email))
        else:
            member = organisation.members[0]
            from hackplat.legal.services import record_acceptances

            record_acceptances(member, documents)
            send_verification(member)
            return
    _refuse_as_a_new_registration_would(data)
    hash_password(data.password)  # the work a new registration does, so both take as long
    if existing is not None:
        audit.record("auth.registration_for_known_email", "user", existing.id, actor=None)
        _tell_owner(existing)


def _refuse_as_a_new_registration_would(data: Registration) -> None:
    """A known address with a 法人番号 already registered must get the answer an unknown
    address gets with it, or the pair would tell whether the address is registered.
    (Colleagues, #13 item 3: if a known 法人番号 becomes a join request, answer alike here.)"""
    if data.corporate_number and db.session.scalar(
        select(Organisation.id).where(Organisation.corporate_number == data.corporate_number)
    ):
        raise _number_taken()


def verify(user: User) -> bool:
    """Mark the address proved (by a valid link); False when it already was."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = utcnow()
    audit.record("auth.email_verified", "user", user.id, actor=user)
    from hackplat.organisations.colleagues import tell_members_of_request  # it imports this module

    tell_members_of_request(user)  # a join request reaches the members only now
    return True


def resend(email: str) -> None:
    """A new verification link, if ``email`` is an account that has not verified yet;
    the caller answers the same whatever the address."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    audit.record("auth.verification_requested", "login", email, actor=user)
    if user is not None and user.email_verified_at is None:
        send_verification(user)

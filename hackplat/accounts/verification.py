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

A password chosen before the address was proved must not survive its verification by
someone else (account pre-hijacking, security review of #13 finding 4). Anyone can
register, or ask to join, with another person's address and a password of their own; if
the address's owner then opened the mailed link, the account would be verified with a
password the other person knows. So the link's page asks for the account's password and
verifies only with it (``confirm``): the person who registered has it; an owner who did
not register cannot complete the step, is told to do nothing, and may take the account
by a reset by mail, which replaces the password. This was chosen over setting the
password only at verification because the registration and the join request keep their
one form and the sign-in's rules stay as they are, while the result is the same: no
account becomes usable with a password whose author did not prove the address.

Unverified accounts do not keep the address either: a new registration for it replaces
the unverified account (``register``), and the periodic job of accounts/purge.py
forgets it once ``EMAIL_VERIFICATION_MAX_AGE`` has passed. The coordinators hear of a
registration (and the members of a join request) only once the address is proved
(``verify``), so that nobody is told of a registration made with someone else's
address, and the registration's answer does not wait on that work (finding 6: the new
and the known address do the same work within the request: one password score, one
hash, a few rows, one mail queued for after the answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.accounts.mail import queue_account_mail
from hackplat.accounts.passwords import hash_password, password_problem, verify_password
from hackplat.accounts.purge import forget_unverified, is_forgettable
from hackplat.accounts.recovery import count_mail_request, too_many_mails
from hackplat.accounts.services import Registration, _number_taken, normalise_email, register_organisation
from hackplat.accounts.throttle import Limit, take
from hackplat.accounts.tokens import verification_token
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.models import LegalDocument, Organisation, OrganisationStatus, User, utcnow
from hackplat.notifications.services import NOTIFICATION_LOCALE
from hackplat.organisations.notices import tell_registered


def send_verification(user: User) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("メールアドレスの確認")
        days = current_app.config["EMAIL_VERIFICATION_MAX_AGE"].days or 1
        organisation = user.organisation.name if user.organisation is not None else ""
        body = _(
            "%(name)s 様\n\n%(organisation)s の参加登録（または参加申請）が、このメールアドレスで行われました。"
            "ご自身の申請であれば、次のリンクを開き、登録のときに決めたパスワードを入力して、メールアドレスを確認してください。"
            "リンクの有効期限は%(days)d日です。\n\n"
            "心当たりがない場合は、何もしないでください。確認されない登録は%(days)d日後に削除されます。",
            name=user.name,
            organisation=organisation,
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


def before_registering(
    email: str, *, accepted: bool, documents: Sequence[LegalDocument], shown: set[int] | None = None
) -> None:
    """The current terms and privacy policy must be accepted (when there are any), in the
    versions the page showed (``shown``, when the form sends them: a version published
    meanwhile is refused, 409, as at /legal/accept; review of #13 finding 13); then the
    try is counted per address and per client (recovery.count_mail_request)."""
    if documents and not accepted:
        raise InvalidInput(_("利用規約とプライバシーポリシーへの同意が必要です。"), field="accept_legal")
    if documents and shown is not None and shown != {document.id for document in documents}:
        raise Conflict(_("表示した後に内容が更新されました。最新の内容を確認して、もう一度同意してください。"))
    count_mail_request(email)


def register(data: Registration, documents: Sequence[LegalDocument]) -> None:
    """Register an organisation and its first member (who accepted ``documents``), or,
    for an address already registered, tell its owner; the caller answers the same. An
    unverified account at the address is replaced (accounts/purge.py)."""
    email = normalise_email(data.email)
    problem = password_problem(data.password, user_inputs=[email, data.name, data.contact_name])
    if problem:  # scored once, here, for both paths (register_organisation is told so)
        raise InvalidInput(problem, field="password")
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is not None and existing.email_verified_at is None and is_forgettable(existing):
        forget_unverified(existing, reason="replaced by a new registration")
        existing = None
    if existing is None:
        try:
            organisation = register_organisation(data, password_checked=True)
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
    organisation = user.organisation
    if organisation is not None and organisation.status is OrganisationStatus.PENDING and user.joined_at is not None:
        tell_registered(organisation)  # its first member: the coordinators decide now
    from hackplat.organisations.colleagues import tell_members_of_request  # it imports this module

    tell_members_of_request(user)  # a join request reaches the members only now
    return True


#: Tries of the password on the verification link's page, per account.
CONFIRM_TRIES = Limit(free=10, window=timedelta(hours=1))


def confirm(user: User, password: str) -> bool:
    """The verification link's page: verify only with the account's password, so that
    the owner of an address someone else registered cannot verify that person's
    account by a click (see the module's docstring). False when already verified."""
    if not take(f"verify-password:{user.id}", CONFIRM_TRIES).allowed:
        raise too_many_mails()
    if not verify_password(user.password_hash, password):
        audit.record("auth.verification_password_wrong", "user", user.id, actor=None)
        raise InvalidInput(
            _(
                "パスワードが登録のときのものと一致しません。ご自身で登録していない場合は、何もしないでください。"
                "ご自身の登録でパスワードを忘れた場合は、パスワードの再設定から新しいパスワードを設定できます。"
            ),
            field="password",
        )
    return verify(user)


def resend(email: str) -> None:
    """A new verification link, if ``email`` is an account that has not verified yet;
    the caller answers the same whatever the address."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    audit.record("auth.verification_requested", "login", email, actor=user)
    if user is not None and user.email_verified_at is None:
        if user.created_at < utcnow() - current_app.config["EMAIL_VERIFICATION_MAX_AGE"] and is_forgettable(user):
            forget_unverified(user)  # expired, not yet purged: the address is free again
        else:
            send_verification(user)

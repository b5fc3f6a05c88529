"""An organisation's people: a member invites a colleague by e-mail, someone who
registers with a 法人番号 already known asks to join and a member decides, a member
leaves. The rules and the audit records; no HTTP.

An invitation is a row (``OrganisationInvitation``) and a mailed link signed with its own
salt that names the row and expires after ``INVITATION_DAYS``; the row makes it single-use
(accepted) and revocable. A join request is a ``User`` of the organisation with
``joined_at`` None, who cannot sign in (``accounts.sessions.may_sign_in``) until a member
approves. A member who leaves is deactivated (the membership is the account), all their
sign-in sessions ended; the organisation's last active member cannot leave.

A join request reaches the members only once its address is proved (the verification
link); an unproved one expires like an unverified registration (accounts/purge.py). A
declined request is forgotten (purge.forget_unverified): the address is free again for a
registration, an invitation or a new request, and the audit trail keeps who asked, with
which address, and who declined. The person is told so by mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, CursorResult, Executable, func, select, update
from sqlalchemy.exc import IntegrityError

from hackplat import audit
from hackplat.accounts.mail import queue_account_mail
from hackplat.accounts.passwords import hash_password, password_problem
from hackplat.accounts.purge import forget_unverified, is_forgettable
from hackplat.accounts.services import normalise_email
from hackplat.accounts.verification import send_verification
from hackplat.concurrency import stale_edit
from hackplat.errors import Conflict, InvalidInput, NotFound, TooManyAttempts
from hackplat.extensions import db
from hackplat.legal.services import record_acceptances
from hackplat.models import (
    LegalDocument,
    LoginSession,
    Organisation,
    OrganisationInvitation,
    OrganisationStatus,
    Role,
    User,
    utcnow,
)
from hackplat.notifications.services import NOTIFICATION_LOCALE, notify
from hackplat.permissions import can_manage_colleagues, can_view_colleagues, require

INVITATION_SALT = "colleague-invitation"
INVITATION_DAYS = 14
#: Invitations one member may send in 24 hours (a plain count: this stops a member's
#: account from becoming a mail cannon, it is not a security boundary against races).
INVITATIONS_PER_DAY = 20


def _rows_changed(statement: Executable) -> int:
    """Run an UPDATE; how many rows it changed (a conditional statement's verdict)."""
    # An UPDATE's result is a CursorResult (it has the rowcount); Session.execute says Result.
    return int(cast("CursorResult[Any]", db.session.execute(statement)).rowcount)


# --- who belongs -------------------------------------------------------------------------


def _joined_members(organisation_id: int) -> ColumnElement[bool]:
    """The organisation's active members who have joined (not a waiting join request)."""
    return (
        (User.organisation_id == organisation_id)
        & (User.role == Role.MEMBER)
        & User.active.is_(True)
        & User.joined_at.is_not(None)
    )


def _waiting_requests(organisation_id: int) -> ColumnElement[bool]:
    """Join requests the members see and decide: only once the requester proved the
    address (an unproved one expires with the unverified accounts, accounts/purge.py)."""
    return (
        (User.organisation_id == organisation_id)
        & (User.role == Role.MEMBER)
        & User.active.is_(True)
        & User.joined_at.is_(None)
        & User.email_verified_at.is_not(None)
    )


def _open_invitations(organisation_id: int) -> ColumnElement[bool]:
    since = utcnow() - timedelta(days=INVITATION_DAYS)
    return (
        (OrganisationInvitation.organisation_id == organisation_id)
        & OrganisationInvitation.accepted_at.is_(None)
        & OrganisationInvitation.revoked_at.is_(None)
        & (OrganisationInvitation.created_at > since)
    )


@dataclass(frozen=True)
class Overview:
    """The member section of an organisation's page; invitations and join requests only
    for its own members (the office sees who the members are)."""

    members: list[User]
    invitations: list[OrganisationInvitation] = field(default_factory=list)
    join_requests: list[User] = field(default_factory=list)
    invitation_days: int = INVITATION_DAYS


def overview(organisation: Organisation, actor: User) -> Overview:
    require(can_view_colleagues(actor, organisation))
    members = list(db.session.scalars(select(User).where(_joined_members(organisation.id)).order_by(User.id)))
    if not can_manage_colleagues(actor, organisation):
        return Overview(members)
    invitations = db.session.scalars(
        select(OrganisationInvitation)
        .where(_open_invitations(organisation.id))
        .order_by(OrganisationInvitation.created_at.desc(), OrganisationInvitation.id.desc())
    )
    requests = db.session.scalars(select(User).where(_waiting_requests(organisation.id)).order_by(User.id))
    return Overview(members, list(invitations), list(requests))


# --- invitations -------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)


def invitation_path(invitation: OrganisationInvitation) -> str:
    return f"/invitation/{_serializer().dumps(invitation.id)}"


def _email_registered(email: str) -> bool:
    return db.session.scalar(select(User.id).where(User.email == email)) is not None


def _refuse_own_people(organisation: Organisation, email: str) -> None:
    """An address of the organisation's own members or waiting requests is refused as
    such: the inviting member sees them in the 「メンバー」 section anyway. Any other
    registered address is invited like a new one (see ``invite``)."""
    own = db.session.scalar(
        select(User).where(User.email == email, _joined_members(organisation.id) | _waiting_requests(organisation.id))
    )
    if own is None:
        return
    if own.joined_at is None:
        message = _("このメールアドレスからは参加申請が届いています。「メンバー」の参加申請から承認してください。")
    else:
        message = _("このメールアドレスの方は既にこの組織のメンバーです。")
    raise InvalidInput(message, field="email")


def _check_invitation(organisation: Organisation, email: str, actor: User) -> None:
    if organisation.status is not OrganisationStatus.APPROVED:
        raise Conflict(_("承認された組織だけが同僚を招待できます。"))
    _refuse_own_people(organisation, email)
    invited = select(OrganisationInvitation.id).where(
        _open_invitations(organisation.id), OrganisationInvitation.email == email
    )
    if db.session.scalar(invited) is not None:
        raise InvalidInput(
            _("このメールアドレスには招待を送信済みです。送り直すには、その招待を取り消してから招待してください。"),
            field="email",
        )
    sent_today = select(func.count(OrganisationInvitation.id)).where(
        OrganisationInvitation.invited_by_id == actor.id,
        OrganisationInvitation.created_at > utcnow() - timedelta(days=1),
    )
    if (db.session.scalar(sent_today) or 0) >= INVITATIONS_PER_DAY:
        raise TooManyAttempts(
            _("招待は1人1日%(n)d件までです。時間をおいてからもう一度お試しください。", n=INVITATIONS_PER_DAY)
        )


def invite(organisation: Organisation, email: str, *, actor: User) -> OrganisationInvitation:
    """Invite a colleague: a row, and a mail with the signed link once the request succeeded.

    An address registered elsewhere (another organisation, the city, a former account)
    is answered, listed and counted exactly like a new one, so that a member cannot use
    this form to learn whether an address has an account (security review of #13,
    finding 12); its owner gets a note instead of the link, and the row can never be
    accepted (``_require_usable`` refuses a registered address)."""
    require(can_manage_colleagues(actor, organisation))
    email = normalise_email(email)
    _check_invitation(organisation, email, actor)
    invitation = OrganisationInvitation(organisation=organisation, email=email, invited_by=actor)
    db.session.add(invitation)
    db.session.flush()
    known = _email_registered(email)
    audit.record(
        "colleague.invited",
        "organisation_invitation",
        invitation.id,
        actor=actor,
        detail={"organisation_id": organisation.id, "email": email, "registered_elsewhere": known},
    )
    if known:
        _tell_registered_invitee(organisation, email, actor)
        return invitation
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("%(organisation)s から hackplat への招待が届きました", organisation=organisation.name)
        body = _(
            "%(name)s さんが、あなたを %(organisation)s のメンバーとして hackplat（横浜オープンイノベーション）に"
            "招待しました。次のリンクを開いて、お名前とパスワードを設定してください。リンクの有効期限は%(days)d日間で、"
            "一度だけ使えます。",
            name=actor.name,
            organisation=organisation.name,
            days=INVITATION_DAYS,
        )
    queue_account_mail(email, subject, body, link_path=invitation_path(invitation))
    return invitation


def _tell_registered_invitee(organisation: Organisation, email: str, actor: User) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("%(organisation)s から hackplat への招待が届きました", organisation=organisation.name)
        body = _(
            "%(organisation)s の %(name)s さんが、あなたを同組織のメンバーとして hackplat（横浜オープンイノベーション）に"
            "招待しましたが、このメールアドレスのアカウントは既に登録されています。ご自身のアカウントでサインインしてください。"
            "所属する組織を移りたい場合は、事務局にお問い合わせください。",
            name=actor.name,
            organisation=organisation.name,
        )
    queue_account_mail(email, subject, body, link_path="/login")


def invitation_from_token(token: str) -> OrganisationInvitation:
    """The invitation the link names, if it may still be used; otherwise a refusal that
    says why (wrong link, expired, taken back, already used, address now registered)."""
    try:
        invitation_id = _serializer().loads(token, max_age=INVITATION_DAYS * 24 * 3600)
    except SignatureExpired as error:
        raise Conflict(
            _(
                "この招待リンクは有効期限（%(days)d日）が切れています。招待した方に、もう一度招待してもらってください。",
                days=INVITATION_DAYS,
            )
        ) from error
    except (BadSignature, UnicodeError, ValueError) as error:  # SignatureExpired was taken above
        raise NotFound(_("招待リンクが正しくありません。メールに記載されたリンクをそのまま開いてください。")) from error
    invitation = db.session.get(OrganisationInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None:
        raise NotFound(_("招待リンクが正しくありません。メールに記載されたリンクをそのまま開いてください。"))
    _require_usable(invitation)
    return invitation


def _require_usable(invitation: OrganisationInvitation) -> None:
    if invitation.accepted_at is not None:
        raise Conflict(
            _("この招待リンクは既に使われています。設定したメールアドレスとパスワードでサインインしてください。")
        )
    if invitation.revoked_at is not None:
        raise Conflict(_("この招待は取り消されました。詳しくは招待した方にお問い合わせください。"))
    if _email_registered(invitation.email):
        raise Conflict(_("このメールアドレスは既に登録されています。そのアカウントでサインインしてください。"))
    if not invitation.invited_by.active or invitation.organisation.status is not OrganisationStatus.APPROVED:
        raise Conflict(
            _("この招待は使えなくなりました。参加を希望する場合は、組織のメンバーにもう一度招待してもらってください。")
        )


def require_acceptance(accepted: bool, documents: Sequence[LegalDocument]) -> None:
    """The current terms and privacy policy must be accepted, when there are any."""
    if documents and not accepted:
        raise InvalidInput(_("利用規約とプライバシーポリシーへの同意が必要です。"), field="accept_legal")


def accept_invitation(
    invitation: OrganisationInvitation, name: str, password: str, documents: Sequence[LegalDocument] = ()
) -> User:
    """The colleague's account: a member since now, the address proved by the link, the
    ``documents`` shown accepted."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("入力してください。"), field="name")
    problem = password_problem(password, user_inputs=[invitation.email, name, invitation.organisation.name])
    if problem:
        raise InvalidInput(problem, field="password")
    now = utcnow()
    user = User(
        email=invitation.email,
        name=name,
        password_hash=hash_password(password),
        role=Role.MEMBER,
        organisation_id=invitation.organisation_id,
        joined_at=now,
        email_verified_at=now,
        password_changed_at=now,
    )
    used = Conflict(
        _("この招待リンクは既に使われています。設定したメールアドレスとパスワードでサインインしてください。")
    )
    if not _added(user):  # the address was registered by a parallel request
        raise used
    taken = _rows_changed(
        update(OrganisationInvitation)
        .where(
            OrganisationInvitation.id == invitation.id,
            OrganisationInvitation.accepted_at.is_(None),
            OrganisationInvitation.revoked_at.is_(None),
        )
        .values(accepted_at=now, accepted_user_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if taken != 1:  # used or revoked since the page was opened
        raise used
    db.session.expire(invitation)
    record_acceptances(user, documents)
    audit.record(
        "colleague.invitation_accepted",
        "organisation_invitation",
        invitation.id,
        actor=user,
        detail={"organisation_id": user.organisation_id, "user_id": user.id},
    )
    return user


def revoke_invitation(invitation: OrganisationInvitation, *, actor: User) -> None:
    require(can_manage_colleagues(actor, invitation.organisation))
    revoked = _rows_changed(
        update(OrganisationInvitation)
        .where(
            OrganisationInvitation.id == invitation.id,
            OrganisationInvitation.accepted_at.is_(None),
            OrganisationInvitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if revoked != 1:
        raise Conflict(_("この招待は既に使われたか、取り消されています。"))
    db.session.expire(invitation)
    audit.record("colleague.invitation_revoked", "organisation_invitation", invitation.id, actor=actor)


def revoke_invitations_of(inviter: User, *, actor: User | None, reason: str) -> int:
    """Take back every invitation ``inviter`` sent that is still open, because they left
    or were deactivated: someone on the way out must not get back in by a link they sent
    themselves (security review of #13, finding 3). Each is audited; returns how many."""
    revoked = db.session.scalars(
        update(OrganisationInvitation)
        .where(
            OrganisationInvitation.invited_by_id == inviter.id,
            OrganisationInvitation.accepted_at.is_(None),
            OrganisationInvitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .returning(OrganisationInvitation.id)
        .execution_options(synchronize_session=False)
    ).all()
    for invitation_id in revoked:
        audit.record("colleague.invitation_revoked", "organisation_invitation", invitation_id, actor=actor,
                     detail={"reason": reason, "invited_by_id": inviter.id})  # fmt: skip
    return len(revoked)


# --- join requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class JoinRequest:
    """What someone enters to ask to join an organisation registered with a 法人番号."""

    corporate_number: str
    name: str
    email: str
    password: str


def _no_such_organisation() -> InvalidInput:
    return InvalidInput(
        _(
            "この法人番号で参加を申請できる組織はありません。組織として新しく登録する場合は、参加登録のページから申請してください。"
        ),
        field="corporate_number",
    )


def request_to_join(data: JoinRequest, documents: Sequence[LegalDocument] = ()) -> None:
    """A waiting member of the organisation, its members told. The answer is the same
    whether the address is new or registered (a registered one gets a mail saying so):
    this page tells nothing the registration page does not, and it says whether a
    法人番号 is known just as the registration page does."""
    email = normalise_email(data.email)
    problem = password_problem(data.password, user_inputs=[email, data.name])
    if problem:
        raise InvalidInput(problem, field="password")
    organisation = db.session.scalar(
        select(Organisation).where(
            Organisation.corporate_number == data.corporate_number,
            Organisation.status.in_([OrganisationStatus.PENDING, OrganisationStatus.APPROVED]),
        )
    )
    if organisation is None:
        raise _no_such_organisation()
    password_hash = hash_password(data.password)  # also for a known address: the same time taken
    requester = User(
        email=email,
        name=data.name.strip(),
        password_hash=password_hash,
        role=Role.MEMBER,
        organisation_id=organisation.id,
        joined_at=None,
    )
    known = _unverified_replaced(email)
    if known or not _added(requester):  # known, or registered by a parallel request
        _tell_known_address(email)
        audit.record("colleague.join_request_known_email", "organisation", organisation.id, actor=None,
                     detail={"email": email})  # fmt: skip
        return
    audit.record(
        "colleague.join_requested",
        "user",
        requester.id,
        actor=None,
        detail={"organisation_id": organisation.id, "email": email},
    )
    record_acceptances(requester, documents)
    send_verification(requester)  # the members are told once it is opened (tell_members_of_request)


def _unverified_replaced(email: str) -> bool:
    """Whether ``email`` is registered, once an unverified account at it is forgotten: an
    address someone else typed does not keep its owner from asking (as registration)."""
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is not None and existing.email_verified_at is None and is_forgettable(existing):
        forget_unverified(existing, reason="replaced by a new join request")
        return False
    return existing is not None


def _added(user: User) -> bool:
    """Insert ``user`` in a savepoint; False when its address was taken meanwhile."""
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        return False
    return True


def _tell_known_address(email: str) -> None:
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("hackplat の組織への参加申請について")
        body = _(
            "このメールアドレスで組織への参加申請がありましたが、このアドレスは既に hackplat に登録されているため、"
            "申請は受け付けていません。ご自身のアカウントでサインインしてください。パスワードがわからない場合は、"
            "サインインのページから再設定できます。"
        )
    queue_account_mail(email, subject, body, link_path="/login")


def tell_members_of_request(requester: User) -> None:
    """Tell the organisation's members of a join request, once its address is proved
    (accounts/verification.verify calls this for every address it marks proved): an
    address typed by someone else never reaches them, and neither does an unproved one
    typed again and again."""
    organisation = requester.organisation
    waiting = requester.role is Role.MEMBER and requester.joined_at is None and requester.active
    if organisation is None or not waiting or requester.email_verified_at is None:
        return
    members = db.session.scalars(select(User).where(_joined_members(organisation.id)))
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("%(name)s さんから %(organisation)s への参加申請が届きました", name=requester.name,
                    organisation=organisation.name)  # fmt: skip
        body = _(
            "組織のページの「メンバー」で、申請者（%(email)s）に心当たりがあれば承認、なければ却下してください。",
            email=requester.email,
        )
    notify(members, "colleague.join_requested", subject, body, link=f"/organisations/{organisation.id}#members")


def _waiting_requester(organisation: Organisation, user_id: int) -> User:
    requester = db.session.scalar(select(User).where(User.id == user_id, _waiting_requests(organisation.id)))
    if requester is None:
        raise Conflict(_("この参加申請は既に承認または却下されています。"))
    return requester


def _decide(organisation: Organisation, user_id: int, actor: User, values: dict[str, object]) -> User:
    require(can_manage_colleagues(actor, organisation))
    requester = _waiting_requester(organisation, user_id)
    decided = _rows_changed(
        update(User)
        .where(User.id == requester.id, _waiting_requests(organisation.id))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if decided != 1:  # another member decided in the meantime
        raise Conflict(_("この参加申請は既に承認または却下されています。"))
    db.session.expire(requester)
    return requester


def approve_join_request(organisation: Organisation, user_id: int, *, actor: User) -> User:
    requester = _decide(organisation, user_id, actor, {"joined_at": utcnow()})
    audit.record("colleague.join_approved", "user", requester.id, actor=actor,
                 detail={"organisation_id": organisation.id})  # fmt: skip
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("%(organisation)s への参加申請が承認されました", organisation=organisation.name)
        body = _("申請したメールアドレスとパスワードでサインインできます。")
    queue_account_mail(requester.email, subject, body, link_path="/login")
    return requester


def decline_join_request(organisation: Organisation, user_id: int, *, actor: User) -> str:
    """Decline, tell the requester, and forget the account: the address is free again
    (registration, an invitation, a new request), while the audit trail keeps who asked,
    with which address, and who declined (security review of #13, finding 4). Returns
    the requester's name."""
    requester = _decide(organisation, user_id, actor, {"active": False})
    email, name = requester.email, requester.name
    audit.record("colleague.join_declined", "user", requester.id, actor=actor,
                 detail={"organisation_id": organisation.id, "email": email, "name": name})  # fmt: skip
    with force_locale(NOTIFICATION_LOCALE):
        subject = _("%(organisation)s への参加申請は承認されませんでした", organisation=organisation.name)
        body = _(
            "組織のメンバーが申請を承認しませんでした。申請とアカウントは削除されました。"
            "心当たりがない場合は、組織の担当者にお問い合わせください。"
        )
    queue_account_mail(email, subject, body)
    forget_unverified(requester, reason="declined", actor=actor)
    return name


# --- leaving -----------------------------------------------------------------------------


def last_member_refusal() -> Conflict:
    return Conflict(
        _(
            "あなたはこの組織の最後のメンバーのため、退会できません。先に同僚を招待するか、"
            "組織の登録をやめる場合は事務局にお問い合わせください。"
        )
    )


def is_last_member(organisation: Organisation, user: User) -> bool:
    others = select(func.count(User.id)).where(_joined_members(organisation.id), User.id != user.id)
    return (db.session.scalar(others) or 0) == 0


def _lock(organisation: Organisation) -> int:
    """Lock the organisation's row (PostgreSQL: a second leave waits here, then counts
    what the first committed) and move its version on with a conditional statement, so
    that two leaves that both counted before either wrote cannot both commit (SQLite,
    which has no row locks). Returns the version seen."""
    seen = db.session.scalar(select(Organisation.version).where(Organisation.id == organisation.id).with_for_update())
    if seen is None:
        raise NotFound(_("お探しのページは見つかりませんでした。"))
    return int(seen)


def leave(organisation: Organisation, *, actor: User) -> None:
    """The member leaves: the account deactivated, every session of it ended."""
    require(can_manage_colleagues(actor, organisation))
    seen = _lock(organisation)
    if is_last_member(organisation, actor):
        raise last_member_refusal()
    moved = _rows_changed(
        update(Organisation)
        .where(Organisation.id == organisation.id, Organisation.version == seen)
        .values(version=seen + 1)
        .execution_options(synchronize_session=False)
    )
    if moved != 1:  # another member left (or the profile changed) since the count
        raise stale_edit()
    db.session.expire(organisation)
    actor.active = False
    now = utcnow()
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == actor.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    revoke_invitations_of(actor, actor=actor, reason="left")
    audit.record("colleague.left", "user", actor.id, actor=actor, detail={"organisation_id": organisation.id})
    db.session.flush()

"""Someone registering with a 法人番号 already known asks to join; a member of that
organisation approves or declines (#13 item 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hackplat.accounts import verification
from hackplat.errors import Conflict, PermissionDenied
from hackplat.extensions import db
from hackplat.legal.services import current_documents, publish_samples
from hackplat.models import (
    AuditRecord,
    LegalAcceptance,
    Notification,
    Organisation,
    OrganisationStatus,
    Role,
    User,
    utcnow,
)
from hackplat.notifications.digests import _alert_readers
from hackplat.notifications.services import notify
from hackplat.organisations import colleagues
from tests.accounts.mail_links import link_path

NUMBER = "9234567890123"  # a valid 法人番号 (check digit 9)
PASSWORD = "Joining-Colleague-Phrase-58"


def numbered(make_user, status: OrganisationStatus = OrganisationStatus.APPROVED) -> User:
    """A member of an organisation registered with NUMBER."""
    member = make_user(Role.MEMBER)
    member.organisation.corporate_number = NUMBER
    member.organisation.status = status
    db.session.commit()
    return member


def ask(
    client, email: str = "jiro@example.jp", number: str = NUMBER, password: str = PASSWORD, name: str = "参加 次郎"
):
    data = {"corporate_number": number, "contact_name": name, "email": email, "password": password,
            "password_confirm": password}  # fmt: skip
    return client.submit("/register/join", data)


def requester(email: str = "jiro@example.jp") -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def verified(user: User) -> User:
    """As the verification link does (accounts/verification.verify)."""
    assert verification.verify(user)
    db.session.commit()
    db.session.refresh(user)
    return user


def test_a_request_waits_and_the_members_are_told_once_the_address_is_proved(client, make_user, smtp_sink) -> None:
    member = numbered(make_user)
    response = ask(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/join/done")
    asked = requester()
    assert asked.organisation_id == member.organisation_id
    assert asked.role is Role.MEMBER
    assert asked.joined_at is None
    assert asked.active
    # an address typed by someone else never reaches the members (security review, finding 4)
    assert db.session.scalar(select(Notification)) is None
    assert colleagues.overview(member.organisation, member).join_requests == []
    with pytest.raises(Conflict):
        colleagues.decline_join_request(member.organisation, asked.id, actor=member)
    verified(asked)
    assert [user.id for user in colleagues.overview(member.organisation, member).join_requests] == [asked.id]
    notice = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert notice.kind == "colleague.join_requested"
    assert "参加 次郎" in notice.subject
    audited = db.session.scalars(select(AuditRecord.action).where(AuditRecord.object_id == str(asked.id)))
    assert "colleague.join_requested" in list(audited)
    refused = client.submit("/login", {"email": "jiro@example.jp", "password": PASSWORD})
    assert refused.status_code == 403


def test_the_waiting_requester_is_told_why_at_sign_in(client, make_user) -> None:
    numbered(make_user)
    ask(client)
    verified(requester())
    refused = client.submit("/login", {"email": "jiro@example.jp", "password": PASSWORD})
    assert refused.status_code == 403
    assert "参加申請は承認待ち" in refused.get_data(as_text=True)


def test_a_member_approves_and_the_requester_signs_in(client, login, make_user, smtp_sink) -> None:
    member = numbered(make_user)
    ask(client)
    asked = verified(requester())
    login(member)
    page = f"/organisations/{member.organisation_id}"
    assert "jiro@example.jp" in client.get(page).get_data(as_text=True)
    response = client.submit(f"{page}/join-requests/{asked.id}/approve")
    assert response.status_code == 302
    db.session.refresh(asked)
    assert asked.joined_at is not None
    assert any("承認されました" in str(mail["Subject"]) and mail["To"] == asked.email for mail in smtp_sink.messages)
    again = client.submit(f"{page}/join-requests/{asked.id}/decline")  # a colleague's stale page
    assert again.status_code == 409
    said = again.get_data(as_text=True)
    assert "この参加申請は既に承認または却下されています。" in said  # on the organisation's page,
    assert member.organisation.name in said  # not a bare error page
    client.post("/logout", data={"csrf_token": client.csrf_token("/me")})
    assert client.submit("/login", {"email": asked.email, "password": PASSWORD}).status_code == 302


def test_a_declined_request_is_forgotten_and_frees_the_address(client, login, make_user, smtp_sink) -> None:
    """Security review of #13, finding 4: a declined request must not squat the address."""
    member = numbered(make_user)
    ask(client, email="victim@example.jp")
    asked = verified(requester("victim@example.jp"))
    asked_id = asked.id
    login(member)
    page = f"/organisations/{member.organisation_id}"
    declined = client.submit(f"{page}/join-requests/{asked_id}/decline")
    assert declined.status_code == 302
    assert "参加 次郎 さんの参加申請を却下しました" in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, asked_id) is None
    assert db.session.scalar(select(LegalAcceptance).where(LegalAcceptance.user_id == asked_id)) is None
    told = [mail for mail in smtp_sink.messages if "承認されませんでした" in str(mail["Subject"])]
    assert [mail["To"] for mail in told] == ["victim@example.jp"]
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "colleague.join_declined"))
    assert record.object_id == str(asked_id)
    assert record.actor_id == member.id  # declined by whom
    assert record.detail["email"] == "victim@example.jp"  # who asked
    assert record.detail["name"] == "参加 次郎"
    asked_record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "colleague.join_requested"))
    assert asked_record.object_id == str(asked_id)  # the request itself stays in the trail
    assert client.submit(f"{page}/join-requests/{asked_id}/approve").status_code == 409

    # the address is free: it can be invited, and its owner can register an organisation
    invitation = colleagues.invite(member.organisation, "victim@example.jp", actor=member)
    db.session.commit()
    assert "/invitation/" in smtp_sink.messages[-1].get_content()
    assert client.get(colleagues.invitation_path(invitation)).status_code == 200
    client.post("/logout", data={"csrf_token": client.csrf_token("/me")})
    data = {"kind": "company", "name": "被害者株式会社", "contact_name": "被害 者", "email": "victim@example.jp",
            "password": "Victims-Own-Phrase-2026", "password_confirm": "Victims-Own-Phrase-2026"}  # fmt: skip
    assert client.submit("/register", data).status_code == 302
    owner = requester("victim@example.jp")
    assert owner is not None
    assert owner.organisation.name == "被害者株式会社"


def test_an_unproved_account_at_the_address_is_replaced_by_a_new_request(client, make_user, smtp_sink) -> None:
    member = numbered(make_user)
    ask(client, name="他人 三郎")  # someone typed jiro's address, never proved it
    assert ask(client).status_code == 302  # the owner asks in turn
    db.session.expire_all()
    asked = requester()
    assert asked.name == "参加 次郎"  # a new account (SQLite may reuse the id)
    assert db.session.scalar(select(User).where(User.name == "他人 三郎")) is None
    forgotten = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "account.unverified_forgotten"))
    assert forgotten.detail["name"] == "他人 三郎"
    assert forgotten.detail["reason"] == "replaced by a new join request"
    verified(asked)
    assert [user.id for user in colleagues.overview(member.organisation, member).join_requests] == [asked.id]


def test_an_unproved_request_expires_with_the_unverified_accounts(app, client, make_user) -> None:
    from hackplat.accounts.purge import purge_unverified

    member = numbered(make_user)
    ask(client)
    asked = requester()
    late = utcnow() - app.config["EMAIL_VERIFICATION_MAX_AGE"] - timedelta(minutes=1)
    db.session.execute(update(User).where(User.id == asked.id).values(created_at=late))
    db.session.commit()
    assert purge_unverified() == 1
    assert requester() is None
    assert db.session.get(Organisation, member.organisation_id) is not None  # the organisation stays
    assert db.session.scalar(select(Notification)) is None  # the members never heard of it


def test_a_known_address_gets_the_same_answer_and_a_mail(client, make_user, smtp_sink) -> None:
    numbered(make_user)
    known = make_user(Role.STAFF)
    response = ask(client, email=known.email.upper())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/join/done")
    assert db.session.get(User, known.id).organisation_id is None  # nothing changed
    assert [mail["To"] for mail in smtp_sink.messages] == [known.email]
    assert db.session.scalar(select(Notification)) is None  # the organisation is not bothered


def test_an_unknown_number_is_said_as_the_registration_page_says_a_known_one(client, make_user) -> None:
    numbered(make_user, OrganisationStatus.REJECTED)
    response = ask(client)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "参加を申請できる組織はありません" in body
    assert 'value="jiro@example.jp"' in body
    assert 'value="参加 次郎"' in body
    assert requester() is None


def test_a_weak_password_is_refused_with_nothing_written(client, make_user) -> None:
    numbered(make_user)
    response = ask(client, password="password1234")
    assert response.status_code == 400
    assert requester() is None


def test_the_registration_page_offers_to_ask_to_join(client, make_user) -> None:
    numbered(make_user)
    data = {"kind": "company", "name": "別名の会社", "corporate_number": NUMBER, "contact_name": "参加 次郎",
            "email": "jiro@example.jp", "password": PASSWORD, "password_confirm": PASSWORD}  # fmt: skip
    refused = client.submit("/register", data)
    assert refused.status_code == 400
    assert "この組織への参加を申請する" in refused.get_data(as_text=True)
    handed = client.submit("/register/join", {**data, "from_registration": "1"})
    assert handed.status_code == 200
    body = handed.get_data(as_text=True)
    assert f'value="{NUMBER}"' in body
    assert 'value="jiro@example.jp"' in body
    assert requester() is None  # handed over, not yet sent


def test_only_the_organisations_members_decide(make_user) -> None:
    member = numbered(make_user)
    asked = make_user(Role.MEMBER, organisation=member.organisation)
    db.session.execute(update(User).where(User.id == asked.id).values(joined_at=None))
    for outsider in (make_user(Role.MEMBER), make_user(Role.COORDINATOR), make_user(Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            colleagues.approve_join_request(member.organisation, asked.id, actor=outsider)
    with pytest.raises(Conflict):  # a member, not a request
        colleagues.approve_join_request(member.organisation, member.id, actor=member)
    elsewhere = make_user(Role.MEMBER)
    db.session.execute(update(User).where(User.id == elsewhere.id).values(joined_at=None))
    with pytest.raises(Conflict):  # another organisation's request
        colleagues.approve_join_request(member.organisation, elsewhere.id, actor=member)


def test_a_pending_organisation_takes_requests(client, make_user) -> None:
    member = numbered(make_user, OrganisationStatus.PENDING)
    assert ask(client).status_code == 302
    assert requester().organisation_id == member.organisation_id
    assert db.session.get(Organisation, member.organisation_id).status is OrganisationStatus.PENDING


def test_the_requester_proves_the_address_and_accepts_the_terms(client, make_user, smtp_sink) -> None:
    numbered(make_user)
    publish_samples()
    db.session.commit()
    refused = ask(client)
    assert refused.status_code == 400
    assert "同意が必要です" in refused.get_data(as_text=True)
    assert requester() is None
    data = {"corporate_number": NUMBER, "contact_name": "参加 次郎", "email": "jiro@example.jp",
            "password": PASSWORD, "password_confirm": PASSWORD, "accept_legal": "y"}  # fmt: skip
    assert client.submit("/register/join", data).status_code == 302
    asked = requester()
    accepted = db.session.scalars(select(LegalAcceptance.document_id).where(LegalAcceptance.user_id == asked.id))
    assert sorted(accepted) == sorted(document.id for document in current_documents())
    assert asked.email_verified_at is None
    [verification] = [mail for mail in smtp_sink.messages if mail["To"] == "jiro@example.jp"]
    link = link_path(verification)
    assert link.startswith("/verify/")
    proved = client.submit(link, {"password": PASSWORD})
    assert proved.status_code == 200
    assert "メンバーが承認すると" in proved.get_data(as_text=True)  # not "you can sign in" yet


def test_a_waiting_requester_is_told_nothing_of_the_organisation(client, make_user) -> None:
    member = numbered(make_user)
    ask(client)
    asked = requester()
    notify(db.session.get(Organisation, member.organisation_id).members, "proposal.shortlisted", "選考に進みました")
    db.session.commit()
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "proposal.shortlisted")))
    assert told == {member.id}
    assert asked.id not in _alert_readers()

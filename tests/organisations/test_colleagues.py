"""A member invites a colleague by a signed, single-use, time-limited link; a member
leaves, but never the organisation's last one (#13 item 3)."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select, update

from hackplat.errors import Conflict, InvalidInput, PermissionDenied, TooManyAttempts
from hackplat.extensions import db
from hackplat.legal.services import current_documents, publish_samples
from hackplat.models import (
    AuditRecord,
    LegalAcceptance,
    LoginSession,
    Organisation,
    OrganisationInvitation,
    OrganisationStatus,
    Role,
    User,
)
from hackplat.organisations import colleagues
from tests.conftest import PASSWORD, is_postgres

time_now = time.time
NEW_PASSWORD = "Fresh-Colleague-Phrase-73"
LINK = re.compile(r"http\S*/invitation/(\S+)")


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def invite_through_ui(client, login, member, email: str = "hanako@example.jp"):
    login(member)
    page = f"/organisations/{member.organisation_id}"
    return client.submit(f"{page}/invitations", {"email": email})


def token_of(smtp_sink) -> str:
    match = LINK.search(smtp_sink.messages[-1].get_content())
    assert match, smtp_sink.messages[-1].get_content()
    return match.group(1)


def accept(client, token: str, name: str = "招待 花子", password: str = NEW_PASSWORD):
    data = {"name": name, "password": password, "password_confirm": password}
    return client.submit(f"/invitation/{token}", data)


# --- inviting -------------------------------------------------------------------------


def test_a_member_invites_and_the_colleague_joins_by_the_mailed_link(client, login, make_user, smtp_sink) -> None:
    member = make_user(Role.MEMBER)
    response = invite_through_ui(client, login, member, "Hanako@Example.jp ")
    assert response.status_code == 302
    invitation = db.session.scalar(select(OrganisationInvitation))
    assert invitation.email == "hanako@example.jp"
    assert invitation.invited_by_id == member.id
    [mail] = smtp_sink.messages
    assert mail["To"] == "hanako@example.jp"
    assert member.organisation.name in mail["Subject"]
    page = client.get(f"/organisations/{member.organisation_id}").get_data(as_text=True)
    assert "hanako@example.jp" in page
    assert "招待を取り消す" in page

    client.post("/logout", data={"csrf_token": client.csrf_token("/me")})
    token = token_of(smtp_sink)
    form = client.get(f"/invitation/{token}")
    assert form.status_code == 200
    assert member.organisation.name in form.get_data(as_text=True)
    response = accept(client, token)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")

    colleague = db.session.scalar(select(User).where(User.email == "hanako@example.jp"))
    assert colleague.organisation_id == member.organisation_id
    assert colleague.role is Role.MEMBER
    assert colleague.joined_at is not None
    assert colleague.email_verified_at is not None
    db.session.refresh(invitation)
    assert invitation.accepted_at is not None
    assert invitation.accepted_user_id == colleague.id
    login(colleague, NEW_PASSWORD)
    assert client.get(f"/organisations/{member.organisation_id}").status_code == 200
    assert actions().count("colleague.invited") == 1
    assert "colleague.invitation_accepted" in actions()


def test_a_link_works_once(client, login, make_user, smtp_sink) -> None:
    invite_through_ui(client, login, make_user(Role.MEMBER))
    client.post("/logout", data={"csrf_token": client.csrf_token("/me")})
    token = token_of(smtp_sink)
    assert accept(client, token).status_code == 302
    again = client.get(f"/invitation/{token}")
    assert again.status_code == 409
    assert "既に使われています" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "hanako@example.jp")) == 1


def test_a_revoked_invitation_says_so_and_leaves_the_list(client, login, make_user, smtp_sink) -> None:
    member = make_user(Role.MEMBER)
    invite_through_ui(client, login, member)
    invitation = db.session.scalar(select(OrganisationInvitation))
    page = f"/organisations/{member.organisation_id}"
    response = client.submit(f"{page}/invitations/{invitation.id}/revoke")
    assert response.status_code == 302
    assert "招待を取り消す" not in client.get(page).get_data(as_text=True)
    again = client.submit(f"{page}/invitations/{invitation.id}/revoke")
    assert again.status_code == 409
    opened = client.get(f"/invitation/{token_of(smtp_sink)}")
    assert opened.status_code == 409
    assert "取り消されました" in opened.get_data(as_text=True)
    assert accept(client, token_of(smtp_sink)).status_code == 409
    assert db.session.scalar(select(User).where(User.email == "hanako@example.jp")) is None


def test_an_expired_or_forged_link_explains_itself(app: Flask, client, make_user, monkeypatch) -> None:
    member = make_user(Role.MEMBER)
    invitation = OrganisationInvitation(organisation=member.organisation, email="late@example.jp", invited_by=member)
    db.session.add(invitation)
    db.session.commit()
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=colleagues.INVITATION_SALT)
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: time_now() - (colleagues.INVITATION_DAYS * 24 + 1) * 3600)
        old = signer.dumps(invitation.id)
    expired = client.get(f"/invitation/{old}")
    assert expired.status_code == 409
    assert "有効期限" in expired.get_data(as_text=True)
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="hackplat.accounts.password-reset")
    forged = client.get(f"/invitation/{other_salt.dumps(invitation.id)}")
    assert forged.status_code == 404
    assert "正しくありません" in forged.get_data(as_text=True)
    assert client.get("/invitation/x").status_code == 404
    fresh = colleagues.invitation_path(invitation)
    assert client.get(fresh).status_code == 200


def flashed_page(client, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("who", ["other organisation", "city", "former member"])
def test_a_registered_address_is_answered_as_a_new_one_and_its_owner_told(client, login, make_user, smtp_sink, who):
    """Security review of #13, finding 12: the form does not tell whether an address has
    an account; the owner gets a note, never a link that could be used."""
    member = make_user(Role.MEMBER)
    if who == "other organisation":
        known = make_user(Role.MEMBER)
    elif who == "city":
        known = make_user(Role.STAFF)
    else:
        known = make_user(Role.MEMBER, organisation=member.organisation)
        known.active = False  # left
        db.session.commit()
    new = flashed_page(client, invite_through_ui(client, login, member, "new@example.jp"))
    page = f"/organisations/{member.organisation_id}"
    registered = flashed_page(client, client.submit(f"{page}/invitations", {"email": known.email.upper()}))
    assert "new@example.jp に招待メールを送りました" in new
    assert f"{known.email} に招待メールを送りました" in registered
    assert "既に登録されています" not in registered
    listed = {invitation.email for invitation in colleagues.overview(member.organisation, member).invitations}
    assert listed == {"new@example.jp", known.email}  # listed alike, counted alike
    note = smtp_sink.messages[-1]
    assert note["To"] == known.email
    assert member.organisation.name in note["Subject"]
    content = note.get_content()
    assert "既に登録されています" in content
    assert "事務局" in content
    assert "/invitation/" not in content
    row = db.session.scalar(select(OrganisationInvitation).where(OrganisationInvitation.email == known.email))
    assert client.get(colleagues.invitation_path(row)).status_code == 409  # never usable
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.object_id == str(row.id)))
    assert record.detail["registered_elsewhere"] is True
    with pytest.raises(InvalidInput, match="招待を送信済み"):  # as for a new address
        colleagues.invite(member.organisation, known.email, actor=member)


def test_the_organisations_own_members_and_requests_are_named_as_such(client, login, make_user, smtp_sink) -> None:
    member = make_user(Role.MEMBER)
    colleague = make_user(Role.MEMBER, organisation=member.organisation)
    waiting = make_user(Role.MEMBER, organisation=member.organisation)
    db.session.execute(update(User).where(User.id == waiting.id).values(joined_at=None))
    db.session.commit()
    response = invite_through_ui(client, login, member, colleague.email.upper())
    assert response.status_code == 400
    assert "既にこの組織のメンバーです" in response.get_data(as_text=True)
    page = f"/organisations/{member.organisation_id}"
    response = client.submit(f"{page}/invitations", {"email": waiting.email})
    assert response.status_code == 400
    assert "参加申請が届いています" in response.get_data(as_text=True)
    assert db.session.scalar(select(OrganisationInvitation)) is None
    assert smtp_sink.messages == []


def test_the_address_registered_after_the_invitation_cannot_accept(client, login, make_user, smtp_sink) -> None:
    invite_through_ui(client, login, make_user(Role.MEMBER))
    make_user(Role.STAFF, email="hanako@example.jp")
    response = client.get(f"/invitation/{token_of(smtp_sink)}")
    assert response.status_code == 409
    assert "既に登録されています" in response.get_data(as_text=True)


def test_the_same_address_is_not_invited_twice_while_open(make_user) -> None:
    member = make_user(Role.MEMBER)
    colleagues.invite(member.organisation, "a@example.jp", actor=member)
    with pytest.raises(InvalidInput, match="招待を送信済み"):
        colleagues.invite(member.organisation, "A@example.jp", actor=member)


def test_invitations_are_limited_per_member_and_day(make_user) -> None:
    member = make_user(Role.MEMBER)
    for n in range(colleagues.INVITATIONS_PER_DAY):
        colleagues.invite(member.organisation, f"c{n}@example.jp", actor=member)
    with pytest.raises(TooManyAttempts):
        colleagues.invite(member.organisation, "one-more@example.jp", actor=member)
    colleague = make_user(Role.MEMBER, organisation=member.organisation)
    colleagues.invite(member.organisation, "one-more@example.jp", actor=colleague)  # another member's own count


def test_a_bad_password_keeps_what_was_typed(client, make_user) -> None:
    member = make_user(Role.MEMBER)
    invitation = colleagues.invite(member.organisation, "kept@example.jp", actor=member)
    db.session.commit()
    response = accept(client, colleagues.invitation_path(invitation).removeprefix("/invitation/"), password="short")
    assert response.status_code == 400
    assert 'value="招待 花子"' in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "kept@example.jp")) is None


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.ADMIN])
def test_only_the_organisations_members_invite(make_user, role) -> None:
    member = make_user(Role.MEMBER)
    with pytest.raises(PermissionDenied):
        colleagues.invite(member.organisation, "x@example.jp", actor=make_user(role))
    with pytest.raises(PermissionDenied):
        colleagues.invite(member.organisation, "x@example.jp", actor=make_user(Role.MEMBER))  # another organisation


def test_the_office_sees_the_members_but_not_the_invitations(make_user) -> None:
    member = make_user(Role.MEMBER)
    colleagues.invite(member.organisation, "secret@example.jp", actor=member)
    seen = colleagues.overview(member.organisation, make_user(Role.COORDINATOR))
    assert [m.id for m in seen.members] == [member.id]
    assert seen.invitations == []
    assert seen.join_requests == []
    assert len(colleagues.overview(member.organisation, member).invitations) == 1
    with pytest.raises(PermissionDenied):
        colleagues.overview(member.organisation, make_user(Role.STAFF))


# --- leaving --------------------------------------------------------------------------


def test_a_member_leaves_and_every_session_ends(app: Flask, client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    make_user(Role.MEMBER, organisation=member.organisation)
    login(member)
    other_device = app.test_client()
    assert other_device.submit("/login", {"email": member.email, "password": PASSWORD}).status_code == 302
    url = f"/organisations/{member.organisation_id}/leave"
    assert "退会する" in client.get(url).get_data(as_text=True)
    response = client.submit(url)
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.active is False
    live = select(func.count(LoginSession.id)).where(
        LoginSession.user_id == member.id, LoginSession.revoked_at.is_(None)
    )
    assert db.session.scalar(live) == 0
    assert client.get("/me").status_code == 302  # signed out
    assert "colleague.left" in actions()
    failed = client.submit("/login", {"email": member.email, "password": PASSWORD})
    assert failed.status_code == 403


def test_the_last_member_cannot_leave(client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    waiting = make_user(Role.MEMBER, organisation=member.organisation)
    db.session.execute(update(User).where(User.id == waiting.id).values(joined_at=None))  # a join request
    gone = make_user(Role.MEMBER, organisation=member.organisation)
    gone.active = False  # left before
    db.session.commit()
    login(member)
    url = f"/organisations/{member.organisation_id}/leave"
    page = client.get(url).get_data(as_text=True)
    assert "最後のメンバー" in page
    assert "同僚を招待する" in page
    response = client.submit(url)
    assert response.status_code == 409
    assert "最後のメンバー" in response.get_data(as_text=True)
    db.session.refresh(member)
    assert member.active is True
    assert client.get("/me").status_code == 200
    assert "colleague.left" not in actions()


def test_two_last_members_leaving_at_once_do_not_both_leave(app: Flask, make_user) -> None:
    """Both count one other member before either writes; the organisation's version,
    moved on by a conditional statement, lets only the first commit."""
    first = make_user(Role.MEMBER)
    second = make_user(Role.MEMBER, organisation=first.organisation)
    organisation_id = first.organisation_id
    seen = colleagues._lock(first.organisation)
    assert not colleagues.is_last_member(first.organisation, first)
    db.session.rollback()
    # the other member's leave commits between this one's count and its write
    colleagues.leave(db.session.get(Organisation, organisation_id), actor=db.session.get(User, second.id))
    db.session.commit()
    organisation = db.session.get(Organisation, organisation_id)
    assert organisation.version == seen + 1
    moved = db.session.execute(
        update(Organisation)
        .where(Organisation.id == organisation_id, Organisation.version == seen)
        .values(version=seen + 1)
    )
    assert moved.rowcount == 0  # the statement the late leave runs finds nothing to move
    db.session.rollback()
    with pytest.raises(Conflict):
        colleagues.leave(db.session.get(Organisation, organisation_id), actor=db.session.get(User, first.id))


def test_two_last_members_leaving_in_parallel_on_postgresql(app: Flask, make_user) -> None:
    """Two connections: the second leave waits on the organisation's row lock, then
    counts what the first committed and is refused."""
    if not is_postgres(app):
        pytest.skip("row locks: PostgreSQL")
    first = make_user(Role.MEMBER)
    second = make_user(Role.MEMBER, organisation=first.organisation)
    organisation_id, ids = first.organisation_id, [first.id, second.id]
    db.session.close()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def leave(user_id: int) -> None:
        with app.app_context():
            organisation = db.session.get(Organisation, organisation_id)
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                colleagues.leave(organisation, actor=user)
                db.session.commit()
                outcomes.append("left")
            except Conflict:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=leave, args=(user_id,)) for user_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["left", "refused"]
    active = select(func.count(User.id)).where(User.organisation_id == organisation_id, User.active.is_(True))
    assert db.session.scalar(active) == 1


def test_only_its_members_reach_the_leave_page(client, login, make_user) -> None:
    member = make_user(Role.MEMBER)
    login(make_user(Role.MEMBER))
    assert client.get(f"/organisations/{member.organisation_id}/leave").status_code == 403


def test_pending_invitations_expire_from_the_list(make_user) -> None:
    member = make_user(Role.MEMBER)
    old = colleagues.invite(member.organisation, "old@example.jp", actor=member)
    old.created_at = old.created_at - timedelta(days=colleagues.INVITATION_DAYS + 1)
    db.session.commit()
    assert colleagues.overview(member.organisation, member).invitations == []
    colleagues.invite(member.organisation, "old@example.jp", actor=member)  # may be invited again


def test_only_approved_organisations_invite(make_user, make_organisation) -> None:
    organisation = make_organisation(status=OrganisationStatus.PENDING)
    member = make_user(Role.MEMBER, organisation=organisation)
    with pytest.raises(Conflict):
        colleagues.invite(organisation, "x@example.jp", actor=member)


def test_the_colleague_accepts_the_terms_with_the_invitation(client, make_user) -> None:
    member = make_user(Role.MEMBER)
    invitation = colleagues.invite(member.organisation, "terms@example.jp", actor=member)
    publish_samples()
    db.session.commit()
    token = colleagues.invitation_path(invitation).removeprefix("/invitation/")
    refused = accept(client, token)
    assert refused.status_code == 400
    assert "同意が必要です" in refused.get_data(as_text=True)
    data = {"name": "規約 同意", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "accept_legal": "y"}
    assert client.submit(f"/invitation/{token}", data).status_code == 302
    colleague = db.session.scalar(select(User).where(User.email == "terms@example.jp"))
    accepted = db.session.scalars(select(LegalAcceptance.document_id).where(LegalAcceptance.user_id == colleague.id))
    assert sorted(accepted) == sorted(document.id for document in current_documents())


# --- the inviter goes (security review of #13, finding 3) -------------------------------


def test_leaving_takes_back_the_invitations_the_member_sent(client, make_user) -> None:
    """The review's probe: invite one's own other address, leave, come back by the link."""
    leaving = make_user(Role.MEMBER)
    staying = make_user(Role.MEMBER, organisation=leaving.organisation)
    own = colleagues.invite(leaving.organisation, "alt-of-leaving@example.net", actor=leaving)
    other = colleagues.invite(leaving.organisation, "colleague@example.jp", actor=staying)
    db.session.commit()
    path = colleagues.invitation_path(own)
    colleagues.leave(leaving.organisation, actor=leaving)
    db.session.commit()
    opened = client.get(path)
    assert opened.status_code == 409
    assert "取り消されました" in opened.get_data(as_text=True)
    assert accept(client, path.removeprefix("/invitation/")).status_code == 409
    assert db.session.scalar(select(User).where(User.email == "alt-of-leaving@example.net")) is None
    listed = colleagues.overview(staying.organisation, staying).invitations
    assert [invitation.id for invitation in listed] == [other.id]  # only the staying member's
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "colleague.invitation_revoked"))
    assert record.object_id == str(own.id)
    assert record.actor_id == leaving.id
    assert record.detail == {"reason": "left", "invited_by_id": leaving.id}
    assert client.get(colleagues.invitation_path(other)).status_code == 200


def test_deactivation_takes_back_the_invitations_the_person_sent(client, make_user) -> None:
    from hackplat.admin.services import set_active

    member = make_user(Role.MEMBER)
    make_user(Role.MEMBER, organisation=member.organisation)
    invitation = colleagues.invite(member.organisation, "friend@example.net", actor=member)
    db.session.commit()
    admin = make_user(Role.ADMIN)
    set_active(member, False, actor=admin)
    db.session.commit()
    assert client.get(colleagues.invitation_path(invitation)).status_code == 409
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None
    deactivated = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "user.deactivated"))
    assert deactivated.detail["invitations_revoked"] == 1
    revoked = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "colleague.invitation_revoked"))
    assert (revoked.actor_id, revoked.detail["reason"]) == (admin.id, "deactivated")


@pytest.mark.parametrize("status", [OrganisationStatus.PENDING, OrganisationStatus.REJECTED, None])
def test_an_inactive_inviter_or_an_unapproved_organisation_makes_the_link_unusable(client, make_user, status) -> None:
    """Whatever way the inviter stopped (or the organisation lost its approval), the link
    is refused even if the row was not revoked."""
    member = make_user(Role.MEMBER)
    invitation = colleagues.invite(member.organisation, "late@example.jp", actor=member)
    db.session.commit()
    if status is None:
        db.session.execute(update(User).where(User.id == member.id).values(active=False))
    else:
        db.session.execute(update(Organisation).where(Organisation.id == member.organisation_id).values(status=status))
    db.session.commit()
    token = colleagues.invitation_path(invitation).removeprefix("/invitation/")
    opened = client.get(f"/invitation/{token}")
    assert opened.status_code == 409
    assert "使えなくなりました" in opened.get_data(as_text=True)
    assert accept(client, token).status_code == 409
    assert db.session.scalar(select(User).where(User.email == "late@example.jp")) is None

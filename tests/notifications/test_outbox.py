"""Every notification is a row first; the consumer mails it (the log without MAIL_SERVER)."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Notification, OrganisationStatus, Role
from hackplat.notifications.services import mark_all_read, notify, unread_count


def test_approval_notifies_the_members_and_is_logged_without_mail_server(
    client, login, make_user, make_organisation
) -> None:
    organisation = make_organisation(status=OrganisationStatus.PENDING)
    member = make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    client.submit(f"/organisations/{organisation.id}/approve")
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert "承認されました" in note.subject
    assert note.delivery is DeliveryStatus.LOGGED
    assert note.delivered_at is not None
    assert note.attempts == 1


def test_the_outbox_is_empty_when_the_action_fails(client, login, make_user, make_organisation) -> None:
    organisation = make_organisation(status=OrganisationStatus.APPROVED)
    make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    assert client.submit(f"/organisations/{organisation.id}/approve").status_code == 409
    assert db.session.scalars(select(Notification)).all() == []


def test_unread_count_and_mark_read(client, login, make_user) -> None:
    user = make_user(Role.STAFF)
    notify([user], "test", "お知らせ1")
    notify([user], "test", "お知らせ2")
    db.session.commit()
    assert unread_count(user) == 2
    login(user)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "お知らせ1" in page
    assert "未読 2件" in page
    client.submit("/notifications/read")
    assert unread_count(user) == 0
    mark_all_read(user)


def test_cli_outbox_send_delivers_what_is_due(runner, make_user) -> None:
    notify([make_user(Role.STAFF)], "test", "CLI")
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert "完了: 1 件" in result.output
    assert db.session.scalar(select(Notification.delivery)) is DeliveryStatus.LOGGED
    assert "完了: 0 件" in runner.invoke(args=["outbox", "send"]).output


def test_a_subject_is_kept_on_one_line(make_user) -> None:
    notify([make_user(Role.STAFF)], "test", "株式会社\r\nBcc: x@example.com の登録")
    assert db.session.scalar(select(Notification.subject)) == "株式会社 Bcc: x@example.com の登録"


def test_notifications_are_written_in_japanese_whatever_the_senders_language(
    client, login, make_user, make_organisation
) -> None:
    organisation = make_organisation(status=OrganisationStatus.PENDING)
    member = make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    client.get("/language/en")
    assert '<html lang="en">' in client.get("/me").get_data(as_text=True)
    client.submit(f"/organisations/{organisation.id}/approve")
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert "承認されました" in note.subject

"""Every notification is a row in the outbox; SMTP sends it when configured, else the log."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Notification, OrganisationStatus, Role
from hackplat.notifications.outbox import deliver_pending
from hackplat.notifications.services import mark_all_read, notify, unread_count


def test_approval_notifies_the_members_and_is_logged_without_mail_server(
    client, login, make_user, make_organisation
) -> None:
    organisation = make_organisation(status=OrganisationStatus.PENDING)
    member = make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    client.submit(f"/organisations/{organisation.id}/approve", page="/me")
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert "承認されました" in note.subject
    assert note.delivery is DeliveryStatus.LOGGED
    assert note.delivered_at is not None


def test_the_outbox_is_empty_when_the_action_fails(client, login, make_user, make_organisation) -> None:
    organisation = make_organisation(status=OrganisationStatus.APPROVED)
    make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    assert client.submit(f"/organisations/{organisation.id}/approve", page="/me").status_code == 409
    assert db.session.scalars(select(Notification)).all() == []


class FakeSMTP:
    sent: list = []
    refuse = False

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host = host

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send_message(self, message) -> None:
        if FakeSMTP.refuse:
            raise smtplib.SMTPRecipientsRefused({})
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.refuse = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "mail.example.jp")
    return FakeSMTP


def test_mail_goes_by_smtp_when_configured_and_failures_are_retried(smtp, make_user) -> None:
    user = make_user(Role.STAFF)
    notify([user], "test", "件名テスト", "本文", link="/needs/1")
    db.session.commit()
    smtp.refuse = True
    assert deliver_pending() == 1
    note = db.session.scalar(select(Notification))
    assert note.delivery is DeliveryStatus.FAILED
    assert note.attempts == 1
    smtp.refuse = False
    assert deliver_pending() == 1
    assert note.delivery is DeliveryStatus.SENT
    message = smtp.sent[0]
    assert message["To"] == user.email
    assert message["Subject"] == "件名テスト"
    assert "/needs/1" in message.get_content()


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
    client.submit("/notifications/read", page="/notifications/")
    assert unread_count(user) == 0
    mark_all_read(user)


def test_cli_outbox_send(runner, make_user) -> None:
    notify([make_user(Role.STAFF)], "test", "CLI")
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert "完了: 1 件" in result.output


def test_notifications_are_written_in_japanese_whatever_the_senders_language(
    client, login, make_user, make_organisation
) -> None:
    organisation = make_organisation(status=OrganisationStatus.PENDING)
    member = make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    client.get("/language/en")
    assert '<html lang="en">' in client.get("/me").get_data(as_text=True)
    client.submit(f"/organisations/{organisation.id}/approve", page="/me")
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert "承認されました" in note.subject

"""Mail goes through the consumer, each message on its own, to a real SMTP sink."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import DeliveryStatus, Notification, OrganisationStatus, Role, utcnow
from hackplat.notifications import outbox
from hackplat.notifications.jobs import deliver_notifications
from hackplat.notifications.services import notify
from tests.helpers.smtp import free_port


def _notes() -> list[Notification]:
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def test_each_message_is_delivered_once_even_when_delivery_runs_twice(smtp_sink, make_user) -> None:
    people = [make_user(Role.STAFF) for _ in range(3)]
    notify(people, "test", "お知らせ", "本文", link="/needs/1")
    db.session.commit()
    ids = [note.id for note in _notes()]
    assert outbox.deliver_due() == 3
    deliver_notifications(ids)  # the task enqueued by the request, arriving late
    assert outbox.deliver_due() == 0
    assert len(smtp_sink.messages) == 3
    assert sorted(str(m["To"]) for m in smtp_sink.messages) == sorted(p.email for p in people)
    assert "/needs/1" in smtp_sink.messages[0].get_content()
    assert {note.delivery for note in _notes()} == {DeliveryStatus.SENT}


def test_a_message_with_a_line_break_in_a_header_fails_alone(smtp_sink, make_user) -> None:
    user = make_user(Role.STAFF)
    db.session.add_all([
        Notification(user=user, kind="test", subject="一通目"),
        Notification(user=user, kind="test", subject="株式会社\r\nBcc: victim@example.com"),
        Notification(user=user, kind="test", subject="三通目"),
    ])  # fmt: skip
    db.session.commit()
    outbox.deliver_due()
    first, bad, third = _notes()
    assert (first.delivery, third.delivery) == (DeliveryStatus.SENT, DeliveryStatus.SENT)
    assert bad.delivery is DeliveryStatus.GIVEN_UP
    assert "Subject" in bad.error
    assert smtp_sink.subjects() == ["一通目", "三通目"]
    assert outbox.deliver_due(utcnow() + timedelta(days=1)) == 0  # not retried: it cannot be built


def test_no_mail_is_lost_while_the_server_is_down(smtp_sink, make_user) -> None:
    smtp_sink.stop()
    notify([make_user(Role.STAFF), make_user(Role.STAFF)], "test", "再送")
    db.session.commit()
    assert outbox.deliver_due() == 2
    assert {note.delivery for note in _notes()} == {DeliveryStatus.FAILED}
    assert all(note.error and note.next_attempt_at for note in _notes())
    assert outbox.deliver_due() == 0, "nothing is retried before its time"
    smtp_sink.start()
    assert outbox.deliver_due(utcnow() + outbox.retry_delay(1)) == 2
    assert {note.delivery for note in _notes()} == {DeliveryStatus.SENT}
    assert {note.error for note in _notes()} == {None}
    assert smtp_sink.subjects() == ["再送", "再送"]


def test_a_message_is_given_up_after_the_last_attempt(app, monkeypatch, make_user) -> None:
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens
    notify([make_user(Role.STAFF)], "test", "届かない")
    db.session.commit()
    later = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):
        assert outbox.deliver_due(later) == 1
        later += outbox.LONGEST_RETRY
    note = _notes()[0]
    assert note.delivery is DeliveryStatus.GIVEN_UP
    assert note.attempts == outbox.MAX_ATTEMPTS
    assert outbox.deliver_due(later + timedelta(days=1)) == 0


def test_a_consumer_killed_while_sending_leaves_the_message_to_another(smtp_sink, make_user) -> None:
    notify([make_user(Role.STAFF)], "test", "リース")
    db.session.commit()
    note_id = _notes()[0].id
    assert outbox.claim(note_id, utcnow())  # ... and the process dies
    assert outbox.deliver_due() == 0
    assert outbox.deliver_due(utcnow() + outbox.LEASE + timedelta(seconds=1)) == 1
    assert smtp_sink.subjects() == ["リース"]


def test_a_message_whose_senders_keep_dying_is_not_taken_forever(smtp_sink, make_user) -> None:
    notify([make_user(Role.STAFF)], "test", "毎回落ちる")
    db.session.commit()
    note_id = _notes()[0].id
    now = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):  # each sender dies after claiming it
        assert outbox.claim(note_id, now)
        now += outbox.LEASE + timedelta(seconds=1)
    assert not outbox.claim(note_id, now + timedelta(days=1))
    assert smtp_sink.subjects() == []


def test_the_page_never_waits_on_smtp(client, login, app, monkeypatch, stored_jobs, make_user, make_organisation):
    """The request only enqueues: with a server that accepts connections but never
    answers, the approval still answers at once, and the mail waits for the consumer."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", silent.getsockname()[1])
    organisation = make_organisation(status=OrganisationStatus.PENDING)
    make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    started = time.monotonic()
    response = client.submit(f"/organisations/{organisation.id}/approve")
    assert response.status_code == 302
    assert time.monotonic() - started < 2
    silent.close()
    assert [note.delivery for note in _notes()] == [DeliveryStatus.PENDING]
    [task] = stored_jobs.pending()
    assert task.name.endswith("deliver_notifications")
    assert task.args == ([_notes()[0].id],)
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    stored_jobs.execute(task)  # what the consumer does
    assert [note.delivery for note in _notes()] == [DeliveryStatus.LOGGED]


def test_nothing_is_enqueued_when_the_request_fails(client, login, stored_jobs, make_user, make_organisation):
    organisation = make_organisation(status=OrganisationStatus.APPROVED)
    make_user(Role.MEMBER, organisation=organisation)
    login(make_user(Role.COORDINATOR))
    assert client.submit(f"/organisations/{organisation.id}/approve").status_code == 409
    assert stored_jobs.pending() == []

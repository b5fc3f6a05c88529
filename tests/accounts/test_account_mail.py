"""Account mail (verification, reset, invitations) leaves only after a request succeeded."""

from __future__ import annotations

import logging
import ssl

import pytest
from flask import Flask
from werkzeug.wrappers import Response

from hackplat.accounts.mail import queue_account_mail
from hackplat.notifications import mail as notification_mail
from tests.helpers.smtp import Sink


def test_outside_a_request_the_mail_goes_at_once_with_the_full_link(app: Flask, smtp_sink: Sink) -> None:
    queue_account_mail("someone@example.jp", "パスワードの再設定", "次のリンクから", link_path="/password/reset/abc")
    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["To"] == "someone@example.jp"
    assert message["Subject"] == "パスワードの再設定"
    body = message.get_content()
    assert app.config["PUBLIC_BASE_URL"].rstrip("/") + "/password/reset/abc" in body
    assert "心当たりがない" in body


@pytest.mark.parametrize(("status", "sent"), [(200, 1), (302, 1), (400, 0), (409, 0), (500, 0)])
def test_in_a_request_the_mail_waits_for_a_successful_answer(
    app: Flask, smtp_sink: Sink, status: int, sent: int
) -> None:
    with app.test_request_context("/"):
        queue_account_mail("someone@example.jp", "確認", "本文")
        assert smtp_sink.messages == []  # nothing before the answer
        app.process_response(Response(status=status))
    assert len(smtp_sink.messages) == sent


def test_a_subject_with_a_line_break_is_never_sent(app: Flask, smtp_sink: Sink) -> None:
    with pytest.raises(ValueError, match="line break"):
        queue_account_mail("someone@example.jp", "件名\nBcc: x@example.com", "本文")
    assert smtp_sink.messages == []


@pytest.mark.parametrize("local", [False, True])
def test_without_mail_server_the_link_is_logged_only_when_running_locally(
    app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, local: bool
) -> None:
    """Finding 9: a production log must not hold reset links (HACKPLAT_LOG_ACCOUNT_MAIL=1 locally)."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "LOG_ACCOUNT_MAIL", local)
    caplog.set_level(logging.WARNING)  # what a server's log keeps: Flask's logger outside debug
    queue_account_mail(
        "someone@example.jp", "パスワードの再設定", "次のリンクから", link_path="/password/reset/secret-token"
    )
    logged = caplog.text
    assert ("/password/reset/secret-token" in logged) is local
    assert "someone@example.jp" in logged


class FakeSMTP:
    calls: list[tuple[str, tuple[object, ...]]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        FakeSMTP.calls = [("connect", (host, port))]

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        FakeSMTP.calls.append(("quit", ()))

    def starttls(self, context: ssl.SSLContext) -> None:
        FakeSMTP.calls.append(("starttls", (context.verify_mode,)))

    def login(self, user: str, password: str) -> None:
        FakeSMTP.calls.append(("login", (user, password)))

    def send_message(self, message: object) -> None:
        FakeSMTP.calls.append(("send", ()))


@pytest.mark.parametrize("secure", [False, True])
def test_smtp_starttls_and_login_are_used_when_configured(
    app: Flask, monkeypatch: pytest.MonkeyPatch, secure: bool
) -> None:
    monkeypatch.setattr(notification_mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.jp")
    monkeypatch.setitem(app.config, "MAIL_PORT", 587)
    monkeypatch.setitem(app.config, "MAIL_STARTTLS", secure)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "hackplat" if secure else None)
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "smtp-secret" if secure else None)
    queue_account_mail("someone@example.jp", "確認", "本文")
    names = [name for name, _args in FakeSMTP.calls]
    if secure:
        assert names == ["connect", "starttls", "login", "send", "quit"]
        assert ("starttls", (ssl.CERT_REQUIRED,)) in FakeSMTP.calls
        assert ("login", ("hackplat", "smtp-secret")) in FakeSMTP.calls
    else:
        assert names == ["connect", "send", "quit"]

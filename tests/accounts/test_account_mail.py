"""Account mail (verification, reset, invitations) leaves only after a request succeeded."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.wrappers import Response

from hackplat.accounts.mail import queue_account_mail
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

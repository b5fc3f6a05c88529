"""Reading the links of account mail received by the SMTP sink."""

from __future__ import annotations

import re
from email.message import EmailMessage

from flask import current_app


def mails_to(sink, address: str) -> list[EmailMessage]:
    return [message for message in sink.messages if message["To"] == address]


def link_path(message: EmailMessage) -> str:
    """The site path of the (one) link in an account mail."""
    base = re.escape(current_app.config["PUBLIC_BASE_URL"].rstrip("/"))
    match = re.search(base + r"(/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)

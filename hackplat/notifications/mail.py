"""Building one notification's mail and handing it to SMTP (only the consumer calls this).

Headers are built from single-line values only: a value with a line break or another
control character is refused (``UnsafeHeader``), never folded into the mail, so a name
typed with CR/LF can neither inject a header nor spoil the other messages.
"""

from __future__ import annotations

import smtplib
import ssl
import unicodedata
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from hackplat.models import Notification
from hackplat.notifications.kinds import preference_kind
from hackplat.notifications.preferences import DIGEST_PREFIX, unsubscribe_token
from hackplat.notifications.services import NOTIFICATION_LOCALE

SMTP_TIMEOUT = 10  # seconds: a hung server fails the attempt, which is retried later
UNSUBSCRIBE_PATH = "/notifications/unsubscribe/"
SETTINGS_PATH = "/notifications/settings"


class UnsafeHeader(ValueError):
    """A header value that is not one line of text: the message cannot be built."""


def single_line(name: str, value: str) -> str:
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise UnsafeHeader(f"{name} contains a line break or control character: {value!r}")
    return value


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def unsubscribe_url(notification: Notification) -> str:
    kind = notification.kind
    token_kind = kind if kind.startswith(DIGEST_PREFIX) else preference_kind(kind)
    return public_url(UNSUBSCRIBE_PATH + unsubscribe_token(notification.user_id, token_kind))


def _text(notification: Notification, unsubscribe: str) -> str:
    link = f"\n\n{public_url(notification.link)}" if notification.link else ""
    with force_locale(NOTIFICATION_LOCALE):
        footer = _("配信設定の変更: %(url)s", url=public_url(SETTINGS_PATH))
        footer += "\n" + _("この種類のメールの配信停止: %(url)s", url=unsubscribe)
    return f"{notification.body}{link}\n\n-- \n{footer}\n"


def build_message(notification: Notification) -> EmailMessage:
    """The mail of one notification, with the one-click unsubscribe of RFC 8058."""
    config, unsubscribe = current_app.config, unsubscribe_url(notification)
    message = EmailMessage()
    message["Subject"] = single_line("Subject", notification.subject)
    message["From"] = single_line("From", config["MAIL_SENDER"])
    message["To"] = single_line("To", notification.user.email)
    message["List-Unsubscribe"] = f"<{single_line('List-Unsubscribe', unsubscribe)}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(_text(notification, unsubscribe))
    return message


def send(message: EmailMessage) -> None:
    """One SMTP connection per message: a consumer sends few, and a failure stays with its message."""
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)), timeout=SMTP_TIMEOUT) as smtp:
        if config.get("MAIL_STARTTLS"):  # refused (and retried later) if the server cannot
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)

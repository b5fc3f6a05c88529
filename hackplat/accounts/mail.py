"""Mail about an account itself: verification, password reset, colleague invitations.

These are not notifications: they go to an address (which may belong to nobody yet),
they carry a secret link that must not sit in anyone's notification list, and a person
cannot turn them off. The request keeps each message in ``g`` and enqueues it once it has
answered successfully, so that a refused or failed request sends nothing; the consumer's
``send_account_mail`` task hands it to SMTP, retried by Huey when SMTP is away.

Without ``MAIL_SERVER`` the mail is not sent. Its body (with the secret link) is written
to the log only when running locally (``HACKPLAT_LOG_ACCOUNT_MAIL=1``, which
``scripts/run.sh`` sets, or debug mode): that is how a local ``make run`` shows the link.
Elsewhere a line without the body says that a mail was dropped, so that nobody who reads
the production log can take over an account with a link from it.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import Flask, current_app, g, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from hackplat.jobs.queue import huey, in_app_context
from hackplat.notifications.mail import public_url, send, single_line
from hackplat.notifications.services import NOTIFICATION_LOCALE

PENDING_ACCOUNT_MAIL = "pending_account_mail"
#: Mail that leaves whatever the answer's status (e.g. the lock notice of a refused sign-in).
PENDING_ANYWAY = "pending_account_mail_anyway"


def queue_account_mail(
    to: str, subject: str, body: str, link_path: str | None = None, *, even_if_refused: bool = False
) -> None:
    """Send this mail once the current request has succeeded (at once outside a request).

    ``link_path`` is a path of this site; the mail shows it as a full URL on its own line.
    A header value with a line break is refused here, in the request, not retried later.
    ``even_if_refused``: sent after the answer even if its status is 400 or more.
    """
    single_line("To", to), single_line("Subject", subject)
    text = body if link_path is None else f"{body}\n\n{public_url(link_path)}"
    with force_locale(NOTIFICATION_LOCALE):
        footer = _("このメールに心当たりがない場合は、破棄してください。")
    mail = (to, subject, f"{text}\n\n-- \n{footer}\n")
    if has_request_context():
        g.setdefault(PENDING_ANYWAY if even_if_refused else PENDING_ACCOUNT_MAIL, []).append(mail)
    else:
        send_account_mail(*mail)


@huey.task(retries=8, retry_delay=120)
@in_app_context
def send_account_mail(to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["Subject"] = single_line("Subject", subject)
    message["From"] = single_line("From", current_app.config["MAIL_SENDER"])
    message["To"] = single_line("To", to)
    message.set_content(body)
    if current_app.config.get("MAIL_SERVER"):
        send(message)
    elif current_app.config.get("LOG_ACCOUNT_MAIL") or current_app.debug:
        # WARNING, not INFO: the app logger outside debug drops INFO, and locally this
        # line is the only way to read the link (make run sets HACKPLAT_LOG_ACCOUNT_MAIL=1).
        current_app.logger.warning("account mail (no MAIL_SERVER set) to %s: %s\n%s", to, subject, body)
    else:
        current_app.logger.warning("account mail to %s not sent: MAIL_SERVER is not set (%s)", to, subject)


def _enqueue_after_request(response: Response) -> Response:
    pending: list[tuple[str, str, str]] = g.pop(PENDING_ACCOUNT_MAIL, [])
    anyway: list[tuple[str, str, str]] = g.pop(PENDING_ANYWAY, [])
    if response.status_code >= 400:
        pending = []
    for mail in [*anyway, *pending]:
        try:
            send_account_mail(*mail)
        except Exception:  # the queue being away must not spoil the answer; the person can ask again
            current_app.logger.exception("could not enqueue account mail to %s", mail[0])
    return response


def init_account_mail(app: Flask) -> None:
    app.after_request(_enqueue_after_request)

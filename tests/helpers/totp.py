"""The second step of sign-in for tests: coordinators and admins have TOTP (the factories
enrol them, tests/helpers/factories.py), so signing them in means typing a code, which
the tests compute from the stored secret as the person's authenticator app would."""

from __future__ import annotations

from typing import Any

import pyotp
from sqlalchemy import select, update

from hackplat.accounts.totp import STEP_SECONDS
from hackplat.extensions import db
from hackplat.models import User, utcnow

SECOND_STEP = "/login/code"


def fresh_code(email: str) -> str:
    """A code the server accepts now for ``email``: of a step later than the last one used
    (one code works once), now or the next one (of the ±1 allowed); if both were used (a
    test that signs one person in again and again), the record of used steps starts over."""
    user = db.session.scalar(select(User).where(User.email == email.lower()))
    assert user is not None, email
    assert user.totp_secret, f"{email} has no TOTP"
    now = int(utcnow().timestamp()) // STEP_SECONDS
    step = now if user.totp_last_step is None else max(now, user.totp_last_step + 1)
    if step > now + 1:
        db.session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
        db.session.commit()
        step = now  # not now - 1: should the step change before the server checks, it still takes it
    return pyotp.TOTP(user.totp_secret).at(step * STEP_SECONDS)


def needs_second_step(response: Any) -> bool:
    return response.status_code == 302 and response.headers.get("Location", "").startswith(SECOND_STEP)


def pass_second_step(client: Any, response: Any, email: str) -> Any:
    """After the password form's answer: the code, if the account asked for one."""
    if not needs_second_step(response):
        return response
    return client.submit(SECOND_STEP, {"code": fresh_code(email)})

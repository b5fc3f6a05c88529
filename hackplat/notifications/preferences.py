"""Each person's choice per kind (at once, daily, weekly, off) and the signed
unsubscribe links that set one kind, or one digest, to off without signing in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import Frequency, NotificationPreference, User
from hackplat.notifications.kinds import default_frequency, kinds_for

#: A salt of its own, so that no other signed value of the app is a valid unsubscribe token.
UNSUBSCRIBE_SALT = "hackplat.notifications.unsubscribe"
#: The token of a digest mail names the digest: unsubscribing stops that digest.
DIGEST_PREFIX = "digest."


def chosen(user_ids: Iterable[int], kind: str) -> dict[int, Frequency]:
    """Each person's frequency for preference kind ``kind`` (the default where none is stored)."""
    ids = list(user_ids)
    query = select(NotificationPreference.user_id, NotificationPreference.frequency).where(
        NotificationPreference.user_id.in_(ids), NotificationPreference.kind == kind
    )
    stored: dict[int, Frequency] = {user_id: frequency for user_id, frequency in db.session.execute(query)}
    return {user_id: stored.get(user_id, default_frequency(kind)) for user_id in ids}


def preferences_of(user: User) -> dict[str, Frequency]:
    """The frequency of every kind this person can receive."""
    query = select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    stored = {row.kind: row.frequency for row in db.session.scalars(query)}
    return {kind.name: stored.get(kind.name, kind.default) for kind in kinds_for(user)}


def set_preferences(user: User, choices: Mapping[str, Frequency]) -> None:
    """Store the person's choices for the kinds they can receive (others are ignored)."""
    allowed = {kind.name: kind for kind in kinds_for(user)}
    for name, frequency in choices.items():
        kind = allowed.get(name)
        if kind is None or frequency not in kind.choices:
            continue
        row = db.session.get(NotificationPreference, (user.id, name))
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=name, frequency=frequency))
        else:
            row.frequency = frequency
    db.session.flush()


def unsubscribe(user: User, kind: str) -> None:
    """Set ``kind`` to off; for a digest (``digest.daily``), every kind gathered in it."""
    if kind.startswith(DIGEST_PREFIX):
        period = Frequency(kind.removeprefix(DIGEST_PREFIX))
        names = [name for name, frequency in preferences_of(user).items() if frequency is period]
    else:
        names = [kind]
    set_preferences(user, dict.fromkeys(names, Frequency.OFF))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    """The person and kind a token names; None if it was tampered with or names no one."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not isinstance(kind, str):
        return None
    return user, kind

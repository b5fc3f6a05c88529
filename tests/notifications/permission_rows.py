"""Who may reach the notification settings and the unsubscribe link (see
tests/permission_rows.py). Placeholder: {notifications_token} the member's unsubscribe
token for pilot notices; the link needs no sign-in, the token is the permission."""

from __future__ import annotations

from hackplat.notifications.preferences import unsubscribe_token
from tests.permission_rows import EVERYONE, SIGNED_IN, Row

ROWS: dict[str, Row] = {
    "notifications.settings": ("GET", "/notifications/settings", {}, SIGNED_IN),
    "notifications.unsubscribe": ("GET", "/notifications/unsubscribe/{notifications_token}", {}, EVERYONE),
    "notifications.unsubscribe_confirmed": (
        "POST",
        "/notifications/unsubscribe/{notifications_token}",
        {},
        EVERYONE,
    ),  # fmt: skip
}


def extend_world(world: dict, factories) -> None:
    world["ids"]["notifications_token"] = unsubscribe_token(world["users"]["member"].id, "pilot")

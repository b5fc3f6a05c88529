"""Who may reach each needs route (see tests/permission_rows.py for the vocabulary)."""

from __future__ import annotations

from tests.permission_rows import EVERYONE, FORBIDDEN, NOT_FOUND, OK, REDIRECT, Row, by_role

#: Staff and the programme office write needs; members and the public do not.
WRITERS = by_role(REDIRECT, FORBIDDEN, OK, OK, OK)
#: An action on the staff user's own department's need: done (and redirected) by them and the office.
DEPARTMENT_ACTION = by_role(REDIRECT, FORBIDDEN, REDIRECT, REDIRECT, REDIRECT)

ROWS: dict[str, Row] = {
    "needs.index": ("GET", "/needs/", {}, EVERYONE),
    "needs.mine": ("GET", "/needs/mine", {}, WRITERS),
    "needs.new": ("GET", "/needs/new", {}, WRITERS),
    # A draft is private to its department and the office: to others it does not exist.
    "needs.detail": ("GET", "/needs/{draft_need}", {}, by_role(NOT_FOUND, NOT_FOUND, OK, OK, OK)),
    # Acting on a draft one may not see answers 404 like its page, so drafts cannot be probed.
    "needs.edit": ("GET", "/needs/{other_draft_need}/edit", {}, by_role(REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK)),
    "needs.publish": (
        "POST",
        "/needs/{draft_need}/publish",
        {},
        by_role(REDIRECT, NOT_FOUND, REDIRECT, REDIRECT, REDIRECT),
    ),
    # The call of one's own department's open need: closed early or extended by it and the office.
    "needs.close_call": ("POST", "/needs/{open_need}/close-call", {"reason": "予算の都合"}, DEPARTMENT_ACTION),
    "needs.extend": ("POST", "/needs/{open_need}/extend", {"deadline": "2099-12-31"}, DEPARTMENT_ACTION),
    # Another department's draft: closed by the office only.
    "needs.close": (
        "POST",
        "/needs/{other_draft_need}/close",
        {"reason": "重複のため"},
        by_role(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT, REDIRECT),
    ),
}

"""Proposal routes × roles (see tests/permission_rows.py for the vocabulary).

In the table's world the member's organisation already has {draft_proposal} for
{open_need}, so the member asking for a new one there is sent to it (302)."""

from __future__ import annotations

from tests.permission_rows import CONFLICT, FORBIDDEN, NOT_FOUND, OK, REDIRECT, Row, by_role

#: The proposer's own draft: the organisation acts on it; to everyone else it does not exist.
OWN_DRAFT_PAGE = by_role(REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND)
OWN_DRAFT_ACTION = by_role(REDIRECT, REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND)
#: Another organisation's submitted proposal: the need's department and coordinators decide.
CITY_DECISION = by_role(REDIRECT, FORBIDDEN, REDIRECT, REDIRECT, REDIRECT)
MEMBERS_ONLY_REDIRECT = by_role(REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)
MEMBERS_ONLY = by_role(REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
CITY_ONLY = by_role(REDIRECT, FORBIDDEN, OK, OK, OK)

ROWS: dict[str, Row] = {
    "proposals.new": ("GET", "/proposals/new?need={open_need}", {}, MEMBERS_ONLY_REDIRECT),
    "proposals.detail": ("GET", "/proposals/{draft_proposal}", {}, OWN_DRAFT_PAGE),
    "proposals.edit": ("GET", "/proposals/{draft_proposal}/edit", {}, OWN_DRAFT_PAGE),
    "proposals.submit": ("POST", "/proposals/{draft_proposal}/submit", {}, OWN_DRAFT_ACTION),
    # A draft is deleted, not withdrawn: its organisation is told so (409); to others it does not exist.
    "proposals.withdraw": (
        "POST",
        "/proposals/{draft_proposal}/withdraw",
        {},
        by_role(REDIRECT, CONFLICT, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    "proposals.shortlist": ("POST", "/proposals/{submitted_proposal}/shortlist", {}, CITY_DECISION),
    "proposals.decline": ("POST", "/proposals/{submitted_proposal}/decline", {"reason": "予算不足"}, CITY_DECISION),
    "proposals.confirm_submit": ("GET", "/proposals/{draft_proposal}/submit", {}, OWN_DRAFT_PAGE),
    "proposals.confirm_withdraw": ("GET", "/proposals/{draft_proposal}/withdraw", {}, OWN_DRAFT_PAGE),
    "proposals.confirm_delete": ("GET", "/proposals/{draft_proposal}/delete", {}, OWN_DRAFT_PAGE),
    "proposals.delete": ("POST", "/proposals/{draft_proposal}/delete", {}, OWN_DRAFT_ACTION),
    "proposals.mine": ("GET", "/proposals/mine", {}, MEMBERS_ONLY),
    "proposals.for_need": ("GET", "/proposals/need/{open_need}", {}, CITY_ONLY),
}

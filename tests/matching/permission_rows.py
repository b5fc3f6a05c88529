"""Routes of the matcher's pages, in the permission table's vocabulary.

Everything here is the programme office's. The table's world has no synonym, so the
delete routes are asked about a missing one: the permission is checked before the
look-up (403 for others, 404 for the office); tests/matching/test_synonyms.py
does the same with a real synonym."""

from __future__ import annotations

from tests.permission_rows import COORDINATOR_ACTION, COORDINATORS, FORBIDDEN, NOT_FOUND, REDIRECT, Row, by_role

SEE_OTHER = 303
CONFLICT = 409

NO_SYNONYM = "/matching/synonyms/999999/delete"
OFFICE_ONLY_MISSING = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)

ROWS: dict[str, Row] = {
    "matching.not_relevant": (
        "POST",
        "/matching/feedback/{open_need}/{public_seed}/not-relevant",
        {},
        COORDINATOR_ACTION,
    ),
    "matching.invite": ("POST", "/matching/feedback/{open_need}/{public_seed}/invite", {}, COORDINATOR_ACTION),
    "matching.synonyms": ("GET", "/matching/synonyms", {}, COORDINATORS),
    "matching.confirm_delete_synonym": ("GET", NO_SYNONYM, {}, OFFICE_ONLY_MISSING),
    "matching.delete_synonym": ("POST", NO_SYNONYM, {}, OFFICE_ONLY_MISSING),
    # The office is sent on to the job's page (303).
    "matching.rebuild": (
        "POST",
        "/matching/rebuild",
        {},
        by_role(REDIRECT, FORBIDDEN, FORBIDDEN, SEE_OTHER, SEE_OTHER),
    ),
    # The table's world has far fewer than 200 judged pairs: the office is told so (409).
    "matching.train_reranker": (
        "POST",
        "/matching/reranker/train",
        {},
        by_role(REDIRECT, FORBIDDEN, FORBIDDEN, CONFLICT, CONFLICT),
    ),
    "matching.switch_reranker": ("POST", "/matching/reranker/999999/off", {}, OFFICE_ONLY_MISSING),
}

"""Routes of seeds and of the organisation profile, in the permission table's vocabulary.

A private seed does not exist for those who may not see it (404), whoever they are;
the programme office sees it but may not edit it (403)."""

from __future__ import annotations

from tests.permission_rows import EVERYONE, FORBIDDEN, NOT_FOUND, OK, REDIRECT, Row, by_role

MEMBERS_ONLY = by_role(REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)

ROWS: dict[str, Row] = {
    "seeds.index": ("GET", "/seeds/", {}, EVERYONE),
    "seeds.detail": ("GET", "/seeds/{private_seed}", {}, by_role(NOT_FOUND, OK, NOT_FOUND, OK, OK)),
    "seeds.new": ("GET", "/seeds/new", {}, MEMBERS_ONLY),
    "seeds.edit": ("GET", "/seeds/{private_seed}/edit", {}, by_role(REDIRECT, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN)),
    "seeds.mine": ("GET", "/seeds/mine", {}, MEMBERS_ONLY),
    "organisations.edit_profile": ("GET", "/organisations/{own_org}/edit", {}, MEMBERS_ONLY),
}

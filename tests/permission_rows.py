"""Shared vocabulary of the permission table (tests/test_permission_table.py).

Each feature lists its routes in ``tests/<feature>/permission_rows.py`` as
``ROWS = {endpoint: (method, path, form data, expected status per role)}``. Paths may use
the placeholders of the table's standard world:

  {own_org}            the member's own (approved) organisation
  {pending_org}        an organisation waiting for approval
  {staff}              the staff user's id
  {open_need}          an open need of the staff user's department
  {draft_need}         a draft need of the staff user's department
  {other_draft_need}   a draft need of another department
  {public_seed}        a public seed of the member's organisation
  {private_seed}       a private seed of the member's organisation
  {other_private_seed} a private seed of another organisation
  {draft_proposal}     the member's organisation's draft proposal to {open_need}
  {submitted_proposal} another organisation's submitted proposal to {open_need}

A feature whose routes need more objects defines ``extend_world(world, factories)`` next
to its ROWS: ``world`` holds "users" (by role), "ids" (the placeholders), "other_org" and
"open_need"; ``factories`` has the conftest factories (make_user, make_need, ...) and
``db``. It adds its own placeholders, named with the feature's prefix, to world["ids"].
"""

from __future__ import annotations

ROLES = ("public", "member", "staff", "coordinator", "admin")
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND, CONFLICT = 200, 302, 400, 403, 404, 409

Row = tuple[str, str, dict[str, str], dict[str, int]]


def by_role(public: int, member: int, staff: int, coordinator: int, admin: int) -> dict[str, int]:
    return dict(zip(ROLES, (public, member, staff, coordinator, admin), strict=True))


EVERYONE = by_role(OK, OK, OK, OK, OK)
SIGNED_IN = by_role(REDIRECT, OK, OK, OK, OK)
COORDINATORS = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK)
COORDINATOR_ACTION = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT)
ADMINS = by_role(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
ALL_REDIRECT = dict.fromkeys(ROLES, REDIRECT)

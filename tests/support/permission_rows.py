"""Support-request routes × roles (see tests/permission_rows.py for the vocabulary).

``extend_world`` adds:
  {support_request}  a request of the staff user's department, waiting for triage
  {support_search}, {support_project}  requests of that department on those paths
"""

from __future__ import annotations

from typing import Any

from hackplat.models.support import SupportPath, SupportRequest, SupportStatus
from tests.permission_rows import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Row, by_role

ROWS: dict[str, Row] = {
    # The office lists every request, staff their department's; members never.
    "support.index": ("GET", "/support/", {}, by_role(REDIRECT, FORBIDDEN, OK, OK, OK)),
    # Staff open requests for their department; the office triages them instead.
    "support.new": ("GET", "/support/new", {}, by_role(REDIRECT, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)),
    # Every city account reads a request (to join it); members get the same answer as for none.
    "support.detail": ("GET", "/support/{support_request}", {}, by_role(REDIRECT, NOT_FOUND, OK, OK, OK)),
    # The search path's page (the matcher's suggestions, private seeds included): the office.
    "support_paths.search_page": (
        "GET", "/support/{support_search}/search", {}, by_role(REDIRECT, NOT_FOUND, FORBIDDEN, OK, OK)),
    # The project path's page: every city account reads it, as the request; staff of the
    # department check in there (tests/support/test_project_path.py).
    "support_paths.project_page": (
        "GET", "/support/{support_project}/project", {}, by_role(REDIRECT, NOT_FOUND, OK, OK, OK)),
}  # fmt: skip


def extend_world(world: dict[str, Any], factories: Any) -> None:
    db, staff = factories.db, world["users"]["staff"]
    request = SupportRequest(department_id=staff.department_id, author_id=staff.id, title="支援の依頼",
                             situation="窓口が混雑している。")  # fmt: skip
    db.session.add(request)
    db.session.commit()
    world["ids"]["support_request"] = request.id
    _extend_paths(world, factories)


def _extend_paths(world: dict[str, Any], factories: Any) -> None:
    """{support_search}, {support_project}: requests of the staff user's department
    triaged to the search and the project path."""
    db, staff = factories.db, world["users"]["staff"]
    for path in (SupportPath.SEARCH, SupportPath.PROJECT):
        request = SupportRequest(department_id=staff.department_id, author_id=staff.id, title="支援の依頼",
                                 situation="進まない。", status=SupportStatus.TRIAGED, path=path, triage_reason="理由")  # fmt: skip
        db.session.add(request)
        db.session.commit()
        world["ids"][f"support_{path.value}"] = request.id

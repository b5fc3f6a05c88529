"""Startup support's route × roles (see tests/permission_rows.py): a mentoring request's
page is the programme office's; {startups_request} asks for mentoring on
{submitted_proposal}."""

from __future__ import annotations

from tests.permission_rows import COORDINATORS, Row

ROWS: dict[str, Row] = {
    "startups.mentoring": ("GET", "/startups/mentoring/{startups_request}", {}, COORDINATORS),
}


def extend_world(world: dict, factories) -> None:
    from hackplat.models import MentoringRequest

    request = MentoringRequest(proposal_id=world["ids"]["submitted_proposal"], note="相談したい")
    factories.db.session.add(request)
    factories.db.session.commit()
    world["ids"]["startups_request"] = request.id

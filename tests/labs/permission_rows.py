"""Co-creation labs (#17 item 2): the list and each lab's page are public; the office
creates and edits labs and puts groups and pilots in them. Placeholders: {labs_lab} an
active lab; {pilot_pilot} comes from tests/pilots/permission_rows.py."""

from __future__ import annotations

from hackplat.models import Lab
from tests.permission_rows import COORDINATOR_ACTION, COORDINATORS, EVERYONE, Row

ROWS: dict[str, Row] = {
    "labs.index": ("GET", "/labs/", {}, EVERYONE),
    "labs.detail": ("GET", "/labs/{labs_lab}", {}, EVERYONE),
    "labs.new": ("GET", "/labs/new", {}, COORDINATORS),
    "labs.edit": ("GET", "/labs/{labs_lab}/edit", {}, COORDINATORS),
    "labs.assign": ("POST", "/labs/assign/pilot/{pilot_pilot}", {"lab_id": "0"}, COORDINATOR_ACTION),
}


def extend_world(world: dict, factories) -> None:
    lab = Lab(name="リビングラボ", description="地域で試す", url="https://lab.example.jp/")
    factories.db.session.add(lab)
    factories.db.session.commit()
    world["ids"]["labs_lab"] = lab.id

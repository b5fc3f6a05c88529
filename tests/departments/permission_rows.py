"""The track record pages (#17 item 5): an organisation's public profile (opt-in) and a
department's page, both public. Placeholders: {track_profile} an approved organisation
whose members switched its page on, {track_department} the standard world's department."""

from __future__ import annotations

from tests.permission_rows import EVERYONE, Row

ROWS: dict[str, Row] = {
    "organisation_profiles.show": ("GET", "/organisations/{track_profile}/profile", {}, EVERYONE),
    "departments.detail": ("GET", "/departments/{track_department}", {}, EVERYONE),
}


def extend_world(world: dict, factories) -> None:
    organisation = factories.make_organisation(name="実績を公開する組織")
    organisation.profile_public = True
    factories.db.session.commit()
    world["ids"]["track_profile"] = organisation.id
    world["ids"]["track_department"] = world["open_need"].department_id

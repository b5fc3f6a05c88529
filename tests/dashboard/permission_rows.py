"""The dashboard's routes: coordinators and admins read, only admins edit, all see /programme."""

from __future__ import annotations

from tests.permission_rows import ADMINS, COORDINATORS, EVERYONE, Row

ROWS: dict[str, Row] = {
    "dashboard.index": ("GET", "/dashboard", {}, COORDINATORS),
    "dashboard.download_csv": ("GET", "/dashboard/targets.csv", {}, COORDINATORS),
    "dashboard.download_json": ("GET", "/dashboard/targets.json", {}, COORDINATORS),
    "dashboard.edit_indicator": ("GET", "/dashboard/indicators/{dashboard_indicator}", {}, ADMINS),
    "dashboard.new_cycle": ("GET", "/dashboard/cycles/new", {}, ADMINS),
    "dashboard.programme": ("GET", "/programme", {}, EVERYONE),
}


def extend_world(world: dict, factories) -> None:
    from hackplat.dashboard.strategy import seed_strategy

    indicators = seed_strategy()
    factories.db.session.commit()
    world["ids"]["dashboard_indicator"] = indicators[0].id

"""The demo needs' details (content/need_details.toml: contact person, budget range, ward,
other themes, what the evaluators look for), as NeedFields values for the loader."""

from __future__ import annotations

from typing import Any

from hackplat.demo.data import read
from hackplat.models import Department, Theme

#: The details by need title.
DETAILS: dict[str, dict[str, Any]] = {row["need"]: row for row in read("need_details.toml")["details"]}


def details_for(title: str, themes: dict[str, Theme], departments: dict[str, Department]) -> dict[str, Any]:
    """The NeedFields values of the demo need ``title`` ({} when it has no details); a
    theme or ward the data names must exist (KeyError otherwise: the data is wrong)."""
    row = DETAILS.get(title)
    if row is None:
        return {}
    values = {key: value for key, value in row.items() if key not in ("need", "ward", "other_themes")}
    values["other_theme_ids"] = tuple(themes[name].id for name in row.get("other_themes", ()))
    if "ward" in row:
        values["target_ward_id"] = departments[row["ward"]].id
    return values

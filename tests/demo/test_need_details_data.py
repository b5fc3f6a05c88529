"""Integrity of the demo needs' details (content/need_details.toml): pure data, no database."""

import pytest

from hackplat.demo import data
from hackplat.demo.exchange import NEEDS
from hackplat.demo.need_details import DETAILS
from hackplat.models import NeedStatus
from hackplat.models.exchange import DEFAULT_THEMES
from hackplat.needs.details import BUDGET_MAX, CONTACT_MAX, OTHER_THEMES_MAX

BY_TITLE = {need.title: need for need in NEEDS}


@pytest.fixture(autouse=True)
def app_context() -> None:
    """Overrides the suite's fixture of the same name: this module needs no app or database."""


def test_most_open_needs_have_details() -> None:
    open_titles = {need.title for need in NEEDS if need.status == NeedStatus.OPEN}
    assert set(DETAILS) <= set(BY_TITLE)
    assert len(open_titles & set(DETAILS)) >= len(open_titles) * 3 // 4


@pytest.mark.parametrize("row", DETAILS.values(), ids=list(DETAILS))
def test_details_are_valid(row: dict) -> None:
    need = BY_TITLE[row["need"]]
    others = row.get("other_themes", [])
    assert set(others) <= set(DEFAULT_THEMES)
    assert need.theme not in others
    assert len(others) <= OTHER_THEMES_MAX
    assert row.get("ward", data.WARDS[0]) in data.WARDS
    low, high = row.get("budget_min", 0), row.get("budget_max", BUDGET_MAX)
    assert 0 <= low <= high <= BUDGET_MAX
    assert 0 < len(row["contact_name"]) <= CONTACT_MAX

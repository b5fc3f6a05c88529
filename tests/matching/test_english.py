"""The matcher's pages in English, when the visitor chose it (user data aside)."""

from __future__ import annotations

import pytest

from hackplat.matching import store
from hackplat.models import Role
from tests.helpers.i18n import japanese_in
from tests.matching.pages import section

#: English pages need the compiled catalogue (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english_catalogue")


def test_the_matcher_page_in_english(client, login, make_user, make_need) -> None:
    make_need(title="Online applications", background="", problem="", desired_outcome="", expected_effect="")
    store.rebuild()
    client.get("/language/en")
    login(make_user(Role.COORDINATOR))
    body = client.get("/matching/synonyms").get_data(as_text=True)
    assert "<h1>Matching administration</h1>" in body
    assert "Rebuild now" in body
    assert "<dt>Needs</dt><dd>1</dd>" in body
    assert japanese_in(body) == []
    body = client.submit("/matching/synonyms", {"variant": "", "canonical": "x"}).get_data(as_text=True)
    assert "This field is required." in body


def test_the_suggestions_panel_speaks_english(client, login, childcare, make_user) -> None:
    store.rebuild()
    client.get("/language/en")
    login(make_user(Role.COORDINATOR))
    panel = section(client.get(f"/needs/{childcare.need.id}").get_data(as_text=True), 'id="need-suggestions"') or ""
    assert "Seeds that fit this need" in panel
    assert "Not relevant" in panel
    assert "Shared terms" in panel

"""The home page: what the programme is, and where its figures are (targets are data)."""

from __future__ import annotations


def test_the_home_page_links_to_the_programme_figures_instead_of_repeating_them(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/programme"' in page
    assert "1,000人" not in page  # the targets live in the indicators, editable by admins

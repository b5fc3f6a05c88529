"""Static files under fingerprinted addresses, kept by browsers for a year
(hackplat/caching/static_files.py)."""

from __future__ import annotations

import re

from hackplat.caching.static_files import ONE_YEAR, Fingerprints


def test_pages_link_the_stylesheet_by_its_fingerprint_and_it_is_kept_a_year(client) -> None:
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]{12}))"', page)
    assert match, "the stylesheet's address has no fingerprint"
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert response.cache_control.max_age == ONE_YEAR
    assert response.cache_control.immutable


def test_an_address_without_the_current_fingerprint_is_revalidated(client) -> None:
    for address in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(address)
        assert response.status_code == 200
        assert response.cache_control.max_age != ONE_YEAR
        assert response.headers.get("ETag")


def test_the_fingerprint_follows_the_files_content(tmp_path) -> None:
    (tmp_path / "app.css").write_text("body { color: black; }")
    fingerprints = Fingerprints(str(tmp_path))
    first = fingerprints.of("app.css")
    (tmp_path / "app.css").write_text("body { color: darkblue; }")
    assert fingerprints.of("app.css") != first
    assert fingerprints.of("missing.css") is None

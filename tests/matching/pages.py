"""Pieces of the matcher's pages to look at in web tests."""

from __future__ import annotations

import re


def section(html: str, marker: str) -> str | None:
    """The <section> whose opening tag contains ``marker`` (None if the page has none)."""
    found = re.search(rf"<section[^>]*{re.escape(marker)}[^>]*>.*?</section>", html, flags=re.S)
    return found.group(0) if found else None


def rows(table_html: str) -> list[str]:
    """The body rows of a table."""
    body = re.search(r"<tbody>(.*?)</tbody>", table_html, flags=re.S)
    return re.findall(r"<tr>.*?</tr>", body.group(1), flags=re.S) if body else []


def linked_ids(html: str, kind: str) -> list[int]:
    """Ids of the /seeds/<id> (or /needs/<id>) pages linked, in order."""
    return [int(n) for n in re.findall(rf'href="/{kind}/(\d+)"', html)]


def marked_terms(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)

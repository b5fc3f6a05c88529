"""Reading the server's HTML in view tests."""

from __future__ import annotations

import html
import re


def field_error(markup: str, field_id: str) -> str:
    """The error message shown under the form field ``field_id``."""
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', markup, flags=re.S)
    assert match, f"no error shown for {field_id}"
    return html.unescape(match.group(1))

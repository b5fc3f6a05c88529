"""Locale choice: Japanese first; English only when the visitor picks it.

The browser's Accept-Language is deliberately not followed: the programme's public face
is Japanese, and a city PC set to English would otherwise get a half-translated site.
"""

from __future__ import annotations

from flask import has_request_context, request

LOCALE_COOKIE = "lang"
SUPPORTED_LOCALES = ("ja", "en")


def select_locale() -> str:
    chosen = request.cookies.get(LOCALE_COOKIE) if has_request_context() else None
    return chosen if chosen in SUPPORTED_LOCALES else "ja"

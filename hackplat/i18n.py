"""Locale choice: Japanese first; English only when the visitor picks it; and the
templates' translation callables.

The browser's Accept-Language is deliberately not followed: the programme's public face
is Japanese, and a city PC set to English would otherwise get a half-translated site.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations

LOCALE_COOKIE = "lang"
SUPPORTED_LOCALES = ("ja", "en")


def select_locale() -> str:
    chosen = request.cookies.get(LOCALE_COOKIE) if has_request_context() else None
    return chosen if chosen in SUPPORTED_LOCALES else "ja"


def _translations() -> Any:
    """The translations of the locale in force, looked up once per app context and locale
    (a forced one, e.g. a notification's, is another locale object): Flask-Babel's own
    template callables look them up again for each string, ~8 µs, ~170 strings a page."""
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    kept = g.get("template_translations")
    if kept is None or kept[0] is not locale:
        kept = g.template_translations = (locale, get_translations())
    return kept[1]


def install_template_gettext(app: Flask) -> None:
    """Templates' ``_``, ``gettext``, ``ngettext`` (…) through :func:`_translations`, in
    place of the callables Flask-Babel installed (same signatures, new-style: autoescaped,
    ``%`` formatting)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

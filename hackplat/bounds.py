"""Bounds on the integers read from a request (path, query string, form selects).

Python's ``int`` has no limit, the databases' columns have: an id beyond 2⁶³ made
SQLite raise OverflowError, one beyond 2³¹ is out of range of a PostgreSQL ``integer``.
Every integer taken from a request goes through ``bounded_int`` — the ``int`` URL
converter, the page number, ``?need=``-style parameters, select fields — so that an
absurd value is simply an unknown one (404, or ignored like any other unknown value).
"""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.routing import IntegerConverter, Map

#: The largest value of a 32-bit signed column (ids, years, counts): anything above is no row.
MAX_INT = 2**31 - 1


def bounded_int(value: Any) -> int:
    """``value`` (an int, or ASCII digits) as an int in 0..MAX_INT; ValueError otherwise.
    Usable as a WTForms ``coerce`` and as ``request.args.get(..., type=bounded_int)``."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_INT))):
            raise ValueError(f"not a bounded integer: {value[:20]!r}")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
        raise ValueError(f"not a bounded integer: {value!r}")
    return value


def query_int(name: str) -> int | None:
    """The query-string integer ``name``, or None when missing or out of bounds."""
    return request.args.get(name, type=bounded_int)


class BoundedIntConverter(IntegerConverter):
    """The ``int`` URL converter with ASCII digits only (``\\d`` would take １２３) and
    MAX_INT as the default maximum, so that ``/needs/99999999999999999999`` is a 404."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)

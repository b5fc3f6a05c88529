"""Static files with their content's fingerprint in the address, cached for a year.

``url_for("static", filename="css/app.css")`` gives ``/static/css/app.css?v=<hash>``: a
browser keeps the file (``immutable``, a year) and a new deploy changes the address, so
nobody keeps an old stylesheet. An address without the current fingerprint (an old page,
typed by hand) still gets the file, revalidated each time (ETag, Last-Modified).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.wrappers import Response

ONE_YEAR = 365 * 24 * 3600
PARAMETER = "v"


class Fingerprints:
    """The fingerprint of each static file, made again when the file changes (its size
    or modification time), so that editing a stylesheet in development shows at once."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self.known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, filename: str) -> str | None:
        path = self.folder / filename
        try:
            stat = path.stat()
        except OSError:
            return None  # a missing file: Flask answers its 404
        seen = (stat.st_mtime_ns, stat.st_size)
        known = self.known.get(filename)
        if known is None or known[0] != seen:
            known = (seen, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
            self.known[filename] = known
        return known[1]


def init_static_files(app: Flask) -> None:
    fingerprints = Fingerprints(str(app.static_folder))

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint != "static" or PARAMETER in values or "filename" not in values:
            return
        if fingerprint := fingerprints.of(values["filename"]):
            values[PARAMETER] = fingerprint

    @app.after_request
    def cache_fingerprinted(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get(PARAMETER) and request.args.get(PARAMETER) == fingerprints.of(filename):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response

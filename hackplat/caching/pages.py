"""The public pages as a signed-out visitor gets them, kept in each process.

A page is kept by its address, language, host and day (deadlines and "days left" are
counted in days) together with the content's version (``stamp``): once anything a page
may show is committed, by any worker on any host, the version moves on and every kept
page is dropped at the next request. Only what is the same for every visitor is kept:
no signed-in page (they carry the person's navigation), no page with a message waiting
in the session, no page that holds a form's CSRF token, only complete 200 answers.

The browser gets an ``ETag`` and ``Cache-Control: no-cache`` (ask again each time, and
get a 304 when nothing changed); ``Vary: Cookie``, as the language and the sign-in are
cookies.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, g, request, session
from flask_login import current_user

from hackplat.caching.stamp import ContentVersion, content_version, keepable
from hackplat.fiscal import japan_today
from hackplat.i18n import select_locale

#: The pages every visitor gets alike (their own permission checks still decide who
#: sees what: only a 200 is kept, and only a signed-out visitor's).
PUBLIC_ENDPOINTS = frozenset(
    {
        "home.index",
        "needs.index",
        "needs.detail",
        "seeds.index",
        "seeds.detail",
        "knowledge.index",
        "knowledge.detail",
        "labs.index",
        "labs.detail",
        "departments.detail",
        "organisation_profiles.show",
        "dashboard.programme",
        "questions.for_need",
    }
)
#: The bytes of pages a process keeps (the oldest used go first).
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    etag: str


class PageStore:
    """Pages of one content version; a newer version empties the store."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.version: ContentVersion | None = None
        self.pages: OrderedDict[tuple[str, ...], KeptPage] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # the development and test servers run threads

    def get(self, version: ContentVersion, key: tuple[str, ...]) -> KeptPage | None:
        with self.lock:
            if version != self.version:
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, version: ContentVersion, key: tuple[str, ...], body: bytes) -> KeptPage:
        page = KeptPage(body, hashlib.blake2b(body, digest_size=16).hexdigest())
        if not keepable(version):
            return page
        with self.lock:
            if version != self.version:
                self.version, self.size = version, 0
                self.pages.clear()
            if (old := self.pages.pop(key, None)) is not None:
                self.size -= len(old.body)
            self.pages[key] = page
            self.size += len(body)
            while self.size > self.max_bytes and self.pages:
                self.size -= len(self.pages.popitem(last=False)[1].body)
            return page


STORE = PageStore()


def _key() -> tuple[str, ...] | None:
    """The kept page's key for this request, or None when it must be made afresh."""
    if request.method != "GET" or request.endpoint not in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated or "_flashes" in session:  # a message to show once
        return None
    return (request.host, request.full_path, select_locale(), japan_today().isoformat())


def serve_kept_page() -> Response | None:
    key = _key()
    if key is None:
        return None
    version = content_version()  # first, before the page reads anything
    g.kept_page = (version, key)
    page = STORE.get(version, key)
    if page is None:
        return None
    g.kept_page = None  # served: not to be kept again
    response = Response(page.body, mimetype="text/html")
    response.set_etag(page.etag)
    _for_visitors(response).make_conditional(request)
    return response


def keep_page(response: Response) -> Response:
    kept = g.pop("kept_page", None)
    if kept is None or response.status_code != 200 or response.mimetype != "text/html":
        return response
    if response.direct_passthrough:
        return response
    body = response.get_data()
    if b'name="csrf_token"' in body:  # a form of this visitor's session
        return response
    version, key = kept
    response.set_etag(STORE.put(version, key, body).etag)
    _for_visitors(response).make_conditional(request)
    return response


def _for_visitors(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response


def init_page_cache(app: Flask) -> None:
    app.before_request(serve_kept_page)
    app.after_request(keep_page)

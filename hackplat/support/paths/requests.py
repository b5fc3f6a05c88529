"""What the paths need of the request itself, all through the request's own service
(hackplat/support/services.py): that it is on their path and still open, its moves to
in progress and done, and the request as its reader may see it."""

from __future__ import annotations

from flask import url_for

from hackplat.models import User
from hackplat.models.support import SupportPath, SupportRequest
from hackplat.support import services

SEARCH, PROJECT = SupportPath.SEARCH, SupportPath.PROJECT


def visible_request(request_id: int, *, actor: User) -> SupportRequest:
    return services.visible_request(request_id, actor=actor)


def require_on_path(request: SupportRequest, path: SupportPath) -> None:
    """The request was triaged to ``path`` and is not finished (409 otherwise)."""
    services.require_open_on(request, path)


def is_working(request: SupportRequest) -> bool:
    """Whether the path's work may go on (triaged or in progress)."""
    return request.status in services.WORKING


def begin(request: SupportRequest, *, actor: User) -> None:
    """The path's work has started: the request is in progress."""
    services.start_path(request, actor=actor)


def finish(request: SupportRequest, *, actor: User) -> None:
    """The path has reached its end: the request is done (the department is told)."""
    services.finish(request, actor=actor)


def request_url(request: SupportRequest) -> str:
    return url_for("support.detail", request_id=request.id)

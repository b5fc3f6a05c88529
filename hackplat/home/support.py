"""Support requests on the home pages (hackplat/models/support.py): the office sees the
open requests, untriaged first, then by path, the oldest first; staff see their
department's open requests and where each stands."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hackplat.fiscal import JAPAN, japan_today
from hackplat.home.items import Entry, QueryProvider, Rows, register
from hackplat.home.office import day
from hackplat.models import User
from hackplat.models.support import OPEN_STATUSES, SupportRequest
from hackplat.permissions import is_coordinator, is_staff
from hackplat.support import queries
from hackplat.support.labels import STATUS_LABELS, path_label


def age_in_days(created_at: datetime) -> int:
    return max(0, (japan_today() - created_at.astimezone(JAPAN).date()).days)


def _office_rows(user: User) -> Rows:
    return queries.open_by_path_and_age()


def _office_entry(request: SupportRequest) -> Entry:
    label = f"［{path_label(request.path)}］{request.title}"
    note = _("%(department)s・%(days)d日経過", department=request.department.name,
             days=age_in_days(request.created_at))  # fmt: skip
    return Entry(label, url_for("support.detail", request_id=request.id), note)


def _department_rows(user: User) -> Rows:
    return queries.for_department(user).where(SupportRequest.status.in_(OPEN_STATUSES))


def _department_entry(request: SupportRequest) -> Entry:
    note = f"{STATUS_LABELS[request.status]}・{path_label(request.path)}・{day(request.created_at)}"
    return Entry(request.title, url_for("support.detail", request_id=request.id), note)


register(
    QueryProvider(
        "office.support_requests", _l("支援の依頼（振り分け待ち・対応中）"), is_coordinator,
        _office_rows, _office_entry, lambda user: url_for("support.index", status="open"),
    ),
    after="office.organisations",
)  # fmt: skip
register(
    QueryProvider(
        "staff.support_requests", _l("自部署の支援の依頼"), is_staff,
        _department_rows, _department_entry, lambda user: url_for("support.index"), todo=False,
    )
)  # fmt: skip

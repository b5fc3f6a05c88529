"""The programme office's home: startups' mentoring requests waiting to be taken, and
those the coordinator took and has not closed, oldest first (#17 item 3)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hackplat.home.items import Entry, QueryProvider, Rows, register
from hackplat.home.office import day
from hackplat.models import MentoringRequest, User
from hackplat.permissions import can_mentor_startups
from hackplat.startups.services import taken_by, waiting_requests


def _waiting(user: User) -> Rows:
    return waiting_requests()


def _taken(user: User) -> Rows:
    return taken_by(user)


def _entry(request: MentoringRequest) -> Entry:
    proposal = request.proposal
    return Entry(
        _("%(name)s（「%(title)s」への提案）", name=proposal.organisation.name, title=proposal.need.title),
        url_for("startups.mentoring", request_id=request.id),
        _("希望日 %(date)s", date=day(request.requested_at)),
    )


register(
    QueryProvider(
        "office.mentoring", _l("メンタリングを希望するスタートアップ"), can_mentor_startups, _waiting, _entry
    ),
    after="office.cases_awaiting_consent",
)
register(
    QueryProvider("office.mentoring_taken", _l("担当中のメンタリング"), can_mentor_startups, _taken, _entry),
    after="office.mentoring",
)

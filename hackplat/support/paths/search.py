"""The search path of a support request (「事業者がみつからない」): the department has a need
and cannot find a company for it, so the programme office looks with the matcher and
invites organisations.

The search is about one of the department's needs that still takes organisations (open,
or with a working group that is forming or active). Its invitations go through the
need's working group (formed here when the need has none): the working-group service
invites, notifies the organisation, records the audit and later hears its answer, so
that an invitation from a search is the same thing as any other. The search ends
(the request is done) when a coordinator closes it with a note, once at least one
invitation has been sent.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.matching.suggestions import Suggestion, invited_seed_ids, seeds_for_need
from hackplat.models import (
    Need,
    NeedStatus,
    Seed,
    User,
    WorkingGroup,
    WorkingGroupMembership,
    utcnow,
)
from hackplat.models.support import SupportRequest
from hackplat.models.support_paths import SupportSearch, SupportSearchInvitation
from hackplat.notifications.services import NOTIFICATION_LOCALE, shortened
from hackplat.permissions import require
from hackplat.permissions.support_paths import can_run_support_paths
from hackplat.support.paths import requests
from hackplat.validation import checked_text
from hackplat.workgroups import queries as group_queries
from hackplat.workgroups import services as groups

NOTE_MAX = 4000
#: The needs a search may be about: they still take organisations into a working group.
SEARCHABLE = (NeedStatus.OPEN, NeedStatus.WORKING_GROUP)


def search_of(request: SupportRequest) -> SupportSearch | None:
    return db.session.scalar(select(SupportSearch).where(SupportSearch.request_id == request.id))


def searchable_needs(request: SupportRequest) -> list[Need]:
    """The department's needs that take invitations: open ones, and those whose working
    group is still forming or active; newest first."""
    working = select(WorkingGroup.need_id).where(WorkingGroup.status.in_(groups.WORKING))
    query = (
        select(Need)
        .where(Need.department_id == request.department_id)
        .where((Need.status == NeedStatus.OPEN) | ((Need.status == NeedStatus.WORKING_GROUP) & Need.id.in_(working)))
        .order_by(Need.created_at.desc(), Need.id.desc())
    )
    return list(db.session.scalars(query))


def _require_open(search: SupportSearch | None) -> None:
    if search is not None and search.closed_at is not None:
        raise Conflict(_("この検索は既に終了しています。"))


def _require_searchable(request: SupportRequest, need: Need) -> None:
    if need.id not in {n.id for n in searchable_needs(request)}:
        raise Conflict(
            _("この部署の、組織を招待できる課題（募集中またはワーキンググループの活動中）を選んでください。")
        )


def _started(request: SupportRequest, actor: User) -> SupportSearch:
    """The request's search, begun now if it has none (the request is then in progress)."""
    search = search_of(request)
    if search is None:
        search = SupportSearch(request=request, started_by_id=actor.id)
        db.session.add(search)
        requests.begin(request, actor=actor)
    return search


def choose_need(request: SupportRequest, need: Need, *, actor: User) -> SupportSearch:
    """Search for ``need`` (or, before any invitation, for another of the department's)."""
    require(can_run_support_paths(actor))
    requests.require_on_path(request, requests.SEARCH)
    search = search_of(request)
    _require_open(search)
    _require_searchable(request, need)
    if search is not None and search.invitations and request.need_id != need.id:
        raise Conflict(_("招待を送った後は、検索する課題を変更できません。"))
    search = _started(request, actor)
    request.need = need
    flush_or_conflict()
    audit.record("support.search_need", "support_request", request.id, actor=actor, detail={"need_id": need.id})
    return search


def suggestions(request: SupportRequest, *, actor: User) -> list[Suggestion]:
    """The matcher's seeds for the request's need (the office sees private seeds too)."""
    require(can_run_support_paths(actor))
    return seeds_for_need(request.need, viewer=actor) if request.need is not None else []


def candidate_ids(request: SupportRequest) -> set[int]:
    """Seeds a coordinator marked 招待候補 on the need's page."""
    return invited_seed_ids(request.need) if request.need is not None else set()


def invited_organisation_ids(request: SupportRequest) -> set[int]:
    """Organisations already in the need's working group (invited from anywhere): they
    cannot be invited again (one membership per organisation)."""
    group = group_queries.group_of_need(request.need) if request.need is not None else None
    return {m.organisation_id for m in group.memberships} if group is not None else set()


def _group_for(need: Need, request: SupportRequest, actor: User) -> WorkingGroup:
    """The need's working group; formed now (led by ``actor``) when it has none."""
    group = group_queries.group_of_need(need)
    if group is not None:
        return group
    with force_locale(NOTIFICATION_LOCALE):  # the group's name is shared data, in Japanese
        name = _("%(title)s のワーキンググループ", title=shortened(need.title, 150))
        purpose = _("支援依頼「%(title)s」から、事業者を探して招待するために結成しました。", title=request.title)
    return groups.form_working_group(need, name, purpose, actor=actor)


def invite(request: SupportRequest, seed: Seed, *, actor: User) -> WorkingGroupMembership:
    """Invite the organisation of a suggested seed into the need's working group (the
    working-group service checks, notifies and audits the invitation itself)."""
    require(can_run_support_paths(actor))
    requests.require_on_path(request, requests.SEARCH)
    search = search_of(request)
    _require_open(search)
    need = request.need
    if need is None:
        raise Conflict(_("先に、事業者を探す課題を選んでください。"))
    _require_searchable(request, need)
    search = _started(request, actor)
    group = _group_for(need, request, actor)
    membership = groups.invite_from_suggestion(group, seed, actor=actor)
    search.group = group
    search.invitations.append(SupportSearchInvitation(membership=membership))
    flush_or_conflict()
    detail = {"need_id": need.id, "group_id": group.id, "organisation_id": membership.organisation_id}
    audit.record("support.search_invited", "support_request", request.id, actor=actor, detail=detail)
    return membership


def close_search(request: SupportRequest, note: str, *, actor: User) -> SupportSearch:
    """End the search with a note, only once an invitation was sent from it; the
    request is then done."""
    require(can_run_support_paths(actor))
    requests.require_on_path(request, requests.SEARCH)
    search = search_of(request)
    _require_open(search)
    if search is None or not search.invitations:
        raise Conflict(_("検索を終了するには、組織を1つ以上招待してください。"))
    search.note = checked_text(note, "note", NOTE_MAX, needed=True)
    search.closed_at, search.closed_by_id = utcnow(), actor.id
    flush_or_conflict()
    audit.record("support.search_closed", "support_request", request.id, actor=actor,
                 detail={"invitations": len(search.invitations)})  # fmt: skip
    requests.finish(request, actor=actor)
    return search

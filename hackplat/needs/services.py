"""Needs: a department's problems, written by its staff (or the programme office) and
moved through ``draft → open → working_group → piloting → resolved | closed``.

Every move goes through ``change_need_status``, whose ``LIFE_CYCLE`` says which moves
exist and who may make each; the queries at the end serve the public list and the staff's own list.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from hackplat import audit
from hackplat.concurrency import require_version
from hackplat.errors import Conflict, InvalidInput, NotFound
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.labels import NEED_STATUS_LABELS
from hackplat.labs.services import check_lab_choice
from hackplat.lifecycle import LifeCycle, Move
from hackplat.listing import listed
from hackplat.matching.search_query import keyword_search
from hackplat.matching.store.live import reindex
from hackplat.models import Actor, Department, Need, NeedStatus, Theme, User, utcnow
from hackplat.needs import details
from hackplat.needs.discovery import DEADLINE, in_department, sort_order
from hackplat.permissions import (
    can_create_need,
    can_edit_need,
    can_view_need,
    editable_needs,
    is_coordinator,
    is_staff,
    is_staff_of,
    require,
    visible_needs,
)
from hackplat.questions.rules import check_question_deadline
from hackplat.startups.ordering import startup_first
from hackplat.validation import checked_text

TITLE_MAX = 200
TEXT_MAX = 4000

#: Needs whose text may still change; from the working group on, the need is the record
#: of what was agreed.
EDITABLE_STATUSES = (NeedStatus.DRAFT, NeedStatus.OPEN)
PUBLIC_STATUSES = tuple(status for status in NeedStatus if status is not NeedStatus.DRAFT)


def visible_need(need_id: int | None, *, actor: User | None, for_page: bool = False) -> Need:
    """The need ``actor`` may see, or ``NotFound``: the same answer for a draft as for
    nothing, since a draft's existence is its department's business. ``for_page``: with
    what its page shows beside it (``details.PAGE_LOADS``)."""
    need = db.session.get(Need, need_id, options=details.PAGE_LOADS if for_page else ()) if need_id else None
    if need is None or not can_view_need(actor, need):
        raise NotFound(_("お探しの課題は見つかりませんでした。"))
    return need


@dataclass(frozen=True)
class NeedFields:
    """What the need form edits. ``department_id`` None keeps the department (on creation
    by staff: their own department)."""

    title: str
    theme_id: int | None
    background: str = ""
    problem: str = ""
    desired_outcome: str = ""
    expected_effect: str = ""
    deadline: date | None = None
    question_deadline: date | None = None  # questions/rules.py
    startup_support: bool = False
    department_id: int | None = None
    lab_id: int | None = None  # a co-creation lab (labs/services.py checks the choice)
    # the details (needs/details.py): contact, budget (yen), ward (None: the whole city), themes
    contact_name: str = ""
    contact_section: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    budget_min: int | None = None
    budget_max: int | None = None
    target_ward_id: int | None = None
    other_theme_ids: tuple[int, ...] = ()
    focus_fit: str = ""
    focus_feasibility: str = ""
    focus_cost_effectiveness: str = ""
    focus_scalability: str = ""


TEXT_FIELDS = ("background", "problem", "desired_outcome", "expected_effect")
#: NeedFields that ``_apply`` sets otherwise than by copying.
NOT_COLUMNS = ("department_id", "other_theme_ids")


# --- creating and editing ---


def _department_for(actor: User, department_id: int | None, current: Department | None) -> Department:
    """Staff write for their own department only; coordinators choose any."""
    if department_id is not None and department_id != getattr(current, "id", None):
        current = db.session.get(Department, department_id)
    if current is None:
        raise InvalidInput(_("部署を選んでください。"), field="department_id")
    require(is_coordinator(actor) or is_staff_of(actor, current.id))
    return current


def _check_fields(data: NeedFields, *, opening: bool) -> None:
    """Raise ``InvalidInput`` (next to its field) for the first problem; ``opening``: the
    need is or becomes open, so it must say what the problem is and until when."""
    checked_text(data.title, "title", TITLE_MAX, needed=True, missing=_("タイトルを入力してください。"))
    for name in TEXT_FIELDS:
        checked_text(getattr(data, name), name, TEXT_MAX)
    if data.theme_id is None or db.session.get(Theme, data.theme_id) is None:
        raise InvalidInput(_("テーマを選んでください。"), field="theme_id")
    if data.deadline is not None and data.deadline < japan_today():
        raise InvalidInput(_("提案の締切日には今日以降の日付を入力してください。"), field="deadline")
    details.check_details(data)
    if opening and not data.problem.strip():
        raise InvalidInput(_("公開する課題には「課題」の入力が必要です。"), field="problem")
    if opening and data.deadline is None:
        raise InvalidInput(_("公開する課題には提案の締切日が必要です。"), field="deadline")


def _apply(need: Need, data: NeedFields, department: Department) -> list[str]:
    """Copy the form's values onto the need; return the names of the fields that changed."""
    changed = ["department_id"] if need.department_id != department.id else []
    need.department = department
    for field in fields(NeedFields):
        if field.name not in NOT_COLUMNS and getattr(need, field.name) != getattr(data, field.name):
            changed.append(field.name)
            setattr(need, field.name, getattr(data, field.name))
    if details.apply_other_themes(need, data.other_theme_ids):
        changed.append("other_theme_ids")
    need.refresh_search_text()
    return changed


def create_need(data: NeedFields, *, actor: User) -> Need:
    """A new draft; publishing is a separate step (``publish_need``)."""
    require(can_create_need(actor))
    department = _department_for(actor, data.department_id, actor.department if is_staff(actor) else None)
    _check_fields(data, opening=False)
    check_question_deadline(data.question_deadline, data.deadline, None)
    check_lab_choice(data.lab_id, None)
    need = Need(status=NeedStatus.DRAFT, created_by_id=actor.id)
    _apply(need, data, department)
    db.session.add(need)
    reindex(need)
    audit.record("need.created", "need", need.id, actor=actor, detail={"department_id": department.id})
    return need


def check_editable(need: Need, *, actor: User) -> None:
    """Refuse (403, then 409) an edit that ``actor`` may not make or the status forbids."""
    require(can_edit_need(actor, need))
    if need.status not in EDITABLE_STATUSES:
        raise Conflict(_("ワーキンググループに進んだ課題や終了した課題は編集できません。"))


def update_need(need: Need, data: NeedFields, *, expected_version: int | None, actor: User) -> Need:
    """Save an edit made on the need as it was at ``expected_version`` (the form's hidden
    field): if someone saved in between, refuse rather than overwrite their words."""
    check_editable(need, actor=actor)
    require_version(need, expected_version)
    department = _department_for(actor, data.department_id, need.department)
    _check_fields(data, opening=need.status is NeedStatus.OPEN)
    check_question_deadline(data.question_deadline, data.deadline, need.question_deadline)
    check_lab_choice(data.lab_id, need.lab_id)
    changed = _apply(need, data, department)
    audit.record("need.updated", "need", need.id, actor=actor, detail={"changed": changed})
    reindex(need)
    return need


def fields_of(need: Need) -> NeedFields:
    values = {field.name: getattr(need, field.name) for field in fields(NeedFields) if field.name != "other_theme_ids"}
    return NeedFields(**values, other_theme_ids=details.other_theme_ids(need))


# --- the life cycle ---


def _office_only(user: Actor, _need: Need) -> bool:
    return is_coordinator(user)


def _publishable(need: Need) -> None:
    """Publishing needs a problem and a deadline not yet passed."""
    _check_fields(fields_of(need), opening=True)


S = NeedStatus
#: The moves that exist, who may make each, and the move's own condition.
LIFE_CYCLE: LifeCycle[NeedStatus, Need] = LifeCycle(
    moves={
        (S.DRAFT, S.OPEN): Move(can_edit_need, guard=_publishable),
        (S.OPEN, S.WORKING_GROUP): Move(_office_only),
        (S.WORKING_GROUP, S.PILOTING): Move(_office_only),
        (S.OPEN, S.PILOTING): Move(_office_only),  # a pilot without a working group
        (S.PILOTING, S.RESOLVED): Move(_office_only),
        **{(status, S.CLOSED): Move(can_edit_need) for status in (S.DRAFT, S.OPEN, S.WORKING_GROUP, S.PILOTING)},
    },
    labels=NEED_STATUS_LABELS,
    refusal=_l("「%(before)s」の課題を「%(after)s」にすることはできません。"),
    audit_prefix="need",
    object_type="need",
)


def change_need_status(need: Need, to: NeedStatus, *, actor: User | None, reason: str | None = None) -> Need:
    """The one way a need changes status (see ``LIFE_CYCLE``); publishing stamps the date."""
    step = LIFE_CYCLE.check(need, to, actor=actor)
    if to is NeedStatus.OPEN:
        need.published_at = utcnow()
    LIFE_CYCLE.enter(need, step, detail={"reason": reason})
    return need


def publish_need(need: Need, *, actor: User) -> Need:
    return change_need_status(need, NeedStatus.OPEN, actor=actor)


def close_need(need: Need, *, actor: User, reason: str | None = None) -> Need:
    return change_need_status(need, NeedStatus.CLOSED, actor=actor, reason=reason or None)


def allowed_moves(need: Need, user: Actor) -> set[NeedStatus]:
    """The statuses ``user`` may move ``need`` to (for the detail page's buttons)."""
    return set(LIFE_CYCLE.allowed(need, user))


def is_editable(need: Need) -> bool:
    return need.status in EDITABLE_STATUSES


# --- queries ---


@dataclass(frozen=True)
class NeedFilters:
    """The public list's filters; ``status`` None means every published status."""

    status: NeedStatus | None = NeedStatus.OPEN
    theme_id: int | None = None
    department_id: int | None = None  # its sections' needs too
    keywords: str = ""
    sort: str = "newest"  # or "deadline" (needs/discovery.py)
    startup_only: bool = False  # only the startup-friendly needs (「スタートアップ歓迎」)
    startup_first: bool = False  # those first (a startup's member: hackplat/startups/ordering.py)
    lab_id: int | None = None  # a co-creation lab's needs only


def public_needs_query(filters: NeedFilters) -> Select[Need]:
    """Published needs, newest first or by deadline (served by the (status, published_at)
    and (status, deadline) indexes and, when filtered, the (theme_id|department_id, status) ones). Drafts never appear, nor a draft
    closed before it was published: the list is what anyone may see, whoever asks."""
    statuses = (filters.status,) if filters.status in PUBLIC_STATUSES else PUBLIC_STATUSES
    load = select(Need).options(joinedload(Need.department), joinedload(Need.theme))  # one query, not three
    query = load.where(visible_needs(None), Need.status.in_(statuses))
    if filters.theme_id:
        query = query.where(details.has_theme(filters.theme_id))
    if filters.department_id:
        query = query.where(in_department(filters.department_id))
    if filters.lab_id:
        query = query.where(Need.lab_id == filters.lab_id)
    if filters.startup_only:
        query = query.where(Need.startup_support.is_(True))
    if filters.startup_first:  # before the search's rank and the chosen order: within each
        query = query.order_by(startup_first(filters.status))
    query = keyword_search(
        query, "need", filters.keywords, id_column=Need.id, text_column=Need.search_text,
        ranked=filters.sort != DEADLINE, load=load,
    )  # fmt: skip
    query = query.order_by(*sort_order(filters.sort, japan_today()))  # a search: best match first, then these
    return listed(query, load, Need.id)  # a page's ids by index, then its rows (hackplat/listing.py)


def other_stage_counts(filters: NeedFilters) -> dict[NeedStatus, int]:
    """How many needs of each other published stage a search finds: where it finds
    none in the chosen stage, the list says so and links to them."""
    if filters.status is None or not filters.keywords.strip():
        return {}
    found = public_needs_query(replace(filters, status=None)).order_by(None).subquery()
    counts = select(found.c.status, func.count()).where(found.c.status != filters.status).group_by(found.c.status)
    by_status = {NeedStatus(status): count for status, count in db.session.execute(counts)}
    return {status: by_status[status] for status in PUBLIC_STATUSES if by_status.get(status)}


def managed_needs_query(actor: User) -> Select[Need]:
    """The needs ``actor`` looks after, drafts included: their department's, or all for
    the programme office; newest first."""
    require(can_create_need(actor))
    return (
        select(Need)
        .options(selectinload(Need.department), selectinload(Need.theme))
        .where(editable_needs(actor))
        .order_by(Need.id.desc())
    )


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)))


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.kind, Department.name)))

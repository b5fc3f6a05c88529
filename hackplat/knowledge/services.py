"""Knowledge cases: the public write-up of a pilot, ``draft → awaiting_consent →
published``.

A coordinator drafts a case from a pilot whose effect has been measured (evaluated or
rolled out); the draft copies the pilot's texts (see prefill.py), is edited, and is put
to the implementing organisation and the department for their consent (同意待ち); it is
published when the second of them consents (consent.py). A case awaiting consent or
published may be withdrawn to draft by a coordinator (a mistake or a privacy concern
found after publication must be fixable without deleting the record); it then leaves
the library until both consent again.

The consents are to a text: editing the text of a case awaiting consent clears the
consents already given (the audit record says so), and a published case is not edited
in place — it is withdrawn to draft, edited, and consented to again. Every write
refreshes the case's search text and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.knowledge import roll_out
from hackplat.knowledge.notices import tell_consent_requested, tell_published
from hackplat.knowledge.prefill import TEXT_FIELDS, CaseFields, prefilled
from hackplat.labels import CASE_STATUS_LABELS, PILOT_STAGE_LABELS
from hackplat.lifecycle import LifeCycle, Move
from hackplat.listing import listed
from hackplat.matching.search_query import keyword_search
from hackplat.matching.similar import SimilarNeed, open_needs_like
from hackplat.models import Actor, CaseStatus, Department, KnowledgeCase, Pilot, PilotStage, Theme, User, utcnow
from hackplat.permissions import require
from hackplat.permissions.knowledge import (
    can_consent_for_department,
    can_consent_for_organisation,
    can_edit_case,
    visible_cases,
)
from hackplat.validation import checked_text

TITLE_MAX = 200
NAME_MAX = 200
TEXT_MAX = 8000
#: Pilots whose effect is known: only they may become (and stay publishable as) a case.
READY_STAGES = (PilotStage.EVALUATED, PilotStage.ROLLED_OUT)


def case_of_pilot(pilot: Pilot) -> KnowledgeCase | None:
    return db.session.scalar(select(KnowledgeCase).where(KnowledgeCase.pilot_id == pilot.id))


def check_pilot_ready(pilot: Pilot) -> None:
    """Refuse (409) a pilot whose effect has not been measured, or that was stopped."""
    if pilot.stage not in READY_STAGES:
        raise Conflict(
            _("「%(stage)s」の試行からは事例を作成・公開できません。効果検証済みまたは横展開の試行が対象です。",
              stage=PILOT_STAGE_LABELS[pilot.stage])
        )  # fmt: skip


def _duplicate() -> Conflict:
    return Conflict(_("この試行の事例は既にあります。"))


def draft_case(pilot: Pilot, *, actor: User) -> KnowledgeCase:
    """A new draft, pre-filled from the pilot (one case per pilot)."""
    require(can_edit_case(actor))
    check_pilot_ready(pilot)
    if case_of_pilot(pilot) is not None:
        raise _duplicate()
    case = KnowledgeCase(pilot=pilot, status=CaseStatus.DRAFT, created_by_id=actor.id)
    _apply(case, prefilled(pilot))
    db.session.add(case)
    flush_or_conflict(on_duplicate=_duplicate())  # two coordinators at once: the unique pilot_id
    audit.record("case.created", "knowledge_case", case.id, actor=actor, detail={"pilot_id": pilot.id})
    return case


# --- editing ---


def _check_fields(data: CaseFields, *, publishing: bool) -> None:
    """Raise ``InvalidInput`` next to the first field in error; a published case (or one
    being published) must say what was done and what it achieved."""
    checked_text(data.title, "title", TITLE_MAX, needed=True, missing=_("タイトルを入力してください。"))
    checked_text(data.organisation_name, "organisation_name", NAME_MAX)
    for name in TEXT_FIELDS:
        checked_text(getattr(data, name), name, TEXT_MAX)
    if data.department_id is None or db.session.get(Department, data.department_id) is None:
        raise InvalidInput(_("部署を選んでください。"), field="department_id")
    if data.theme_id is not None and db.session.get(Theme, data.theme_id) is None:
        raise InvalidInput(_("テーマを選んでください。"), field="theme_id")
    if publishing and not data.solution.strip():
        raise InvalidInput(_("公開する事例には「解決策」の入力が必要です。"), field="solution")
    if publishing and not data.results.strip():
        raise InvalidInput(_("公開する事例には「成果」の入力が必要です。"), field="results")


def _apply(case: KnowledgeCase, data: CaseFields) -> list[str]:
    """Copy the values onto the case; return the names of the fields that changed."""
    changed = [f.name for f in fields(CaseFields) if getattr(case, f.name) != getattr(data, f.name)]
    for name in changed:
        setattr(case, name, getattr(data, name))
    case.refresh_search_text()
    return changed


def fields_of(case: KnowledgeCase) -> CaseFields:
    return CaseFields(**{f.name: getattr(case, f.name) for f in fields(CaseFields)})


def update_case(case: KnowledgeCase, data: CaseFields, *, expected_version: int | None, actor: User) -> KnowledgeCase:
    """Save an edit made on the case as it was at ``expected_version`` (the form's hidden
    field); a published case stays complete enough to be published."""
    require(can_edit_case(actor))
    require_version(case, expected_version)
    if case.status is CaseStatus.PUBLISHED:
        raise Conflict(
            _("公開中の事例は編集できません。公開を取りやめて下書きに戻してから編集し、改めて同意を得てください。")
        )
    _check_fields(data, publishing=case.status is CaseStatus.AWAITING_CONSENT)
    changed = _apply(case, data)
    detail: dict[str, object] = {"changed": changed}
    if changed and has_consent(case):
        clear_consents(case)
        detail["consents_reset"] = True
    audit.record("case.updated", "knowledge_case", case.id, actor=actor, detail=detail)
    flush_or_conflict()
    return case


def has_consent(case: KnowledgeCase) -> bool:
    return case.organisation_consent_at is not None or case.department_consent_at is not None


def clear_consents(case: KnowledgeCase) -> None:
    case.organisation_consent_by_id = case.organisation_consent_at = None
    case.department_consent_by_id = case.department_consent_at = None


# --- the life cycle ---


def _publishable(case: KnowledgeCase) -> None:
    """The pilot may have been stopped since the draft was written: check it again."""
    check_pilot_ready(case.pilot)
    _check_fields(fields_of(case), publishing=True)


def _consented(case: KnowledgeCase) -> None:
    """Published only with both consents, to the text as it is now."""
    if case.organisation_consent_at is None or case.department_consent_at is None:
        raise Conflict(_("実施組織と担当部署の両方の同意が必要です。"))
    _publishable(case)


def _editor(actor: Actor, _case: KnowledgeCase) -> bool:
    return can_edit_case(actor)


def _consenter(actor: Actor, case: KnowledgeCase) -> bool:
    """The one whose consent completes the pair publishes (consent.py), or the office."""
    return can_edit_case(actor) or can_consent_for_organisation(actor, case) or can_consent_for_department(actor, case)


#: The moves that exist, who may make each, and the move's own condition.
LIFE_CYCLE: LifeCycle[CaseStatus, KnowledgeCase] = LifeCycle(
    moves={
        (CaseStatus.DRAFT, CaseStatus.AWAITING_CONSENT): Move(_editor, guard=_publishable),
        (CaseStatus.AWAITING_CONSENT, CaseStatus.PUBLISHED): Move(_consenter, guard=_consented),
        (CaseStatus.AWAITING_CONSENT, CaseStatus.DRAFT): Move(_editor),  # taken back to edit
        (CaseStatus.PUBLISHED, CaseStatus.DRAFT): Move(_editor),  # withdrawn from the library
    },
    labels=CASE_STATUS_LABELS,
    refusal=_l("「%(before)s」の事例を「%(after)s」にすることはできません。"),
    audit_prefix="case",
    object_type="knowledge_case",
)


def change_case_status(case: KnowledgeCase, to: CaseStatus, *, actor: User) -> KnowledgeCase:
    """The one way a case changes status (see ``LIFE_CYCLE``); it is dated while
    published, and back to draft it needs new consents."""
    step = LIFE_CYCLE.check(case, to, actor=actor)
    case.published_at = utcnow() if to is CaseStatus.PUBLISHED else None
    if to is CaseStatus.DRAFT:
        clear_consents(case)
    case.refresh_search_text()
    LIFE_CYCLE.enter(case, step)
    if to is CaseStatus.PUBLISHED:
        tell_published(case)
        roll_out.announce(case)  # the similar departments, told by a job (roll_out.py)
    elif to is CaseStatus.AWAITING_CONSENT:
        tell_consent_requested(case)
    return case


def request_consent(case: KnowledgeCase, *, actor: User) -> KnowledgeCase:
    """Put the draft to the organisation and the department (同意待ち)."""
    return change_case_status(case, CaseStatus.AWAITING_CONSENT, actor=actor)


def unpublish_case(case: KnowledgeCase, *, actor: User) -> KnowledgeCase:
    return change_case_status(case, CaseStatus.DRAFT, actor=actor)


# --- queries ---


@dataclass(frozen=True)
class CaseFilters:
    theme_id: int | None = None
    department_id: int | None = None
    keywords: str = ""
    lab_id: int | None = None  # the cases whose pilot belongs to this co-creation lab


def _with_names(query: Select[KnowledgeCase]) -> Select[KnowledgeCase]:
    return query.options(selectinload(KnowledgeCase.department), selectinload(KnowledgeCase.theme))


def published_cases_query(filters: CaseFilters) -> Select[KnowledgeCase]:
    """The public library, newest first (the (status, published_at) index; filtered, the
    (theme_id|department_id, status) ones). Drafts never appear: the library is what
    anyone may see, whoever asks."""
    load = _with_names(select(KnowledgeCase))
    query = load.where(visible_cases(None))
    if filters.theme_id:
        query = query.where(KnowledgeCase.theme_id == filters.theme_id)
    if filters.department_id:
        query = query.where(KnowledgeCase.department_id == filters.department_id)
    if filters.lab_id:  # served by the index on pilots.lab_id
        query = query.where(KnowledgeCase.pilot_id.in_(select(Pilot.id).where(Pilot.lab_id == filters.lab_id)))
    query = keyword_search(
        query, "case", filters.keywords, id_column=KnowledgeCase.id, text_column=KnowledgeCase.search_text, load=load
    )
    query = query.order_by(KnowledgeCase.published_at.desc(), KnowledgeCase.id.desc())  # a search: best match first
    return listed(query, load, KnowledgeCase.id)  # a page's ids by index, then its rows (hackplat/listing.py)


def draft_cases_query(*, actor: User) -> Select[KnowledgeCase]:
    """The coordinators' drafts and cases awaiting consent, the last written first."""
    require(can_edit_case(actor))
    query = _with_names(select(KnowledgeCase)).options(selectinload(KnowledgeCase.pilot))
    unpublished = KnowledgeCase.status.in_([CaseStatus.DRAFT, CaseStatus.AWAITING_CONSENT])
    return query.where(unpublished).order_by(KnowledgeCase.updated_at.desc(), KnowledgeCase.id.desc())


def ready_pilots_query(*, actor: User) -> Select[Pilot]:
    """Pilots that may become a case and have none yet, the latest first (the (stage,
    created_at) index)."""
    require(can_edit_case(actor))
    return (
        select(Pilot)
        .options(selectinload(Pilot.department), selectinload(Pilot.organisation))
        .outerjoin(KnowledgeCase, KnowledgeCase.pilot_id == Pilot.id)
        .where(Pilot.stage.in_(READY_STAGES), KnowledgeCase.id.is_(None))
        .order_by(Pilot.created_at.desc(), Pilot.id.desc())
    )


def roll_out_needs(case: KnowledgeCase) -> list[SimilarNeed] | None:
    """Open needs of other departments like the one the case solved (None: no ranking)."""
    return open_needs_like(case.pilot.need_id, outside_department=case.department_id)

"""A pilot's internal lessons (庁内向けの教訓): what the public case leaves out.

Written and edited by the pilot's department and the programme office, read by every
city account (hackplat/permissions/lessons.py). Each write is audited and refreshes the
lesson's search text; the keyword index follows the flush on its own (kind "lesson",
hackplat/matching/search_index.py), so the internal knowledge search finds a lesson as
soon as it is saved. An edit carries the version it was loaded at (hackplat/concurrency.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import InvalidInput, NotFound
from hackplat.extensions import db
from hackplat.matching.search_query import keyword_search
from hackplat.models import Actor, KnowledgeCase, LessonCategory, Pilot, PilotLesson, User
from hackplat.permissions import is_signed_in, require
from hackplat.permissions.lessons import can_read_lessons, can_write_lesson
from hackplat.validation import checked_text

TITLE_MAX = 200
BODY_MAX = 8000
#: The internal search shows at most this many lessons (best first).
SEARCH_LIMIT = 20

CATEGORY_LABELS = {
    LessonCategory.PROCUREMENT: _l("調達"),
    LessonCategory.SECURITY_REVIEW: _l("セキュリティ審査"),
    LessonCategory.NEXT_TIME: _l("次に変えること"),
    LessonCategory.OTHER: _l("その他"),
}


@dataclass(frozen=True)
class LessonFields:
    category: str
    title: str
    body: str


def lessons_of(pilot: Pilot, *, actor: User) -> list[PilotLesson]:
    """The pilot's lessons, oldest first (the (pilot_id, created_at) index)."""
    require(can_read_lessons(actor))
    query = (
        select(PilotLesson)
        .options(joinedload(PilotLesson.author), joinedload(PilotLesson.updated_by))
        .where(PilotLesson.pilot_id == pilot.id)
        .order_by(PilotLesson.created_at, PilotLesson.id)
    )
    return list(db.session.scalars(query))


def lesson_of(pilot: Pilot, lesson_id: int) -> PilotLesson:
    """One of the pilot's lessons (another pilot's is answered as missing)."""
    lesson = db.session.get(PilotLesson, lesson_id)
    if lesson is None or lesson.pilot_id != pilot.id:
        raise NotFound(_("お探しの教訓は見つかりませんでした。"))
    return lesson


def _checked(data: LessonFields) -> tuple[LessonCategory, str, str]:
    category = next((c for c in LessonCategory if c.value == data.category), None)
    if category is None:
        raise InvalidInput(_("分類を選んでください。"), field="category")
    title = checked_text(data.title, "title", TITLE_MAX, needed=True, missing=_("見出しを入力してください。"))
    body = checked_text(data.body, "body", BODY_MAX, needed=True, missing=_("内容を入力してください。"))
    return category, title, body


def add_lesson(pilot: Pilot, data: LessonFields, *, actor: User) -> PilotLesson:
    require(can_write_lesson(actor, pilot))
    category, title, body = _checked(data)
    lesson = PilotLesson(pilot=pilot, category=category, title=title, body=body, author_id=actor.id)
    lesson.refresh_search_text()
    db.session.add(lesson)
    flush_or_conflict()
    audit.record("lesson.created", "pilot_lesson", lesson.id, actor=actor,
                 detail={"pilot_id": pilot.id, "category": category.value})  # fmt: skip
    return lesson


def update_lesson(lesson: PilotLesson, data: LessonFields, *, expected_version: int | None, actor: User) -> PilotLesson:
    """Save an edit made on the lesson as it was at ``expected_version``."""
    require(can_write_lesson(actor, lesson.pilot))
    require_version(lesson, expected_version)
    category, title, body = _checked(data)
    changed = [name for name, value in (("category", category), ("title", title), ("body", body))
               if getattr(lesson, name) != value]  # fmt: skip
    lesson.category, lesson.title, lesson.body = category, title, body
    lesson.updated_by_id = actor.id
    lesson.refresh_search_text()
    flush_or_conflict()
    audit.record("lesson.updated", "pilot_lesson", lesson.id, actor=actor,
                 detail={"pilot_id": lesson.pilot_id, "changed": changed})  # fmt: skip
    return lesson


def delete_lesson(lesson: PilotLesson, *, actor: User) -> None:
    """Remove a lesson recorded by mistake (its search rows go with it, search_index.py);
    the audit record keeps its title."""
    require(can_write_lesson(actor, lesson.pilot))
    audit.record("lesson.deleted", "pilot_lesson", lesson.id, actor=actor,
                 detail={"pilot_id": lesson.pilot_id, "title": lesson.title})  # fmt: skip
    db.session.delete(lesson)
    flush_or_conflict()  # edited or deleted by someone else meanwhile: 409, not a 500


# --- the internal knowledge search ---


@dataclass(frozen=True)
class LessonHit:
    lesson: PilotLesson
    case: KnowledgeCase | None  # the pilot's knowledge case, if it has one

    @property
    def category_label(self) -> Any:
        return CATEGORY_LABELS[self.lesson.category]


def search_lessons(keywords: str | None, *, actor: User) -> list[LessonHit]:
    """The lessons matching ``keywords`` through the search index, best first; nothing
    without keywords, and nothing at all for anyone but a city account."""
    if not can_read_lessons(actor) or not (keywords or "").strip():
        return []
    query = select(PilotLesson).options(joinedload(PilotLesson.pilot).joinedload(Pilot.department))
    query = keyword_search(query, "lesson", keywords, id_column=PilotLesson.id, text_column=PilotLesson.search_text)
    lessons = list(db.session.scalars(query.order_by(PilotLesson.id.desc()).limit(SEARCH_LIMIT)).unique())
    cases = _cases_of({lesson.pilot_id for lesson in lessons})
    return [LessonHit(lesson, cases.get(lesson.pilot_id)) for lesson in lessons]


def _cases_of(pilot_ids: set[int]) -> dict[int, KnowledgeCase]:
    if not pilot_ids:
        return {}
    query = (
        select(KnowledgeCase).options(selectinload(KnowledgeCase.pilot)).where(KnowledgeCase.pilot_id.in_(pilot_ids))
    )
    return {case.pilot_id: case for case in db.session.scalars(query)}


# --- for the pages ---


@dataclass(frozen=True)
class InternalLessons:
    """What templates/pilots/_lessons.html shows: the lessons, and whether the reader may write."""

    pilot: Pilot
    lessons: list[PilotLesson]
    writable: bool
    labels: dict[LessonCategory, Any]


def internal_lessons(pilot: Pilot, *, actor: Actor) -> InternalLessons | None:
    """The pilot's lessons for a page, or None for anyone but a city account (no section)."""
    if not is_signed_in(actor) or not can_read_lessons(actor):
        return None
    return InternalLessons(pilot, lessons_of(pilot, actor=actor), can_write_lesson(actor, pilot), CATEGORY_LABELS)

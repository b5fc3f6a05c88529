"""A pilot's internal lessons (庁内向けの教訓): written and edited by the pilot's
department and the programme office, read by every city account, invisible to members
(even of the pilot's own organisation) and to the public; found by the internal
knowledge search for city accounts only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from hackplat.errors import Conflict, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, CaseStatus, LessonCategory, PilotLesson, PilotStage
from hackplat.pilots import lessons
from hackplat.pilots.lessons import LessonFields, add_lesson, internal_lessons, search_lessons
from tests.knowledge.conftest import build_case

SECTION = "庁内向けの教訓（非公開）"
SECURITY = LessonFields(
    "security_review", "クラウド利用のセキュリティ審査", "審査に二か月かかった。早めに情報政策課へ相談する。"
)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def lesson_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PilotLesson)) or 0


def audit_actions() -> list[str]:
    """The lessons' audit records, oldest first."""
    query = select(AuditRecord.action).where(AuditRecord.object_type == "pilot_lesson").order_by(AuditRecord.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize(
    ("writer", "allowed"),
    [("staff", True), ("coordinator", True), ("admin", True), ("other_staff", False), ("member", False),
     ("other_member", False)],
)  # fmt: skip
def test_who_writes_lessons(cast, writer, allowed) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    actor = cast.actor(writer)
    if not allowed:
        with pytest.raises(PermissionDenied):
            add_lesson(pilot, SECURITY, actor=actor)
        return
    lesson = add_lesson(pilot, SECURITY, actor=actor)
    db.session.commit()
    assert lesson.category is LessonCategory.SECURITY_REVIEW
    assert lesson.author_id == actor.id
    assert audit_actions() == ["lesson.created"]


@pytest.mark.parametrize(
    ("reader", "sees"),
    [("staff", True), ("other_staff", True), ("coordinator", True), ("admin", True), ("member", False),
     ("other_member", False), ("public", False)],
)  # fmt: skip
def test_every_city_account_reads_lessons_and_nobody_else(cast, reader, sees) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    internal = internal_lessons(pilot, actor=cast.actor(reader))
    assert (internal is not None) is sees
    if sees:
        assert [lesson.title for lesson in internal.lessons] == [SECURITY.title]
        assert internal.writable is (reader != "other_staff")


def test_the_pilots_own_organisation_sees_no_lesson_and_gets_404(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    login(cast.member)  # of the organisation that runs the pilot
    page = client.get(f"/pilots/{pilot.id}")
    assert page.status_code == 200
    assert SECTION not in text_of(page)
    assert SECURITY.body not in text_of(page)
    assert client.get(f"/pilots/{pilot.id}/lessons/new").status_code == 404
    assert client.get(f"/pilots/{pilot.id}/lessons/{lesson.id}/edit").status_code == 404


def test_the_public_gets_404(client, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    assert client.get(f"/pilots/{pilot.id}/lessons/{lesson.id}/edit").status_code == 404
    fields = {"category": "procurement", "title": "x", "body": "y"}
    assert client.submit(f"/pilots/{pilot.id}/lessons/new", fields).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(PilotLesson)) == 1


def test_staff_write_a_lesson_on_the_pilot_page(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    login(cast.staff)
    assert "教訓はまだ記録されていません" in text_of(client.get(f"/pilots/{pilot.id}"))
    response = client.submit(f"/pilots/{pilot.id}/lessons/new", {"category": "procurement", "title": "調達の期間",
                                                                 "body": "見積もりに三社、一か月。"})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#pilot-lessons")
    page = text_of(client.get(f"/pilots/{pilot.id}"))
    assert SECTION in page
    assert "調達の期間" in page
    assert "見積もりに三社、一か月。" in page
    assert "調達" in page
    assert audit_actions() == ["lesson.created"]


def test_a_refused_lesson_keeps_what_was_typed_and_writes_nothing(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    login(cast.staff)
    response = client.submit(f"/pilots/{pilot.id}/lessons/new", {"category": "procurement", "title": "",
                                                                 "body": "入力した本文"})  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "入力した本文" in html
    assert "入力してください" in html
    unknown = client.submit(f"/pilots/{pilot.id}/lessons/new", {"category": "bribery", "title": "t", "body": "b"})
    assert unknown.status_code == 400
    assert lesson_count() == 0


def test_another_departments_staff_may_not_write(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    login(cast.other_staff)
    assert client.get(f"/pilots/{pilot.id}/lessons/new").status_code == 403


def test_an_edit_from_an_older_version_is_refused(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    url = f"/pilots/{pilot.id}/lessons/{lesson.id}/edit"
    login(cast.coordinator)
    fields = {"category": "next_time", "title": "次は早めに相談", "body": "審査は二か月かかる。"}
    stale = client.submit(url, {**fields, "version": str(lesson.version - 1)})
    assert stale.status_code == 409
    assert "次は早めに相談" in stale.get_data(as_text=True)  # as typed
    db.session.refresh(lesson)
    assert lesson.title == SECURITY.title
    assert client.submit(url, {**fields, "version": str(lesson.version)}).status_code == 302
    db.session.refresh(lesson)
    assert (lesson.category, lesson.title, lesson.updated_by_id) == (LessonCategory.NEXT_TIME, "次は早めに相談",
                                                                      cast.coordinator.id)  # fmt: skip
    assert audit_actions() == ["lesson.created", "lesson.updated"]


def test_another_pilots_lesson_is_404(client, login, cast) -> None:
    pilot, other = cast.pilot(PilotStage.RUNNING), cast.pilot(PilotStage.RUNNING, title="別の試行")
    lesson = add_lesson(other, SECURITY, actor=cast.staff)
    db.session.commit()
    login(cast.staff)
    assert client.get(f"/pilots/{pilot.id}/lessons/{lesson.id}/edit").status_code == 404


# --- the internal knowledge search ---


def test_search_finds_lessons_for_city_accounts_only(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.EVALUATED)
    case = build_case(pilot, CaseStatus.PUBLISHED, title="保育所入所の事例")
    add_lesson(pilot, SECURITY, actor=cast.staff)
    add_lesson(pilot, LessonFields("procurement", "随意契約", "見積もりを三社から取った。"), actor=cast.staff)
    db.session.commit()
    hits = search_lessons("セキュリティ審査", actor=cast.other_staff)
    assert [hit.lesson.title for hit in hits] == [SECURITY.title]
    assert hits[0].case is not None
    assert hits[0].case.id == case.id
    for outsider in ("member", "other_member", "public"):
        assert search_lessons("セキュリティ審査", actor=cast.actor(outsider)) == []
    assert search_lessons("", actor=cast.coordinator) == []

    public = text_of(client.get("/knowledge/?q=セキュリティ審査"))
    assert "庁内の教訓" not in public
    assert SECURITY.body not in public
    login(cast.other_staff)
    page = client.get("/knowledge/?q=セキュリティ審査").get_data(as_text=True)
    assert "庁内の教訓（1件）" in page
    assert SECURITY.body in page
    assert f'href="/knowledge/{case.id}"' in page
    assert f'href="/pilots/{pilot.id}' not in page  # another department: no pilot page to link to


def test_an_edited_lesson_is_found_by_its_new_words(cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    lessons.update_lesson(lesson, LessonFields("other", "庁内の説明会", "職員向けの説明会を三回開いた。"),
                          expected_version=lesson.version, actor=cast.staff)  # fmt: skip
    db.session.commit()
    assert [hit.lesson.id for hit in search_lessons("説明会", actor=cast.coordinator)] == [lesson.id]
    assert search_lessons("セキュリティ", actor=cast.coordinator) == []


def test_staff_delete_a_lesson_after_confirming(client, login, cast) -> None:
    """The edit page links to a confirmation; only its POST deletes; the lesson leaves the
    page and the search, and the audit record keeps its title."""
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    lesson_id = lesson.id
    login(cast.staff)
    confirm = f"/pilots/{pilot.id}/lessons/{lesson_id}/delete"
    assert f'href="{confirm}"' in client.get(f"/pilots/{pilot.id}/lessons/{lesson_id}/edit").get_data(as_text=True)
    asked = client.get(confirm)
    assert asked.status_code == 200
    assert SECURITY.title in text_of(asked)
    assert lesson_count() == 1
    response = client.submit(confirm, {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#pilot-lessons")
    page = text_of(client.get(f"/pilots/{pilot.id}"))
    assert f"教訓「{SECURITY.title}」を削除しました。" in page
    assert "教訓はまだ記録されていません" in page
    assert lesson_count() == 0
    assert search_lessons("セキュリティ審査", actor=cast.coordinator) == []
    assert audit_actions() == ["lesson.created", "lesson.deleted"]
    deleted = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "lesson.deleted")).one()
    assert deleted.detail["title"] == SECURITY.title


def test_another_departments_staff_may_not_delete(client, login, cast) -> None:
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    login(cast.other_staff)
    assert client.submit(f"/pilots/{pilot.id}/lessons/{lesson.id}/delete", {}).status_code == 403
    assert lesson_count() == 1
    with pytest.raises(PermissionDenied):
        lessons.delete_lesson(lesson, actor=cast.other_staff)


def test_a_lesson_changed_meanwhile_is_not_deleted_from_the_stale_copy(cast) -> None:
    """Someone saved the lesson after it was read: the delete is refused (409), not a 500."""
    pilot = cast.pilot(PilotStage.RUNNING)
    lesson = add_lesson(pilot, SECURITY, actor=cast.staff)
    db.session.commit()
    edit_elsewhere = update(PilotLesson).where(PilotLesson.id == lesson.id).values(version=PilotLesson.version + 1)
    db.session.execute(edit_elsewhere.execution_options(synchronize_session=False))  # this copy keeps its version
    with pytest.raises(Conflict):
        lessons.delete_lesson(lesson, actor=cast.staff)
    db.session.rollback()
    assert lesson_count() == 1

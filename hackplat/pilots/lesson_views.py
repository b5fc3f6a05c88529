"""Writing a pilot's internal lessons: a page to add one, a page to edit one and one to
confirm deleting it, on the pilots blueprint (imported by pilots/views.py). The lessons
are read on the pilot page, the case page and in the knowledge search; to anyone but a
city account these pages do not exist (404), to city staff of another department they
are refused (403)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, TextAreaField

from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.forms import BaseForm, VersionedForm, choices, max_length, required, strip_filter
from hackplat.models import Pilot
from hackplat.permissions import require
from hackplat.permissions.lessons import can_read_lessons, can_write_lesson
from hackplat.pilots import lessons
from hackplat.pilots.views import bp
from hackplat.views import get_or_404, render_form, render_refused


class LessonForm(VersionedForm, BaseForm):
    category = SelectField(_l("分類"), validators=[required()])
    title = StringField(_l("見出し"), validators=[required(), max_length(lessons.TITLE_MAX)], filters=[strip_filter])
    body = TextAreaField(_l("内容"), validators=[required(), max_length(lessons.BODY_MAX)], filters=[strip_filter])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = choices((c.value, label) for c, label in lessons.CATEGORY_LABELS.items())

    def fields(self) -> lessons.LessonFields:
        return lessons.LessonFields(self.category.data or "", self.title.data or "", self.body.data or "")


def _writable_pilot(pilot_id: int) -> Pilot:
    """Not a city account: 404, whatever the id (a lesson's existence is internal)."""
    if not can_read_lessons(current_user):
        abort(404)
    pilot: Pilot = get_or_404(Pilot, pilot_id)
    require(can_write_lesson(current_user, pilot))
    return pilot


def _to_lessons(pilot: Pilot) -> Response:
    return redirect(url_for("pilots.detail", pilot_id=pilot.id, _anchor="pilot-lessons"))


@bp.route("/<int:pilot_id>/lessons/new", methods=["GET", "POST"])
def new_lesson(pilot_id: int) -> Response | tuple[str, int]:
    pilot = _writable_pilot(pilot_id)
    form = LessonForm()
    if not form.validate_on_submit():
        return render_form("pilots/lesson_form.html", form, pilot=pilot, lesson=None)
    try:
        lessons.add_lesson(pilot, form.fields(), actor=current_user)
    except InvalidInput as refusal:
        return render_refused("pilots/lesson_form.html", form, refusal, pilot=pilot, lesson=None)
    db.session.commit()
    flash(_("教訓を記録しました。市の職員だけが読めます。"), "success")
    return _to_lessons(pilot)


@bp.route("/<int:pilot_id>/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
def edit_lesson(pilot_id: int, lesson_id: int) -> Response | tuple[str, int]:
    pilot = _writable_pilot(pilot_id)
    lesson = lessons.lesson_of(pilot, lesson_id)
    form = LessonForm(obj=lesson, version=lesson.version)
    if not form.validate_on_submit():
        return render_form("pilots/lesson_form.html", form, pilot=pilot, lesson=lesson)
    try:
        lessons.update_lesson(lesson, form.fields(), expected_version=form.version_seen(), actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        return render_refused("pilots/lesson_form.html", form, refusal, pilot=pilot, lesson=lesson)
    db.session.commit()
    flash(_("教訓を保存しました。"), "success")
    return _to_lessons(pilot)


@bp.get("/<int:pilot_id>/lessons/<int:lesson_id>/delete")
def confirm_delete_lesson(pilot_id: int, lesson_id: int) -> str:
    """Deleting asks first: a deleted lesson cannot be brought back."""
    pilot = _writable_pilot(pilot_id)
    return render_template("pilots/lesson_delete.html", pilot=pilot, lesson=lessons.lesson_of(pilot, lesson_id))


@bp.post("/<int:pilot_id>/lessons/<int:lesson_id>/delete")
def delete_lesson(pilot_id: int, lesson_id: int) -> Response:
    pilot = _writable_pilot(pilot_id)
    lesson = lessons.lesson_of(pilot, lesson_id)
    title = lesson.title
    lessons.delete_lesson(lesson, actor=current_user)
    db.session.commit()
    flash(_("教訓「%(title)s」を削除しました。", title=title), "success")
    return _to_lessons(pilot)

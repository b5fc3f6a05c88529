"""Questions and answers: asking about a need, asking a proposer, editing a question
before its answer, answering; the need's questions and one's own list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.models import Question
from hackplat.needs.services import visible_need
from hackplat.permissions import can_answer_question, can_ask_proposer, can_ask_question, can_edit_question, require
from hackplat.proposals.queries import visible_proposal
from hackplat.questions import notices, queries, services
from hackplat.questions.forms import AnswerForm, QuestionForm
from hackplat.questions.rules import require_taking_questions, takes_questions
from hackplat.views import paginate, render_form, render_refused, require_sign_in

bp = Blueprint("questions", __name__, url_prefix="/questions")


def _save(form: Any, template: str, write: Callable[[], Question], done: Callable[[Question], str],
          **context: Any) -> Response | tuple[str, int]:  # fmt: skip
    """Show the form, or save it: a refusal is shown on the same page with what was
    typed (nothing written); on success commit once and go where the question is read."""
    if not form.validate_on_submit():
        return render_form(template, form, **context)
    try:
        question = write()
    except (InvalidInput, Conflict) as refusal:
        return render_refused(template, form, refusal, **context)
    db.session.commit()
    flash(done(question), "success")
    return redirect(notices.home_path(question))


def _refused_on_arrival(check: Callable[[], None], back: str) -> Response | None:
    """A form that cannot be used now (questions closed, already answered): say why on the
    page it was reached from, instead of a form that will be refused."""
    try:
        check()
    except Conflict as refusal:
        flash(refusal.message, "error")
        return redirect(back)
    return None


@bp.get("/")
def index() -> str:
    require_sign_in()
    waiting_only = request.args.get("state") == "waiting"
    pagination = paginate(queries.involving(current_user, waiting_only=waiting_only))
    return render_template("questions/index.html", pagination=pagination, waiting_only=waiting_only)


@bp.get("/need/<int:need_id>")
def for_need(need_id: int) -> str:
    need = visible_need(need_id, actor=current_user)
    pagination = paginate(queries.need_questions(need, current_user))
    taking = takes_questions(need) and can_ask_question(current_user, need)
    return render_template("questions/for_need.html", need=need, pagination=pagination, may_ask=taking)


@bp.route("/need/<int:need_id>/ask", methods=["GET", "POST"])
def ask(need_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    need = visible_need(need_id, actor=current_user)
    require(can_ask_question(current_user, need))
    if request.method == "GET" and (closed := _refused_on_arrival(lambda: require_taking_questions(need),
                                                                   f"/needs/{need.id}#questions")):  # fmt: skip
        return closed
    form = QuestionForm()
    return _save(
        form, "questions/ask.html", lambda: services.ask_question(need, form.body.data, actor=current_user),
        lambda _q: _("質問を送りました。回答があるまで、質問は自組織と担当部署にだけ表示されます。"), need=need,
    )  # fmt: skip


@bp.route("/proposal/<int:proposal_id>/ask", methods=["GET", "POST"])
def ask_proposer(proposal_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    proposal = visible_proposal(proposal_id, actor=current_user)
    require(can_ask_proposer(current_user, proposal))
    form = QuestionForm()
    return _save(
        form, "questions/ask_proposer.html",
        lambda: services.ask_proposer(proposal, form.body.data, actor=current_user),
        lambda _q: _("提案者に質問を送りました。回答があればお知らせします。"), proposal=proposal,
    )  # fmt: skip


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
def edit(question_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    question = services.visible_question(question_id, actor=current_user)
    require(can_edit_question(current_user, question))
    if request.method == "GET" and (closed := _refused_on_arrival(lambda: services.check_editable(question),
                                                                   notices.home_path(question))):  # fmt: skip
        return closed
    form = QuestionForm(obj=question) if request.method == "GET" else QuestionForm()
    return _save(
        form, "questions/edit.html",
        lambda: services.edit_question(question, form.body.data, expected_version=form.version_seen(),
                                       actor=current_user),
        lambda _q: _("質問を更新しました。"), question=question, question_home=notices.home_path(question),
    )  # fmt: skip


def _answered(question: Question) -> str:
    if question.to_proposer:
        return _("回答を送りました。担当部署に知らせました。")
    if question.is_public:
        return _("回答を公開しました。質問した組織と提案した組織に知らせました。")
    return _("回答しました（非公開）。質問した組織に知らせました。")


@bp.route("/<int:question_id>/answer", methods=["GET", "POST"])
def answer(question_id: int) -> Response | tuple[str, int]:
    require_sign_in()
    question = services.visible_question(question_id, actor=current_user)
    require(can_answer_question(current_user, question))
    form = AnswerForm(obj=question) if request.method == "GET" else AnswerForm()
    return _save(
        form, "questions/answer.html",
        lambda: services.answer_question(question, form.answer.data, publish=bool(form.publish.data),
                                         expected_version=form.version_seen(), actor=current_user),
        _answered, question=question, question_home=notices.home_path(question),
    )  # fmt: skip

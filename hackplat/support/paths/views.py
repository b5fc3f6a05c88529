"""The search and project pages of a support request: one page per path, whose forms
post back to it with an ``action`` (few routes: each is fuzzed by tests/test_no_500.py).

search (coordinators): choose the need, invite organisations the matcher suggests,
close with a note. project (coordinators and the department's staff): start on a pilot
with a goal, add check-ins, close with a summary.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.bounds import bounded_int
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.forms import text
from hackplat.models import Seed
from hackplat.models.support import SupportRequest
from hackplat.models.support_paths import ProjectSupport
from hackplat.permissions import require
from hackplat.permissions.support_paths import can_check_in, can_run_support_paths
from hackplat.support.paths import project, requests, search
from hackplat.support.paths.forms import (
    CheckInForm,
    ChooseNeedForm,
    CloseProjectForm,
    CloseSearchForm,
    StartProjectForm,
)
from hackplat.support.paths.labels import CHECK_IN_STATUS_LABELS
from hackplat.views import get_or_404, refuse, require_sign_in

bp = Blueprint("support_paths", __name__, url_prefix="/support")


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    """The check-ins' labels, for the request's page and the pilot's page too."""
    return {"check_in_status_labels": CHECK_IN_STATUS_LABELS}


Result = Response | tuple[str, int]


def _act(page: Callable[..., tuple[str, int]], form: Any, act: Callable[[], object], done: str, to: str) -> Result:
    """Run one action of a page: its input refused (400) or the service's refusal (400,
    409) shown on the page as typed, nothing written; else commit and go to ``to``."""
    if form is not None and not form.validate_on_submit():
        return page(refused=form, status=400)
    try:
        act()
    except (InvalidInput, Conflict) as refusal:
        if form is not None:
            refuse(form, refusal)
            return page(refused=form, status=refusal.status)
        db.session.rollback()
        return page(refusal=refusal.message, status=refusal.status)
    db.session.commit()
    flash(done, "success")
    return redirect(to)


def _request_on(request_id: int, path: requests.SupportPath) -> SupportRequest:
    require_sign_in()
    support_request = requests.visible_request(request_id, actor=current_user)
    if support_request.path is not path:
        abort(404)
    return support_request


# --- search ---


def _search_page(support_request: SupportRequest, refused: Any = None, refusal: str | None = None,
                 status: int = 200) -> tuple[str, int]:  # fmt: skip
    found = search.search_of(support_request)
    needs = search.searchable_needs(support_request)
    need_form = refused if isinstance(refused, ChooseNeedForm) else ChooseNeedForm(
        formdata=None, need=support_request.need_id)  # fmt: skip
    need_form.need.choices = [(need.id, need.title) for need in needs]
    close_form = refused if isinstance(refused, CloseSearchForm) else CloseSearchForm(formdata=None)
    context = {
        "support_request": support_request, "search": found, "needs": needs, "need_form": need_form,
        "close_form": close_form, "refusal": refusal, "working": requests.is_working(support_request),
        "suggestions": search.suggestions(support_request, actor=current_user),
        "candidate_ids": search.candidate_ids(support_request),
        "invited_ids": search.invited_organisation_ids(support_request),
    }  # fmt: skip
    return render_template("support/paths/search.html", **context), status


def _choose_need(support_request: SupportRequest) -> Result:
    form, needs = ChooseNeedForm(), search.searchable_needs(support_request)
    form.need.choices = [(need.id, need.title) for need in needs]
    chosen = next((need for need in needs if need.id == form.need.data), None)
    return _act(
        partial(_search_page, support_request), form,
        lambda: search.choose_need(support_request, _chosen(chosen, "need"), actor=current_user),
        _("事業者を探す課題を選びました。"), _search_url(support_request),
    )  # fmt: skip


def _invite(support_request: SupportRequest) -> Result:
    seed = get_or_404(Seed, _posted_int("seed"))
    return _act(
        partial(_search_page, support_request), None,
        lambda: search.invite(support_request, seed, actor=current_user),
        _("%(name)s を招待しました。", name=seed.organisation.name), _search_url(support_request),
    )  # fmt: skip


def _close_search(support_request: SupportRequest) -> Result:
    form = CloseSearchForm()
    return _act(
        partial(_search_page, support_request), form,
        lambda: search.close_search(support_request, text(form.note), actor=current_user),
        _("検索を終了しました。支援依頼は完了です。"), requests.request_url(support_request),
    )  # fmt: skip


SEARCH_ACTIONS: dict[str, Callable[[SupportRequest], Result]] = {
    "need": _choose_need,
    "invite": _invite,
    "close": _close_search,
}


@bp.route("/<int:request_id>/search", methods=["GET", "POST"])
def search_page(request_id: int) -> Result:
    support_request = _request_on(request_id, requests.SEARCH)
    require(can_run_support_paths(current_user))
    if request.method == "GET":
        return _search_page(support_request)
    return _dispatch(SEARCH_ACTIONS, support_request)


def _search_url(support_request: SupportRequest) -> str:
    return url_for("support_paths.search_page", request_id=support_request.id)


def _dispatch(actions: dict[str, Callable[[SupportRequest], Result]], support_request: SupportRequest) -> Result:
    """The POST's ``action``: one of the page's forms (400 for anything else)."""
    handler = actions.get(request.form.get("action", ""))
    if handler is None:
        abort(400)
    return handler(support_request)


def _chosen(value: Any, field: str) -> Any:
    """The object picked in a select, or the refusal next to it (a value not offered)."""
    if value is None:
        raise InvalidInput(_("一覧から選んでください。"), field=field)
    return value


def _posted_int(name: str) -> int:
    try:
        return bounded_int(request.form.get(name))
    except (TypeError, ValueError):
        abort(400)


# --- project ---


def _project_page(support_request: SupportRequest, refused: Any = None, refusal: str | None = None,
                  status: int = 200) -> tuple[str, int]:  # fmt: skip
    support = project.support_of(support_request)
    start_form = refused if isinstance(refused, StartProjectForm) else StartProjectForm(formdata=None)
    start_form.pilot.choices = [(pilot.id, pilot.title) for pilot in project.running_pilots(support_request)]
    check_in_form = refused if isinstance(refused, CheckInForm) else CheckInForm(formdata=None, held_on=japan_today())
    close_form = refused if isinstance(refused, CloseProjectForm) else CloseProjectForm(formdata=None)
    context = {
        "support_request": support_request, "support": support, "start_form": start_form,
        "check_in_form": check_in_form, "close_form": close_form, "refusal": refusal,
        "working": requests.is_working(support_request),
        "may_run": can_run_support_paths(current_user),
        "may_check_in": support is not None and can_check_in(current_user, support),
    }  # fmt: skip
    return render_template("support/paths/project.html", **context), status


def _start_project(support_request: SupportRequest) -> Result:
    require(can_run_support_paths(current_user))
    form, pilots = StartProjectForm(), project.running_pilots(support_request)
    form.pilot.choices = [(pilot.id, pilot.title) for pilot in pilots]
    chosen = next((pilot for pilot in pilots if pilot.id == form.pilot.data), None)
    return _act(
        partial(_project_page, support_request), form,
        lambda: project.start_support(support_request, _chosen(chosen, "pilot"), text(form.goal), actor=current_user),
        _("プロジェクト管理支援を始めました。"), _project_url(support_request),
    )  # fmt: skip


def _started(support_request: SupportRequest) -> ProjectSupport:
    support = project.support_of(support_request)
    if support is None:
        raise Conflict(_("プロジェクト管理支援はまだ始まっていません。"))
    return support


def _check_in(support_request: SupportRequest) -> Result:
    support, form = _started(support_request), CheckInForm()
    require(can_check_in(current_user, support))
    return _act(
        partial(_project_page, support_request), form,
        lambda: project.add_check_in(support, form.entry(), actor=current_user),
        _("記録を追加しました。"), _project_url(support_request) + "#check-ins",
    )  # fmt: skip


def _close_project(support_request: SupportRequest) -> Result:
    require(can_run_support_paths(current_user))
    support, form = _started(support_request), CloseProjectForm()
    return _act(
        partial(_project_page, support_request), form,
        lambda: project.close_support(support, text(form.summary), actor=current_user),
        _("プロジェクト管理支援を終了しました。支援依頼は完了です。"), requests.request_url(support_request),
    )  # fmt: skip


PROJECT_ACTIONS: dict[str, Callable[[SupportRequest], Result]] = {
    "start": _start_project,
    "check_in": _check_in,
    "close": _close_project,
}


@bp.route("/<int:request_id>/project", methods=["GET", "POST"])
def project_page(request_id: int) -> Result:
    support_request = _request_on(request_id, requests.PROJECT)
    if request.method == "GET":
        return _project_page(support_request)
    return _dispatch(PROJECT_ACTIONS, support_request)


def _project_url(support_request: SupportRequest) -> str:
    return url_for("support_paths.project_page", request_id=support_request.id)

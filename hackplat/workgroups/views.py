"""Working groups: the list, forming a group from a need, the group's page with its
invitations and records, the members' answers and the coordinators' life-cycle moves."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hackplat.bounds import query_int
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.forms import text
from hackplat.labs.forms import assign_form
from hackplat.models import (
    MembershipStatus,
    Organisation,
    Proposal,
    Seed,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)
from hackplat.permissions import can_manage_working_group, can_read_group_records, membership_of, require
from hackplat.views import get_or_404, paginate, refuse, render_form, render_refused, require_sign_in
from hackplat.workgroups import queries, services
from hackplat.workgroups.forms import ConcludeForm, GroupForm, OrganisationSearchForm, RecordForm

bp = Blueprint("workgroups", __name__, url_prefix="/workgroups")

#: The forms of the group's page that post to their own routes.
PageForm = RecordForm | ConcludeForm

DONE_MESSAGES = {
    "accept": _l("ワーキンググループへの参加を承諾しました。"),
    "decline": _l("ワーキンググループへの招待を辞退しました。"),
    "leave": _l("ワーキンググループから退出しました。"),
}


def _to_group(group: WorkingGroup) -> Response:
    return redirect(url_for("workgroups.detail", group_id=group.id))


@bp.get("/")
@login_required
def index() -> str:
    status = next((s for s in WorkingGroupStatus if s.value == request.args.get("status")), None)
    pagination = paginate(queries.groups_query(current_user, status))
    return render_template(
        "workgroups/index.html", pagination=pagination, status=status, invitations=queries.invitations_of(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    require_sign_in()
    need = queries.need_for_new_group(query_int("need"), actor=current_user)
    services.require_formable(need)
    form = GroupForm()
    if not form.validate_on_submit():
        return render_form("workgroups/new.html", form, need=need)
    try:
        group = services.form_working_group(need, text(form.name), text(form.purpose), actor=current_user)
    except InvalidInput as refusal:
        return render_refused("workgroups/new.html", form, refusal, need=need)
    db.session.commit()
    flash(_("ワーキンググループを結成しました。参加してほしい組織を招待してください。"), "success")
    return _to_group(group)


def _detail_page(group: WorkingGroup, record_form: RecordForm | None = None,
                 conclude_form: ConcludeForm | None = None, refusal: str | None = None) -> str:  # fmt: skip
    """The group's page: what each reader may see of it (templates never query);
    ``refusal``: a refused move's message, shown at the top."""
    readable = can_read_group_records(current_user, group)
    managed = can_manage_working_group(current_user, group) and group.status in services.WORKING
    records = queries.records_query(group, actor=current_user) if readable else None
    search = OrganisationSearchForm(request.args)
    term = (search.org.data or "") if managed and search.validate() else ""
    return render_template(
        "workgroups/detail.html",
        group=group,
        membership=membership_of(current_user, group),
        records=paginate(records) if records is not None else None,
        record_form=record_form or RecordForm(formdata=None),
        conclude_form=conclude_form or ConcludeForm(formdata=None),
        proposals=queries.invitable_proposals(group, actor=current_user) if managed else [],
        candidates=queries.seed_candidates(group, actor=current_user) if managed else [],
        member_ids={m.organisation_id for m in group.memberships},
        has_accepted=any(m.status is MembershipStatus.ACCEPTED for m in group.memberships),
        search=search,
        found=queries.organisations_found(group, term, actor=current_user) if term else None,
        refusal=refusal,
        lab_form=assign_form(group.lab_id),  # the office's lab select
    )


def _form_page(group: WorkingGroup, form: PageForm) -> str:
    if isinstance(form, RecordForm):
        return _detail_page(group, record_form=form)
    return _detail_page(group, conclude_form=form)


def _page_form(group_id: int, form: PageForm, check: Callable[[WorkingGroup], None],
               save: Callable[[WorkingGroup], object], done: str) -> Response | tuple[str, int]:  # fmt: skip
    """A form of the group's page: refused first by ``check`` (403, 409), then by its
    input (400, the page again with the message next to the field, nothing written)."""
    require_sign_in()
    group = queries.visible_group(group_id, actor=current_user)
    check(group)
    if not form.validate_on_submit():
        return _form_page(group, form), 400
    try:
        save(group)
    except InvalidInput as refusal:
        refuse(form, refusal)
        return _form_page(queries.visible_group(group_id, actor=current_user), form), refusal.status
    db.session.commit()
    flash(done, "success")
    return _to_group(group)


@bp.get("/<int:group_id>")
def detail(group_id: int) -> str:
    require_sign_in()
    return _detail_page(queries.visible_group(group_id, actor=current_user))


def _act(group_id: int, act: Callable[[WorkingGroup], object], done: Callable[[], str]) -> Response | tuple[str, int]:
    """A button of the group's page; a refusal is shown on the page (409), nothing written."""
    require_sign_in()
    group = queries.visible_group(group_id, actor=current_user)
    try:
        act(group)
    except Conflict as refusal:
        db.session.rollback()
        return _detail_page(queries.visible_group(group_id, actor=current_user), refusal=refusal.message), 409
    db.session.commit()
    flash(done(), "success")
    return _to_group(group)


def _invite(group_id: int, invite: Callable[[WorkingGroup], WorkingGroupMembership]) -> Response | tuple[str, int]:
    invited: list[WorkingGroupMembership] = []
    return _act(
        group_id, lambda group: invited.append(invite(group)),
        lambda: _("%(name)s を招待しました。", name=invited[0].organisation.name),
    )  # fmt: skip


@bp.post("/<int:group_id>/invite/proposal/<int:proposal_id>")
def invite_proposal(group_id: int, proposal_id: int) -> Response | tuple[str, int]:
    """Invite the organisation of one of the need's proposals."""
    return _invite(group_id, lambda group: services.invite_from_proposal(
        group, get_or_404(Proposal, proposal_id), actor=current_user))  # fmt: skip


@bp.post("/<int:group_id>/invite/seed/<int:seed_id>")
def invite_seed(group_id: int, seed_id: int) -> Response | tuple[str, int]:
    """Invite the organisation of a seed the matcher suggests for the need."""
    return _invite(group_id, lambda group: services.invite_from_suggestion(
        group, get_or_404(Seed, seed_id), actor=current_user))  # fmt: skip


@bp.post("/<int:group_id>/invite/organisation/<int:organisation_id>")
def invite_organisation(group_id: int, organisation_id: int) -> Response | tuple[str, int]:
    """Invite an approved organisation found with the search on the group's page."""
    return _invite(group_id, lambda group: services.invite_organisation(
        group, get_or_404(Organisation, organisation_id), actor=current_user))  # fmt: skip


@bp.post("/<int:group_id>/candidates/<int:seed_id>/undo")
def undo_candidate(group_id: int, seed_id: int) -> Response | tuple[str, int]:
    """Take back an invitation candidate (招待候補) mark."""
    return _act(
        group_id, lambda group: services.undo_candidate(group, get_or_404(Seed, seed_id), actor=current_user),
        lambda: _("招待候補を取り消しました。"),
    )  # fmt: skip


def _answer(group_id: int, answer: str) -> Response:
    """A member answers for the organisation; after declining or leaving, the group's
    page is closed to it, so it goes back to its list."""
    require_sign_in()
    group = queries.visible_group(group_id, actor=current_user)
    membership = membership_of(current_user, group)
    require(membership is not None)
    services.answer_invitation(membership, answer, actor=current_user)  # type: ignore[arg-type]
    db.session.commit()
    flash(str(DONE_MESSAGES[answer]), "success")
    return _to_group(group) if answer == "accept" else redirect(url_for("workgroups.index"))


@bp.post("/<int:group_id>/accept")
def accept(group_id: int) -> Response:
    return _answer(group_id, "accept")


@bp.post("/<int:group_id>/decline")
def decline(group_id: int) -> Response:
    return _answer(group_id, "decline")


@bp.post("/<int:group_id>/leave")
def leave(group_id: int) -> Response:
    """An accepted organisation may leave while the group works (see services.py)."""
    return _answer(group_id, "leave")


@bp.post("/<int:group_id>/activate")
def activate(group_id: int) -> Response | tuple[str, int]:
    return _act(
        group_id, lambda group: services.change_group_status(group, WorkingGroupStatus.ACTIVE, actor=current_user),
        lambda: _("ワーキンググループの活動を始めました。"),
    )  # fmt: skip


@bp.post("/<int:group_id>/conclude")
def conclude(group_id: int) -> Response | tuple[str, int]:
    form, to = ConcludeForm(), WorkingGroupStatus.CONCLUDED
    return _page_form(
        group_id, form,
        lambda group: services.check_move(group, to, actor=current_user),
        lambda group: services.change_group_status(group, to, actor=current_user, outcome=form.outcome.data),
        _("ワーキンググループを終了しました。"),
    )  # fmt: skip


@bp.post("/<int:group_id>/records")
def add_record(group_id: int) -> Response | tuple[str, int]:
    form = RecordForm()
    return _page_form(
        group_id, form,
        lambda group: services.check_recording(group, actor=current_user),
        lambda group: services.add_activity_record(group, form.entry(), actor=current_user),
        _("活動記録を追加しました。"),
    )  # fmt: skip

"""The coordinators' matcher pages: feedback on suggested seeds, the synonym table and
the rebuild. The suggestions themselves are shown on the need page and on /me."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.forms import add_field_error
from hackplat.jobs.rebuild import KIND as REBUILD
from hackplat.jobs.rebuild import request_rebuild
from hackplat.jobs.services import active_job
from hackplat.matching import synonym_services as services
from hackplat.matching.forms import SynonymFilterForm, SynonymForm
from hackplat.matching.rerank import services as rerank_services
from hackplat.matching.rerank import views as rerank_views
from hackplat.matching.rerank.jobs import request_training
from hackplat.matching.suggestions import give_feedback
from hackplat.models import FeedbackKind, MatchReranker, Need, Seed, Synonym
from hackplat.permissions import can_give_match_feedback, can_manage_matcher, require
from hackplat.views import get_or_404, paginate, require_sign_in

bp = Blueprint("matching", __name__, url_prefix="/matching")


@bp.before_request
def signed_in_only() -> None:
    require_sign_in()


FEEDBACK_DONE = {
    FeedbackKind.NOT_RELEVANT: _l("「%(seed)s」を関係なしにしました。この課題には今後表示されません。"),
    FeedbackKind.INVITE: _l("「%(seed)s」を招待候補にしました。"),
}


def _feedback(need_id: int, seed_id: int, kind: FeedbackKind) -> Response:
    require(can_give_match_feedback(current_user))  # before the look-up: ids are not probed
    need, seed = get_or_404(Need, need_id), get_or_404(Seed, seed_id)
    give_feedback(need, seed, kind, actor=current_user)
    db.session.commit()
    flash(str(FEEDBACK_DONE[kind]) % {"seed": seed.title}, "success")
    return redirect(url_for("needs.detail", need_id=need.id, _anchor="need-suggestions"))


@bp.post("/feedback/<int:need_id>/<int:seed_id>/not-relevant")
def not_relevant(need_id: int, seed_id: int) -> Response:
    return _feedback(need_id, seed_id, FeedbackKind.NOT_RELEVANT)


@bp.post("/feedback/<int:need_id>/<int:seed_id>/invite")
def invite(need_id: int, seed_id: int) -> Response:
    return _feedback(need_id, seed_id, FeedbackKind.INVITE)


def _synonyms_page(form: SynonymForm, status: int = 200, reranker_error: str | None = None) -> tuple[str, int]:
    filters = SynonymFilterForm(request.args)
    query = services.synonyms_query(filters.q.data or "")
    pagination = paginate(query)
    link_args = {"q": filters.q.data} if filters.q.data else {}
    page = render_template("matching/synonyms.html", form=form, filters=filters, pagination=pagination,
                           link_args=link_args, version=services.active_version(),
                           rebuilding=active_job(REBUILD),
                           reranker=rerank_views.panel(reranker_error))  # fmt: skip
    return page, status


@bp.route("/synonyms", methods=["GET", "POST"])
def synonyms() -> Response | tuple[str, int]:
    require(can_manage_matcher(current_user))
    form = SynonymForm()
    if not form.validate_on_submit():
        return _synonyms_page(form, 400 if request.method == "POST" else 200)
    try:
        synonym = services.add_synonym(form.variant.data, form.canonical.data, actor=current_user)
    except (InvalidInput, Conflict) as refusal:
        db.session.rollback()
        add_field_error(form, refusal.field, refusal.message)
        return _synonyms_page(form, refusal.status)
    db.session.commit()
    flash(_("「%(variant)s → %(canonical)s」を追加しました。次の再構築で順位付けに反映されます。",
            variant=synonym.variant, canonical=synonym.canonical), "success")  # fmt: skip
    return redirect(url_for("matching.synonyms"))


@bp.get("/synonyms/<int:synonym_id>/delete")
def confirm_delete_synonym(synonym_id: int) -> str:
    require(can_manage_matcher(current_user))
    return render_template("matching/delete_synonym.html", synonym=get_or_404(Synonym, synonym_id))


@bp.post("/synonyms/<int:synonym_id>/delete")
def delete_synonym(synonym_id: int) -> Response:
    require(can_manage_matcher(current_user))
    synonym = get_or_404(Synonym, synonym_id)
    services.delete_synonym(synonym, actor=current_user)
    db.session.commit()
    flash(_("「%(variant)s → %(canonical)s」を削除しました。次の再構築で順位付けに反映されます。",
            variant=synonym.variant, canonical=synonym.canonical), "success")  # fmt: skip
    return redirect(url_for("matching.synonyms"))


@bp.post("/rebuild")
def rebuild() -> Response:
    """Enqueue a rebuild (a consumer runs it) and show its page at once; while one is
    queued or running, a second click shows that one."""
    asked = request_rebuild(actor=current_user)
    if not asked.new:
        flash(_("再構築はすでに受け付けられています。その進み具合を表示します。"), "info")
    return redirect(url_for("jobs.detail", job_id=asked.job.id), code=303)


@bp.post("/reranker/train")
def train_reranker() -> Response | tuple[str, int]:
    """Enqueue a training of the feedback re-ranker and show its job's page."""
    require(can_manage_matcher(current_user))
    try:
        asked = request_training(actor=current_user)
    except Conflict as refusal:
        db.session.rollback()
        return _synonyms_page(SynonymForm(formdata=None), refusal.status, refusal.message)
    if not asked.new:
        flash(_("学習はすでに受け付けられています。その進み具合を表示します。"), "info")
    return redirect(url_for("jobs.detail", job_id=asked.job.id), code=303)


@bp.post("/reranker/<int:reranker_id>/<any(on, off):state>")
def switch_reranker(reranker_id: int, state: str) -> Response | tuple[str, int]:
    """A coordinator switches the learnt ordering on or off (audited)."""
    require(can_manage_matcher(current_user))
    row = get_or_404(MatchReranker, reranker_id)
    try:
        rerank_services.switch(row, state == "on", actor=current_user)
    except Conflict as refusal:
        db.session.rollback()
        return _synonyms_page(SynonymForm(formdata=None), refusal.status, refusal.message)
    db.session.commit()
    flash(_("学習した並べ方を使い始めました。") if state == "on" else _("学習した並べ方を止めました。類似度の順に戻ります。"),
          "success")  # fmt: skip
    return redirect(url_for("matching.synonyms", _anchor="reranker"))

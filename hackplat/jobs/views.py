"""A job's page: its state, stage and progress, refreshing itself while the job is
queued or running (a ``<meta http-equiv="refresh">``: no script, so the CSP's
``script-src 'self'`` has nothing to allow), with a link to turn that off."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hackplat.extensions import db
from hackplat.jobs import rebuild
from hackplat.labels import JOB_STATE_LABELS
from hackplat.matching.rerank import jobs as rerank
from hackplat.matching.store.live import active_version_id
from hackplat.models import Job, User
from hackplat.permissions import can_view_job, require
from hackplat.views import get_or_404, require_sign_in

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

REFRESH_SECONDS = 2
KINDS = {rebuild.KIND: _l("順位付けの再構築"), rerank.KIND: _l("判断からの学習")}
STAGES = {
    "": _l("実行の順番を待っています。"),
    "start": _l("準備しています。"),
    "analyse": _l("課題とシーズの文章を解析しています。"),
    "pairs": _l("順位を計算して書き込んでいます。"),
    "done": _l("完了しました。"),
}
#: Where each kind's page links back to.
BACK = {
    rebuild.KIND: ("matching.synonyms", _l("マッチングの管理に戻る")),
    rerank.KIND: ("matching.synonyms", _l("マッチングの管理に戻る")),
}


@bp.get("/<int:job_id>")
def detail(job_id: int) -> str:
    require_sign_in()
    require(can_view_job(current_user))  # before the look-up: ids are not probed
    job = get_or_404(Job, job_id)
    refresh = REFRESH_SECONDS if job.is_active and request.args.get("refresh") != "off" else None
    asked_by = None if job.enqueued_by_id is None else db.session.get(User, job.enqueued_by_id)
    return render_template(
        "jobs/detail.html",
        job=job,
        refresh=refresh,
        asked_by=asked_by,
        labels={
            "kind": KINDS.get(job.kind, job.kind),
            "state": JOB_STATE_LABELS[job.state],
            "stage": STAGES.get(job.stage, ""),
        },
        back=BACK.get(job.kind),
        active_version=active_version_id() if job.kind == rebuild.KIND else None,
    )

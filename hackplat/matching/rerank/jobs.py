"""Training the feedback re-ranker as a job: the matcher page's button enqueues it, a
consumer runs it (reading the labels and the features of thousands of pairs is not
work for a web request)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.jobs.queue import huey, in_app_context
from hackplat.jobs.services import N_, Enqueued, enqueue, run
from hackplat.matching.rerank import services
from hackplat.models import Job, User
from hackplat.permissions import can_manage_matcher, require

KIND = "matcher.rerank"
FAILED = N_("学習に失敗しました。これまでの順位付けをそのまま使っています。時間をおいてもう一度お試しください。")
TOO_FEW = _l("学習には判断済みの組が%(needed)s件以上必要です（現在%(count)s件）。")


def request_training(*, actor: User) -> Enqueued:
    """Enqueue a training (or return the one queued or running); refused with fewer
    labels than the setting asks."""
    require(can_manage_matcher(actor))
    count, needed = services.label_count(), services.min_labels()
    if count < needed:
        raise Conflict(str(TOO_FEW) % {"needed": f"{needed:,}", "count": f"{count:,}"})
    return enqueue(KIND, train_task, actor=actor)


@huey.task()
@in_app_context
def train_task(job_id: int) -> None:
    run(job_id, _train, failure=FAILED)


def _train(job_id: int) -> dict[str, Any]:
    job = db.session.get_one(Job, job_id)
    actor = None if job.enqueued_by_id is None else db.session.get(User, job.enqueued_by_id)
    row = services.train_reranker(actor=actor)
    db.session.commit()
    if row is None:
        return {"trained": False}
    return {"trained": True, "reranker_id": row.id, "enabled": row.enabled, "labels": row.labels}

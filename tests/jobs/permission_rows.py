"""Routes of the jobs' pages, in the permission table's vocabulary: the programme
office's. The world gets one finished rebuild job ({jobs_job})."""

from __future__ import annotations

from typing import Any

from hackplat.jobs.rebuild import FAILED, KIND
from hackplat.models import Job, JobState
from tests.permission_rows import COORDINATORS, Row

ROWS: dict[str, Row] = {
    "jobs.detail": ("GET", "/jobs/{jobs_job}", {}, COORDINATORS),
}


def extend_world(world: dict[str, Any], factories: Any) -> None:
    job = Job(kind=KIND, state=JobState.FAILED, error=FAILED, enqueued_by_id=world["users"]["admin"].id)
    factories.db.session.add(job)
    factories.db.session.commit()
    world["ids"]["jobs_job"] = job.id

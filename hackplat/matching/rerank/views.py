"""What the matcher page shows of the feedback re-ranker (its panel's figures)."""

from __future__ import annotations

from typing import Any

from hackplat.jobs.services import active_job
from hackplat.matching.rerank import services
from hackplat.matching.rerank.jobs import KIND


def panel(error: str | None = None) -> dict[str, Any]:
    return {
        "in_use": services.in_use(),
        "latest": services.latest(),
        "labels": services.label_count(),
        "needed": services.min_labels(),
        "depth": services.DEPTH,
        "training": active_job(KIND),
        "error": error,
    }

"""The accounts' periodic task: old throttle counters removed every hour."""

from __future__ import annotations

from huey import crontab

from hackplat.accounts import throttle
from hackplat.jobs.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="17"))
@in_app_context
def purge_throttle_counters() -> int:
    """Every hour: counters nobody touched for two days (longer than every window)."""
    return throttle.purge_expired()

"""The notification tasks of the job queue: delivering mail, the retry sweep and the digests.

Huey evaluates crontabs in UTC (``utc=True`` in queue.py): 08:00 in Japan (UTC+9, no
summer time) is 23:00 UTC of the day before, and Monday 08:00 JST is Sunday 23:00 UTC.
"""

from __future__ import annotations

from huey import crontab

from hackplat.jobs.queue import huey, in_app_context
from hackplat.models import DeliveryStatus, Frequency
from hackplat.notifications import outbox

DAILY_AT_8_JST = crontab(minute="0", hour="23")
MONDAYS_AT_8_JST = crontab(minute="0", hour="23", day_of_week="0")


@huey.task()
@in_app_context
def deliver_notifications(ids: list[int]) -> int:
    """Hand these messages over, each on its own (see outbox.py); how many were handled.
    Those that failed and will be retried are enqueued again for their next attempt, so
    that a retry comes on time and not at the minute's sweep (which stays the safety net)."""
    outcomes = {notification_id: outbox.deliver_one(notification_id) for notification_id in ids}
    retried = [notification_id for notification_id, outcome in outcomes.items() if outcome == DeliveryStatus.FAILED]
    if retried:
        deliver_notifications.schedule((retried,), eta=outbox.next_attempt(retried))
    return sum(outcome is not None for outcome in outcomes.values())


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def sweep_outbox() -> int:
    """Every minute: retries whose time has come, and messages created outside a request."""
    return outbox.deliver_due()


@huey.periodic_task(DAILY_AT_8_JST)
@in_app_context
def daily_digest() -> int:
    from hackplat.notifications.digests import send_digests

    return send_digests(Frequency.DAILY)


@huey.periodic_task(MONDAYS_AT_8_JST)
@in_app_context
def weekly_digest() -> int:
    from hackplat.notifications.digests import send_digests

    return send_digests(Frequency.WEEKLY)

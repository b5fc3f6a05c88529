"""The demo's calendar: Japan-time story dates as stored timestamps, and the dates of
the exchange (when each call closes, when each need was published and each proposal
submitted).

The services stamp everything "now"; the demo loader then back-dates the rows to the
day the story says it happened (see story.py), so that the dashboard's counts by
fiscal year tell the programme's history. Audit records and notifications keep the time
of the load: they record what the loader did, not the story.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from hackplat.demo.exchange import DemoNeed, DemoProposal
from hackplat.demo.story import NEED_PUBLISHED_ON, ORGANISATION_APPROVED_ON, STORY_TODAY
from hackplat.fiscal import JAPAN, japan_today
from hackplat.models import Need, Proposal, Seed

#: Office hours (Japan time) at which the story's acts are stamped.
MORNING, NOON, AFTERNOON, EVENING = 10, 12, 15, 17
#: A proposal is drafted this long before it is submitted.
DRAFTING = timedelta(days=3)
#: An approved organisation posts its seeds within the first two weeks or so (before
#: the story's first suggestion of one of them).
FIRST_SEED, SEEDING_DAYS = timedelta(days=3), 14


def at(day: date, hour: int = MORNING) -> datetime:
    """``day`` at ``hour`` o'clock in Japan, as the aware UTC datetime the columns hold."""
    return datetime.combine(day, time(hour), JAPAN).astimezone(UTC)


def deadline_of(item: DemoNeed) -> date:
    """A past call closes where the story needs it (counted from the day the story is
    told); an open call stays open, counted from today."""
    start = STORY_TODAY if item.deadline_in_days < 0 else japan_today()
    return start + timedelta(days=item.deadline_in_days)


def date_needs(needs: Iterable[Need]) -> None:
    """Published needs: published on their story date, written a week before."""
    for need in needs:
        day = NEED_PUBLISHED_ON.get(need.title)
        if day is not None:
            need.published_at, need.created_at = at(day), at(day - timedelta(days=7))


def date_seeds(seeds: dict[tuple[str, str], Seed]) -> None:
    """Seeds (by organisation name and title): posted soon after their organisation's approval."""
    for n, ((organisation, _title), seed) in enumerate(seeds.items()):
        day = ORGANISATION_APPROVED_ON[organisation] + FIRST_SEED + timedelta(days=n % SEEDING_DAYS)
        seed.created_at = at(min(day, japan_today()), NOON)


def submission_day(published: date, approved: date, deadline: date, n: int) -> date:
    """A working day of the call, spread by ``n``: after the need was published and the
    organisation approved, not after the deadline or today."""
    first = max(published, approved) + timedelta(days=1)
    last = min(deadline, japan_today())
    if last <= first:
        return last
    return first + timedelta(days=(last - first).days * (1 + n % 4) // 5)


def date_proposals(proposals: Iterable[tuple[Proposal, DemoProposal]], needs: list[DemoNeed]) -> None:
    """Submitted proposals: submitted during their need's call, drafted a few days before."""
    for n, (proposal, item) in enumerate(proposals):
        if proposal.submitted_at is None:
            continue
        need = needs[item.need]
        approved = ORGANISATION_APPROVED_ON[item.organisation]
        day = submission_day(NEED_PUBLISHED_ON[need.title], approved, deadline_of(need), n)
        proposal.submitted_at = at(day, AFTERNOON)
        proposal.created_at = max(at(day - DRAFTING), at(approved, EVENING))

"""The demo's startup support (#17 item 3): startups' submitted proposals to
startup-friendly needs ask for mentoring, through the same services as the pages; the
first waits on the coordinators' home, the second a coordinator has taken. Chosen from
the data (oldest proposal first), so that the story's text stays where it is."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import MentoringRequest, Need, NeedStatus, Organisation, Proposal, ProposalStatus, User
from hackplat.startups.services import take_request

NOTES = (
    "市の実証の進め方と、提案書の費用の書き方を相談したいです。",
    "個人情報の取扱いについて、市のセキュリティ審査で求められることを知りたいです。",
)


def _candidates() -> list[Proposal]:
    query = (
        select(Proposal)
        .join(Need, Need.id == Proposal.need_id)
        .join(Organisation, Organisation.id == Proposal.organisation_id)
        .where(
            Organisation.is_startup.is_(True),
            Need.startup_support.is_(True),
            Need.status == NeedStatus.OPEN,
            Proposal.status == ProposalStatus.SUBMITTED,
        )
        .order_by(Proposal.submitted_at, Proposal.id)
        .limit(len(NOTES))
    )
    return list(db.session.scalars(query))


def load_mentoring(coordinator: User) -> int:
    """Ask for mentoring on the chosen proposals; the coordinator takes the second."""
    requests = []
    for proposal, note in zip(_candidates(), NOTES, strict=False):
        author = proposal.author_id or next((m.id for m in proposal.organisation.members), None)
        request = MentoringRequest(
            proposal=proposal, note=note, requested_by_id=author, requested_at=proposal.submitted_at
        )
        db.session.add(request)
        requests.append(request)
    db.session.flush()
    if len(requests) > 1:
        take_request(requests[1], version=requests[1].version, actor=coordinator)
    return len(requests)

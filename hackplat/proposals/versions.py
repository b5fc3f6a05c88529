"""The versions of a submitted proposal: its text at each submission and at each edit
made after submitting. The city reads the proposal as it is now, and sees from the
versions that (and when) it changed; nothing an organisation submitted is lost."""

from __future__ import annotations

from hackplat.models import Proposal, ProposalVersion, User
from hackplat.models.exchange import PROPOSAL_CONTENT_FIELDS


def record_version(proposal: Proposal, *, actor: User) -> ProposalVersion:
    """Keep the proposal's current text as its next version (flushed with the proposal)."""
    version = ProposalVersion(
        number=len(proposal.versions) + 1,
        author_id=actor.id,
        **{name: getattr(proposal, name) for name in PROPOSAL_CONTENT_FIELDS},
    )
    proposal.versions.append(version)
    return version


def changed_since_submitted(proposal: Proposal) -> bool:
    """Edited after it was first submitted (the city's page says so)."""
    return len(proposal.versions) > 1


def earlier_versions(proposal: Proposal) -> list[ProposalVersion]:
    """Every version but the latest (which is the proposal as shown), newest first."""
    return list(reversed(proposal.versions[:-1]))

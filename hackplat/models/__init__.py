"""All models, imported here so that Alembic and the app see the whole metadata."""
from hackplat.models.accounts import (
    Department,
    DepartmentKind,
    LoginSession,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from hackplat.models.audit import AuditRecord
from hackplat.models.base import Base, utcnow
from hackplat.models.exchange import Need, NeedStatus, Proposal, ProposalStatus, Seed, Theme
from hackplat.models.matching import (
    FeedbackKind,
    MatchDelta,
    MatchPair,
    MatchVersion,
    MatchVersionStatus,
    SuggestionFeedback,
    Synonym,
)
from hackplat.models.notifications import DeliveryStatus, Notification

__all__ = [
    "AuditRecord",
    "Base",
    "DeliveryStatus",
    "Department",
    "DepartmentKind",
    "FeedbackKind",
    "LoginSession",
    "MatchDelta",
    "MatchPair",
    "MatchVersion",
    "MatchVersionStatus",
    "Need",
    "NeedStatus",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "OrganisationStatus",
    "Proposal",
    "ProposalStatus",
    "Role",
    "Seed",
    "SuggestionFeedback",
    "Synonym",
    "Theme",
    "User",
    "utcnow",
]

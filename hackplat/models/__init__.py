"""All models, imported here so that Alembic and the app see the whole metadata."""

from hackplat.models.accounts import (
    Actor,
    Department,
    DepartmentKind,
    LoginSession,
    Organisation,
    OrganisationInvitation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from hackplat.models.attachments import Attachment
from hackplat.models.audit import AuditRecord
from hackplat.models.base import Base, utcnow
from hackplat.models.caching import ContentChange
from hackplat.models.credentials import RecoveryCode, ThrottleCounter
from hackplat.models.evaluations import CRITERIA, Evaluation
from hackplat.models.exchange import Need, NeedStatus, Proposal, ProposalStatus, ProposalVersion, Seed, Theme
from hackplat.models.indicators import (
    Counting,
    Indicator,
    IndicatorCycle,
    IndicatorSource,
    IndicatorUnit,
    IndicatorValue,
)
from hackplat.models.jobs import Job, JobState
from hackplat.models.knowledge import CaseStatus, KnowledgeCase
from hackplat.models.labs import Lab
from hackplat.models.legal import LegalAcceptance, LegalDocument, LegalKind
from hackplat.models.lessons import LessonCategory, PilotLesson, RollOutInterest
from hackplat.models.matching import (
    FeedbackKind,
    MatchDelta,
    MatchPair,
    MatchVersion,
    MatchVersionStatus,
    SuggestionFeedback,
    Synonym,
)
from hackplat.models.notifications import DeliveryStatus, DigestMark, Frequency, Notification, NotificationPreference
from hackplat.models.pilots import Pilot, PilotKpi, PilotMilestone, PilotStage, PilotStageChange
from hackplat.models.questions import Question
from hackplat.models.reranking import MatchReranker
from hackplat.models.search import SearchDocument, SearchTerm, SearchTermCount, SearchTotal
from hackplat.models.startups import MentoringRequest, MentoringStatus
from hackplat.models.support import SupportPath, SupportRequest, SupportRequestJoin, SupportStatus
from hackplat.models.support_paths import (
    CheckInStatus,
    ProjectCheckIn,
    ProjectSupport,
    SupportSearch,
    SupportSearchInvitation,
)
from hackplat.models.workgroups import (
    ActivityKind,
    ActivityRecord,
    MembershipStatus,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupStatus,
)

__all__ = [
    "ActivityKind",
    "ActivityRecord",
    "Actor",
    "Attachment",
    "AuditRecord",
    "Base",
    "CRITERIA",
    "CaseStatus",
    "CheckInStatus",
    "ContentChange",
    "Counting",
    "DeliveryStatus",
    "Department",
    "DepartmentKind",
    "DigestMark",
    "Evaluation",
    "FeedbackKind",
    "Frequency",
    "Indicator",
    "IndicatorCycle",
    "IndicatorSource",
    "IndicatorUnit",
    "IndicatorValue",
    "Job",
    "JobState",
    "KnowledgeCase",
    "Lab",
    "LegalAcceptance",
    "LegalDocument",
    "LegalKind",
    "LessonCategory",
    "LoginSession",
    "MatchDelta",
    "MatchPair",
    "MatchReranker",
    "MatchVersion",
    "MatchVersionStatus",
    "MembershipStatus",
    "MentoringRequest",
    "MentoringStatus",
    "Need",
    "NeedStatus",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "OrganisationInvitation",
    "OrganisationKind",
    "OrganisationStatus",
    "Pilot",
    "PilotKpi",
    "PilotLesson",
    "PilotMilestone",
    "PilotStage",
    "PilotStageChange",
    "ProjectCheckIn",
    "ProjectSupport",
    "Proposal",
    "ProposalStatus",
    "ProposalVersion",
    "Question",
    "RecoveryCode",
    "Role",
    "RollOutInterest",
    "SearchDocument",
    "SearchTerm",
    "SearchTermCount",
    "SearchTotal",
    "Seed",
    "SuggestionFeedback",
    "SupportPath",
    "SupportRequest",
    "SupportRequestJoin",
    "SupportSearch",
    "SupportSearchInvitation",
    "SupportStatus",
    "Synonym",
    "Theme",
    "ThrottleCounter",
    "User",
    "WorkingGroup",
    "WorkingGroupMembership",
    "WorkingGroupStatus",
    "utcnow",
]

"""The two consents a case needs before it is published: the implementing organisation's
(one of its members) and the department's (one of its staff). Each is recorded with who
gave it and when, and audited (``case.consented``); the second one publishes the case
through the life cycle. Consent is to the text as it stands: services.update_case clears
the consents when the text changes, and withdrawing the case to draft clears them too.
"""

from __future__ import annotations

from flask_babel import gettext as _

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, require_version
from hackplat.errors import Conflict
from hackplat.knowledge.services import change_case_status
from hackplat.models import CaseStatus, KnowledgeCase, User, utcnow
from hackplat.permissions import require
from hackplat.permissions.knowledge import can_consent_for_department, can_consent_for_organisation

ORGANISATION, DEPARTMENT = "organisation", "department"


def party_of(user: User | None, case: KnowledgeCase) -> str | None:
    """For whom ``user`` may consent to ``case`` (None: for nobody)."""
    if can_consent_for_organisation(user, case):
        return ORGANISATION
    if can_consent_for_department(user, case):
        return DEPARTMENT
    return None


def given(case: KnowledgeCase, party: str) -> bool:
    return getattr(case, f"{party}_consent_at") is not None


def consent_case(case: KnowledgeCase, *, actor: User, seen_version: int | None = None) -> KnowledgeCase:
    """Record ``actor``'s consent for their side; publish once both sides have consented.
    A consent is to the text the person read: from a page, ``seen_version`` is the case's
    version shown there, and a case changed since (an edit, the other side's consent) is
    refused as stale, to be read again."""
    party = party_of(actor, case)
    require(party is not None)
    assert party is not None  # for the type checker: require raised otherwise
    if seen_version is not None:
        require_version(case, seen_version)
    if case.status is not CaseStatus.AWAITING_CONSENT:
        raise Conflict(_("この事例は同意を求められていません。"))
    if given(case, party):
        raise Conflict(_("この事例には既に同意しています。"))
    setattr(case, f"{party}_consent_by_id", actor.id)
    setattr(case, f"{party}_consent_at", utcnow())
    audit.record("case.consented", "knowledge_case", case.id, actor=actor, detail={"party": party})
    flush_or_conflict()
    if given(case, ORGANISATION) and given(case, DEPARTMENT):
        change_case_status(case, CaseStatus.PUBLISHED, actor=actor)
    return case

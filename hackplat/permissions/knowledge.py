"""Knowledge cases: written by the programme office, published once the implementing
organisation (a member) and the department (a staff member) have both consented, public
then. While a case awaits their consent, those who may give it can read it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select, true

from hackplat.models import Actor, CaseStatus, KnowledgeCase, Pilot
from hackplat.permissions.roles import (
    equals_if_known,
    is_coordinator,
    is_member_of,
    is_staff_of,
    own_department_id,
    own_organisation_id,
)


def can_edit_case(user: Actor) -> bool:
    """Draft, edit, ask for consent and withdraw cases: the programme office."""
    return is_coordinator(user)


def can_consent_for_organisation(user: Actor, case: KnowledgeCase) -> bool:
    """A member of the organisation that ran the pilot."""
    return case.pilot is not None and is_member_of(user, case.pilot.organisation_id)


def can_consent_for_department(user: Actor, case: KnowledgeCase) -> bool:
    """A staff member of the department that ran the pilot."""
    return case.pilot is not None and is_staff_of(user, case.pilot.department_id)


def can_view_case(user: Actor, case: KnowledgeCase) -> bool:
    if case.status is CaseStatus.PUBLISHED or can_edit_case(user):
        return True
    consenting = can_consent_for_organisation(user, case) or can_consent_for_department(user, case)
    return case.status is CaseStatus.AWAITING_CONSENT and consenting


def visible_cases(user: Actor) -> ColumnElement[bool]:
    """The cases ``can_view_case`` lets ``user`` see, as a WHERE clause (``visible_cases(None)``:
    the public library)."""
    if can_edit_case(user):
        return true()
    published = KnowledgeCase.status == CaseStatus.PUBLISHED
    organisation_id, department_id = own_organisation_id(user), own_department_id(user)
    if organisation_id is None and department_id is None:
        return published
    theirs = select(Pilot.id).where(or_(equals_if_known(Pilot.organisation_id, organisation_id),
                                        equals_if_known(Pilot.department_id, department_id)))  # fmt: skip
    asked = and_(KnowledgeCase.status == CaseStatus.AWAITING_CONSENT, KnowledgeCase.pilot_id.in_(theirs))
    return or_(published, asked)

"""Knowledge inside the city (#17 item 4): a pilot's internal lessons and the roll-out
interest of departments are for city accounts only. Organisations — even the one that
ran the pilot — and the public get nothing: no link, and 404 on a direct address."""

from __future__ import annotations

from hackplat.models import Actor, CaseStatus, KnowledgeCase, Pilot, RollOutInterest
from hackplat.permissions.roles import is_coordinator, is_staff, is_staff_of


def can_read_lessons(user: Actor) -> bool:
    """Every city account: staff of any department, coordinators and admins. Also who
    may see which departments want a case rolled out to them."""
    return is_staff(user) or is_coordinator(user)


def can_write_lesson(user: Actor, pilot: Pilot) -> bool:
    """Write and edit the pilot's lessons: its department's staff and the programme office."""
    return is_coordinator(user) or is_staff_of(user, pilot.department_id)


def can_show_interest(user: Actor, case: KnowledgeCase) -> bool:
    """「うちでも導入したい」: staff of another department than the case's, on a published case."""
    return (
        case.status is CaseStatus.PUBLISHED
        and is_staff(user)
        and user.department_id is not None
        and not is_staff_of(user, case.department_id)
    )


def can_withdraw_interest(user: Actor, interest: RollOutInterest) -> bool:
    """The interest is the department's: any of its staff may take it back."""
    return is_staff_of(user, interest.department_id)

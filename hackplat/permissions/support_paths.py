"""The search and project paths of a support request (#17 item 1).

The programme office runs both: it searches with the matcher (whose suggestions include
private seeds) and invites through the working group, and it starts and closes a
project support. Check-ins are written by the office and by the pilot's department.

Who reads a project support and its check-ins: every city account, as for the request
itself (permissions/support.py: requests are the city's internal business, read across
departments), and the members of the pilot's implementing organisation; never the
public, nor other organisations. The organisation reads it because the project is run
together with it: most next actions fall to it, and a check-in is of little use to the
one who has to act on it if it cannot read it. The check-in form says so, so that
nothing meant for the city alone is written there. On the pilot's page (seen only by
the office, the department and the organisation) it is the 「プロジェクト管理支援」 panel.
"""

from __future__ import annotations

from hackplat.models import Actor
from hackplat.models.support_paths import ProjectSupport
from hackplat.permissions.roles import is_coordinator, is_member_of, is_staff, is_staff_of


def can_run_support_paths(user: Actor) -> bool:
    """Search and invite, start and close project support: the programme office."""
    return is_coordinator(user)


def can_view_project_support(user: Actor, support: ProjectSupport) -> bool:
    return is_staff(user) or is_coordinator(user) or is_member_of(user, support.pilot.organisation_id)


def can_check_in(user: Actor, support: ProjectSupport) -> bool:
    """A check-in: the office, or the staff of the pilot's department."""
    return is_coordinator(user) or is_staff_of(user, support.pilot.department_id)

"""Who may reach the colleagues' pages (see tests/permission_rows.py). Placeholders:
{colleagues_invitation} an open invitation of the member's organisation,
{colleagues_token} its signed link's token, {colleagues_requester} a join request to
the member's organisation waiting for approval."""

from __future__ import annotations

from hackplat.models import OrganisationInvitation, Role
from hackplat.organisations.colleagues import invitation_path
from tests.permission_rows import EVERYONE, FORBIDDEN, OK, REDIRECT, Row, by_role

#: Only the organisation's own members manage its colleagues.
MEMBER_ACTION = by_role(REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)
ORG = "/organisations/{own_org}"

ROWS: dict[str, Row] = {
    "colleagues.invite": ("POST", f"{ORG}/invitations", {"email": "colleague@example.jp"}, MEMBER_ACTION),
    "colleagues.revoke": ("POST", f"{ORG}/invitations/{{colleagues_invitation}}/revoke", {}, MEMBER_ACTION),
    "colleagues.approve_join": ("POST", f"{ORG}/join-requests/{{colleagues_requester}}/approve", {}, MEMBER_ACTION),
    "colleagues.decline_join": ("POST", f"{ORG}/join-requests/{{colleagues_requester}}/decline", {}, MEMBER_ACTION),
    # the world's member is their organisation's only member: the page explains why they cannot leave
    "colleagues.leave": ("GET", f"{ORG}/leave", {}, by_role(REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "colleagues.accept_invitation": ("GET", "/invitation/{colleagues_token}", {}, EVERYONE),
    "colleagues.join": ("GET", "/register/join", {}, EVERYONE),
    "colleagues.join_requested": ("GET", "/register/join/done", {}, EVERYONE),
}


def extend_world(world: dict, factories) -> None:
    member = world["users"]["member"]
    invitation = OrganisationInvitation(
        organisation_id=member.organisation_id, email="invited@example.jp", invited_by_id=member.id
    )
    requester = factories.make_user(Role.MEMBER, organisation=member.organisation, email="asks@example.jp")
    requester.joined_at = None
    factories.db.session.add(invitation)
    factories.db.session.commit()
    world["ids"]["colleagues_invitation"] = invitation.id
    world["ids"]["colleagues_token"] = invitation_path(invitation).removeprefix("/invitation/")
    world["ids"]["colleagues_requester"] = requester.id

"""Who may reach each knowledge-case route (see tests/permission_rows.py for the vocabulary).

Placeholders: {knowledge_pilot} an evaluated pilot without a case, {knowledge_draft} a
draft case (complete enough to publish), {knowledge_published} a published case,
{knowledge_awaiting} a case awaiting consent (of an organisation and a department none
of the table's users belongs to).
"""

from __future__ import annotations

from hackplat.models import CaseStatus, NeedStatus, PilotStage, ProposalStatus
from tests.knowledge.conftest import build_case, build_pilot
from tests.permission_rows import (
    COORDINATOR_ACTION,
    COORDINATORS,
    EVERYONE,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    by_role,
)

ROWS: dict[str, Row] = {
    "knowledge.index": ("GET", "/knowledge/", {}, EVERYONE),
    "knowledge.drafts": ("GET", "/knowledge/drafts", {}, COORDINATORS),
    "knowledge.new": ("POST", "/knowledge/new?pilot={knowledge_pilot}", {}, COORDINATOR_ACTION),
    # A draft is the programme office's: to everyone else it does not exist.
    "knowledge.detail": ("GET", "/knowledge/{knowledge_draft}", {}, by_role(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)),
    "knowledge.edit": ("GET", "/knowledge/{knowledge_draft}/edit", {}, COORDINATORS),
    "knowledge.request_consent": ("POST", "/knowledge/{knowledge_draft}/request-consent", {}, COORDINATOR_ACTION),
    # Consent is the pilot's organisation's and department's: the office may read, not consent.
    "knowledge.consent": (
        "POST",
        "/knowledge/{knowledge_awaiting}/consent",
        {},
        by_role(REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    ),
    "knowledge.unpublish": ("POST", "/knowledge/{knowledge_published}/unpublish", {}, COORDINATOR_ACTION),
    # 「うちでも導入したい」: staff of another department than the case's (the table's staff is).
    "knowledge.interest": (
        "POST",
        "/knowledge/{knowledge_published}/interest",
        {},
        by_role(REDIRECT, FORBIDDEN, REDIRECT, FORBIDDEN, FORBIDDEN),
    ),
}


def extend_world(world: dict, factories) -> None:
    department = factories.make_department("事例の局")

    def pilot(n: int):
        need = factories.make_need(department=department, status=NeedStatus.PILOTING, title=f"事例の課題{n}")
        proposal = factories.make_proposal(need, world["other_org"], ProposalStatus.SELECTED)
        return build_pilot(proposal, PilotStage.EVALUATED, kpis=[("申請", 60, 15)])

    world["ids"]["knowledge_pilot"] = pilot(1).id
    world["ids"]["knowledge_draft"] = build_case(pilot(2)).id
    world["ids"]["knowledge_published"] = build_case(pilot(3), CaseStatus.PUBLISHED).id
    world["ids"]["knowledge_awaiting"] = build_case(pilot(4), CaseStatus.AWAITING_CONSENT).id

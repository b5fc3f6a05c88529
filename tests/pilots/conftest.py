"""The people and objects around one pilot: a need of one department, a proposal of one
organisation, and everyone who should stay out (the proposals' cast, reused)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import (
    Department,
    Need,
    NeedStatus,
    Organisation,
    Pilot,
    PilotKpi,
    PilotStage,
    PilotStageChange,
    Proposal,
    ProposalStatus,
    User,
)
from tests.proposals.conftest import Cast as ProposalCast


class Cast(ProposalCast):
    """The proposals' cast (people created when first named), plus selected proposals,
    pilots and KPIs built directly with the models."""

    def __init__(self, make_user: Callable[..., User], make_organisation: Callable[..., Organisation],
                 make_department: Callable[..., Department], make_need: Callable[..., Need],
                 make_proposal: Callable[..., Proposal]) -> None:  # fmt: skip
        super().__init__(make_user, make_organisation, make_department, make_need)
        self._make_need, self._make_proposal = make_need, make_proposal

    def proposal(self, status: ProposalStatus = ProposalStatus.SELECTED,
                 need_status: NeedStatus = NeedStatus.WORKING_GROUP, organisation: Organisation | None = None,
                 need: Need | None = None) -> Proposal:  # fmt: skip
        need = need or self._make_need(
            department=self.department, status=need_status, title="保育所入所手続のオンライン化"
        )
        return self._make_proposal(need, organisation or self.organisation, status, summary="申請をスマホで完結させる")

    def pilot(self, stage: PilotStage = PilotStage.CONSIDERED, since: date | None = None, **fields: Any) -> Pilot:
        """A pilot built directly (no service), at ``stage`` since ``since`` (default: ten
        days ago), with its history's first row."""
        proposal = self.proposal(need_status=NeedStatus.PILOTING)
        since = since or japan_today() - timedelta(days=10)
        pilot = Pilot(
            proposal=proposal, need=proposal.need, department_id=self.department.id,
            organisation_id=self.organisation.id, title=fields.pop("title", "保育所入所の試行"),
            summary="概要", stage=stage, stage_changed_on=since, **fields,
        )  # fmt: skip
        pilot.stage_changes.append(PilotStageChange(from_stage=None, to_stage=stage, changed_on=since))
        db.session.add(pilot)
        db.session.commit()
        return pilot

    def kpi(
        self, pilot: Pilot, before: float, after: float, *, smartphone: bool = False, procedure: str = "申請"
    ) -> PilotKpi:
        kpi = PilotKpi(pilot_id=pilot.id, procedure=procedure, is_smartphone=smartphone,
                       minutes_before=before, minutes_after=after)  # fmt: skip
        db.session.add(kpi)
        db.session.commit()
        return kpi


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need, make_proposal) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need, make_proposal)

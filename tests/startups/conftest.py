"""Startup support's cast: a startup with a member, a startup-friendly need and an
ordinary one of one department, and a coordinator."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hackplat.extensions import db
from hackplat.models import Organisation, ProposalStatus, Role


@pytest.fixture
def cast(make_user, make_organisation, make_need, make_department, make_proposal) -> SimpleNamespace:
    startup = make_organisation(name="株式会社ミナトスタート")
    startup.is_startup, startup.founded_year = True, 2021
    db.session.commit()
    department = make_department("こども青少年局")
    return SimpleNamespace(
        startup=startup,
        member=make_user(Role.MEMBER, organisation=startup),
        friendly=make_need(department=department, title="保育所の空き状況", startup_support=True),
        ordinary=make_need(department=department, title="道路の補修"),
        coordinator=make_user(Role.COORDINATOR),
        make_proposal=make_proposal,
    )


def proposal_of(cast: SimpleNamespace, organisation: Organisation, need=None, status=ProposalStatus.SUBMITTED):
    return cast.make_proposal(need or cast.friendly, organisation, status)

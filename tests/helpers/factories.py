"""The suite's object factories as plain functions.

tests/conftest.py hands them out as function-scoped fixtures (``make_user`` ...); a
module-scoped world (tests/test_permission_table.py) calls them directly, once per module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pyotp

from hackplat.extensions import db
from hackplat.models import (
    Department,
    DepartmentKind,
    Need,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Proposal,
    ProposalStatus,
    Role,
    Seed,
    Theme,
    User,
    utcnow,
)
from hackplat.models.exchange import DEFAULT_THEMES

#: A password the policy accepts, used by every test account.
PASSWORD = "Correct-Horse-Battery-42"


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session holds. A plain commit expires every
    object, so the test's next look at the object it was just given (``user.id``,
    ``need.department``) read its row again: 5 % of the suite's time. What a request or a
    service changes is still seen: FormClient expires after each request, and services
    commit as usual."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def department_factory() -> Callable[..., Department]:
    def make(name: str = "こども青少年局", kind: DepartmentKind = DepartmentKind.BUREAU) -> Department:
        department = Department(name=name, kind=kind)
        db.session.add(department)
        commit_keeping_loaded()
        return department

    return make


def organisation_factory() -> Callable[..., Organisation]:
    def make(name: str = "株式会社テスト", status: OrganisationStatus = OrganisationStatus.APPROVED) -> Organisation:
        organisation = Organisation(
            name=name,
            kind=OrganisationKind.COMPANY,
            status=status,
            approved_at=utcnow() if status is OrganisationStatus.APPROVED else None,
        )
        db.session.add(organisation)
        commit_keeping_loaded()
        return organisation

    return make


def user_factory(
    make_department: Callable[..., Department], make_organisation: Callable[..., Organisation]
) -> Callable[..., User]:
    from hackplat.accounts.passwords import hash_password

    counter = iter(range(1, 10_000))

    def make(
        role: Role | str = Role.MEMBER,
        *,
        organisation: Organisation | None = None,
        department: Department | None = None,
        email: str | None = None,
        totp: bool | None = None,
    ) -> User:
        """``totp``: enrolled in the second factor; by default coordinators and admins are
        (it is required of them), others not. tests/helpers/totp.py signs them in."""
        role = Role(role)
        n = next(counter)
        if role is Role.MEMBER and organisation is None:
            organisation = make_organisation(name=f"組織{n}")
        if role is Role.STAFF and department is None:
            department = make_department(name=f"部署{n}")
        user = User(
            email=email or f"{role.value}{n}@example.jp",
            name=f"{role.value} {n}",
            role=role,
            organisation=organisation,
            department=department,
            password_hash=hash_password(PASSWORD),
            joined_at=utcnow() if role is Role.MEMBER else None,
            email_verified_at=utcnow(),  # sign-in needs a verified address
        )
        if totp if totp is not None else role in (Role.COORDINATOR, Role.ADMIN):
            user.totp_secret = pyotp.random_base32()
            user.totp_enabled_at = utcnow()
        db.session.add(user)
        commit_keeping_loaded()
        return user

    return make


def add_themes() -> list[Theme]:
    """The programme's themes, as migration 0002 seeds them."""
    rows = [Theme(name=name, position=n) for n, name in enumerate(DEFAULT_THEMES, start=1)]
    db.session.add_all(rows)
    commit_keeping_loaded()
    return rows


def need_factory(themes: list[Theme], make_department: Callable[..., Department]) -> Callable[..., Need]:
    counter = iter(range(1, 10_000))

    def make(department: Department | None = None, status: NeedStatus = NeedStatus.OPEN, **fields: Any) -> Need:
        n = next(counter)
        values = {
            "title": f"課題{n}",
            "background": "現状の説明",
            "problem": "課題の説明",
            "desired_outcome": "求める解決策",
            "expected_effect": "想定する効果",
            "deadline": (utcnow() + timedelta(days=30)).date(),
            "theme": themes[0],
            **fields,
        }
        need = Need(department=department or make_department(name=f"課題の部署{n}"), status=status, **values)
        if status is not NeedStatus.DRAFT:
            need.published_at = utcnow()
        need.refresh_search_text()
        db.session.add(need)
        commit_keeping_loaded()
        return need

    return make


def seed_factory(make_organisation: Callable[..., Organisation]) -> Callable[..., Seed]:
    counter = iter(range(1, 10_000))

    def make(organisation: Organisation | None = None, is_public: bool = True, **fields: Any) -> Seed:
        n = next(counter)
        values = {"title": f"シーズ{n}", "summary": "概要", "description": "説明", **fields}
        seed = Seed(
            organisation=organisation or make_organisation(name=f"シーズの組織{n}"), is_public=is_public, **values
        )
        seed.refresh_search_text()
        db.session.add(seed)
        commit_keeping_loaded()
        return seed

    return make


def proposal_factory() -> Callable[..., Proposal]:
    def make(
        need: Need, organisation: Organisation, status: ProposalStatus = ProposalStatus.DRAFT, **fields: Any
    ) -> Proposal:
        values = {"summary": "提案の概要", "approach": "進め方", **fields}
        proposal = Proposal(need=need, organisation=organisation, status=status, **values)
        if status is not ProposalStatus.DRAFT:
            proposal.submitted_at = utcnow()
        db.session.add(proposal)
        commit_keeping_loaded()
        return proposal

    return make


def all_factories() -> SimpleNamespace:
    """One set of factories, wired as the conftest fixtures wire them (adds the themes)."""
    make_department = department_factory()
    make_organisation = organisation_factory()
    return SimpleNamespace(
        db=db,
        make_department=make_department,
        make_organisation=make_organisation,
        make_user=user_factory(make_department, make_organisation),
        make_need=need_factory(add_themes(), make_department),
        make_seed=seed_factory(make_organisation),
        make_proposal=proposal_factory(),
    )

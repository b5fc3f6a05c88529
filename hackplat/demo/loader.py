"""Loads the demo through the same services the UI uses, so it is audited like real data."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from hackplat.accounts.corporate_number import with_check_digit
from hackplat.accounts.services import Registration, register_organisation
from hackplat.admin.services import CityAccount, create_city_user, create_department
from hackplat.demo import data, exchange_data
from hackplat.demo import exchange_loader as exchange
from hackplat.extensions import db
from hackplat.models import Department, DepartmentKind, Role, User
from hackplat.organisations.services import approve_organisation, reject_organisation

Progress = Callable[[str], None]


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def load_demo(progress: Progress) -> None:
    """Fill an empty database; the caller commits."""
    departments = _load_departments()
    progress(f"部署 {len(departments)} 件")
    accounts = _load_city_accounts(departments)
    progress(f"市のアカウント {len(accounts)} 件")
    coordinator = next(user for user in accounts if user.role is Role.COORDINATOR)
    count = _load_organisations(coordinator)
    progress(f"参加組織 {count} 件")
    themes = exchange.ensure_themes()
    needs = exchange.load_needs(coordinator, themes)
    progress(f"課題 {len(needs)} 件")
    seeds = exchange.load_seeds(themes)
    progress(f"シーズ {len(seeds)} 件")
    progress(f"提案 {exchange.load_proposals(needs, seeds, coordinator)} 件")
    exchange.settle_needs(needs, coordinator)


def _load_departments() -> dict[str, Department]:
    made: dict[str, Department] = {}
    for name in data.BUREAUS:
        made[name] = create_department(name, DepartmentKind.BUREAU, None, actor=None)
    for name in data.WARDS:
        made[name] = create_department(name, DepartmentKind.WARD, None, actor=None)
    for name, parent in data.SECTIONS:
        made[name] = create_department(name, DepartmentKind.SECTION, made[parent], actor=None)
    return made


def _load_city_accounts(departments: dict[str, Department]) -> list[User]:
    return [
        create_city_user(
            CityAccount(email, name, Role(role), data.DEMO_PASSWORD, departments[department]),
            actor=None,
        )
        for email, name, role, department in data.CITY_ACCOUNTS
    ]


def _load_organisations(coordinator: User) -> int:
    organisations = [*data.ORGANISATIONS, *exchange_data.MORE_ORGANISATIONS]
    for name, kind, startup, base, email, person, status, profile in organisations:
        registration = Registration(
            kind=kind,
            name=name,
            corporate_number=with_check_digit(base) if base else None,
            is_startup=startup,
            profile=profile,
            contact_name=person,
            email=email,
            password=data.DEMO_PASSWORD,
        )
        organisation = register_organisation(registration)
        if status == "approved":
            approve_organisation(organisation, actor=coordinator)
        elif status == "rejected":
            reject_organisation(organisation, "事業内容を確認できなかったため。", actor=coordinator)
    return len(organisations)

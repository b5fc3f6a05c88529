"""Loads the demo through the same services the UI uses, so it is audited like real data.

The demo back-dates its history: it tells the programme since FY2022 (令和4年度), so
after each service has stamped "now", the loader rewrites the rows' dates (approvals,
publications, submissions, working groups, evaluations, pilots, cases) to the days the
story gives them (story.py, timeline.py), and the dashboard counts the years as
they happened. The extra participants of each organisation share the documented demo
password and are inserted in bulk (participants.py).
"""

from __future__ import annotations

from sqlalchemy import func, select

from hackplat.accounts import totp
from hackplat.accounts.corporate_number import with_check_digit
from hackplat.accounts.services import Registration, register_organisation
from hackplat.admin.services import CityAccount, create_city_user, create_department
from hackplat.dashboard.services import CycleDefinition, YearEntry, add_cycle, update_indicator
from hackplat.dashboard.strategy import seed_strategy
from hackplat.demo import data, exchange, exchange_loader, participants, story_pilots, timeline
from hackplat.demo.attachments import load_attachments
from hackplat.demo.data import present
from hackplat.demo.labs import load_labs
from hackplat.demo.legal import load_legal
from hackplat.demo.lessons import load_lessons
from hackplat.demo.questions import load_questions
from hackplat.demo.startups import load_mentoring
from hackplat.demo.story import CASES, NEXT_CYCLE, STAFF_ACCOUNTS, SURVEY_RESULTS
from hackplat.demo.story_loader import Progress, World, load_groups, told_needs
from hackplat.demo.support import load_support_requests
from hackplat.demo.support_paths import load_support_paths
from hackplat.demo.track_records import publish_profiles
from hackplat.extensions import db
from hackplat.models import Department, DepartmentKind, Indicator, IndicatorCycle, Role, User, utcnow
from hackplat.names import KNOWN_ENGLISH_NAMES
from hackplat.organisations.services import approve_organisation, reject_organisation


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def load_demo(progress: Progress) -> None:
    """Fill an empty database; the caller commits."""
    departments = _load_departments()
    progress(f"部署 {len(departments)} 件")
    accounts = _load_city_accounts(departments)
    progress(f"市のアカウント {len(accounts)} 件")
    _enrol_second_factor(accounts)
    coordinator = next(user for user in accounts if user.role is Role.COORDINATOR)
    count = _load_organisations(coordinator)
    participants.date_approvals()
    progress(f"参加組織 {count} 件")
    progress(f"参加者（各組織のメンバー）{participants.add_members():,} 人")
    _ensure_strategy()
    admin = next(user for user in accounts if user.role is Role.ADMIN)
    progress(f"意識調査の結果 {_enter_survey_results(admin)} 件")
    _define_next_cycle(admin)
    progress(f"新しい期間 FY{NEXT_CYCLE.first_fiscal_year}–（{NEXT_CYCLE.note}）")
    _load_exchange_and_story(coordinator, progress)
    progress(f"利用規約・プライバシーポリシー（見本）{load_legal()} 件")


def _load_exchange_and_story(coordinator: User, progress: Progress) -> None:
    told = told_needs()
    themes = exchange_loader.ensure_themes()
    needs = exchange_loader.load_needs(coordinator, themes)
    progress(f"課題 {len(needs)} 件")
    seeds = exchange_loader.load_seeds(themes)
    progress(f"シーズ {len(seeds)} 件")
    proposals = exchange_loader.load_proposals(needs, seeds, coordinator, told=told)
    progress(f"提案 {len(proposals)} 件")
    timeline.date_seeds(seeds)
    timeline.date_proposals(proposals, exchange.NEEDS)
    world = World.build(needs, proposals, seeds)
    load_groups(world, progress)
    pilots = story_pilots.load_pilots(world)
    progress(f"試行プロジェクト {len(pilots)} 件")
    published = story_pilots.load_cases(world, pilots)
    progress(f"ナレッジ事例 {len(CASES)} 件（公開 {published} 件）")
    exchange_loader.settle_needs(needs, coordinator, told=told)
    timeline.date_needs(needs)
    progress(f"質疑応答 {load_questions()} 件")
    progress(f"添付ファイル {load_attachments(coordinator)} 件")
    progress(f"実績ページを公開した組織 {publish_profiles()} 件")
    progress(f"試行の庁内向けの教訓 {load_lessons(coordinator)} 件")
    progress(f"スタートアップのメンタリング希望 {load_mentoring(coordinator)} 件")
    progress(f"共創ラボ {load_labs(coordinator)} 件")
    progress(f"支援の依頼 {load_support_requests()} 件")
    progress(f"支援の依頼の事業者探しとプロジェクト管理支援: {load_support_paths()}")


def _enter_survey_results(admin: User) -> int:
    """The survey indices' yearly results, entered as an administrator would (targets kept)."""
    entered = 0
    for key, results in SURVEY_RESULTS.items():
        indicator = present(db.session.scalar(select(Indicator).where(Indicator.key == key)), f"indicator {key}")
        targets = {value.fiscal_year: value.target for value in indicator.values}
        entries = [YearEntry(year, targets.get(year), actual) for year, actual in results.items()]
        update_indicator(
            indicator, entries, is_public=indicator.is_public, expected_version=indicator.version, actor=admin
        )
        entered += len(entries)
    return entered


def _define_next_cycle(admin: User) -> None:
    """The cycle that contains the story's today, as the admin defines it on the dashboard."""
    indicators = {i.key: i for i in db.session.scalars(select(Indicator))}
    targets = {present(indicators.get(key), f"indicator {key}").id: [float(t) for t in row]
               for key, row in NEXT_CYCLE.targets.items()}  # fmt: skip
    add_cycle(CycleDefinition(NEXT_CYCLE.first_fiscal_year, NEXT_CYCLE.note, (), targets), actor=admin)


def _ensure_strategy() -> None:
    """Migration 0006 seeds the strategy's targets; a schema made by create_all has none."""
    if db.session.scalar(select(IndicatorCycle.id).limit(1)) is None:
        seed_strategy()


def _load_departments() -> dict[str, Department]:
    made: dict[str, Department] = {}
    english = KNOWN_ENGLISH_NAMES
    for name in data.BUREAUS:
        made[name] = create_department(name, DepartmentKind.BUREAU, None, actor=None, name_en=english.get(name, ""))
    for name in data.WARDS:
        made[name] = create_department(name, DepartmentKind.WARD, None, actor=None, name_en=english.get(name, ""))
    for section in data.SECTIONS:
        parent, name_en = made[section.belongs_to], english.get(section.name, "")
        made[section.name] = create_department(
            section.name, DepartmentKind.SECTION, parent, actor=None, name_en=name_en
        )
    return made


def _load_city_accounts(departments: dict[str, Department]) -> list[User]:
    return [
        create_city_user(
            CityAccount(
                account.email, account.name, Role(account.role), data.DEMO_PASSWORD, departments[account.department]
            ),
            actor=None,
        )
        for account in [*data.CITY_ACCOUNTS, *STAFF_ACCOUNTS]
    ]


def _enrol_second_factor(accounts: list[User]) -> None:
    """Coordinators and admins must have TOTP: the demo's share the documented secret."""
    for user in accounts:
        if totp.required_for(user):
            user.totp_secret = data.DEMO_TOTP_SECRET
            user.totp_enabled_at = utcnow()


def _load_organisations(coordinator: User) -> int:
    organisations = [*data.ORGANISATIONS, *exchange.MORE_ORGANISATIONS]
    for item in organisations:
        base = item.corporate_number_base
        registration = Registration(
            kind=item.kind,
            name=item.name,
            corporate_number=with_check_digit(base) if base else None,
            is_startup=item.is_startup,
            founded_year=item.founded_year,
            profile=item.profile,
            contact_name=item.member_name,
            email=item.member_email,
            password=data.DEMO_PASSWORD,
        )
        organisation = register_organisation(registration)
        organisation.members[0].email_verified_at = utcnow()  # as if the mailed link was opened
        if item.status == "approved":
            approve_organisation(organisation, actor=coordinator)
        elif item.status == "rejected":
            reject_organisation(organisation, "事業内容を確認できなかったため。", actor=coordinator)
    return len(organisations)

from sqlalchemy import func, select

from hackplat.demo.data import CITY_ACCOUNTS, DEMO_PASSWORD, ORGANISATIONS
from hackplat.demo.exchange_data import MORE_ORGANISATIONS
from hackplat.extensions import db
from hackplat.models import (
    Department,
    Need,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Proposal,
    ProposalStatus,
    Role,
    Seed,
    User,
)


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query))


def test_demo_load_fills_an_empty_database_once(runner, client) -> None:
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0 and "読み込みました" in result.output
    assert "マッチング: ペア" in result.output
    assert {role for role in db.session.scalars(select(User.role))} == set(Role)
    assert {kind for kind in db.session.scalars(select(Organisation.kind))} == set(OrganisationKind)
    assert count(select(Department).where(Department.name == "港北区").subquery()) == 1
    statuses = set(db.session.scalars(select(Organisation.status)))
    assert statuses == set(OrganisationStatus)
    users_before = count(User)

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "何も変更しませんでした" in again.output
    assert count(User) == users_before == len(CITY_ACCOUNTS) + len(ORGANISATIONS) + len(MORE_ORGANISATIONS)


def test_every_demo_role_signs_in_with_the_documented_password(runner, client) -> None:
    runner.invoke(args=["demo", "load"])
    for email in ("admin@example.jp", "coordinator@example.jp", "staff@example.jp", "member@example.jp"):
        response = client.submit("/login", {"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.submit("/logout", page="/me")


def test_demo_shows_a_lively_exchange(runner, client) -> None:
    runner.invoke(args=["demo", "load"])
    assert count(Need) >= 40 and count(Seed) >= 150
    assert set(db.session.scalars(select(Need.status))) == set(NeedStatus)
    assert set(db.session.scalars(select(Proposal.status))) == set(ProposalStatus)
    assert len(set(db.session.scalars(select(Need.department_id)))) >= 10
    assert len(set(db.session.scalars(select(Need.theme_id)))) >= 13
    page = client.get("/needs/").get_data(as_text=True)
    assert "募集中" in page and 'rel="next"' in page

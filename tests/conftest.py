"""Fixtures shared by the whole suite.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set
(``make test`` does both). The schema is created once per run; every test starts from
empty tables.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient

from hackplat import create_app
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
#: Cheap scrypt parameters: the suite hashes hundreds of passwords.
TEST_HASH_METHOD = "scrypt:1024:8:1"
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def is_postgres(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    os.environ["HACKPLAT_INSTANCE"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "PASSWORD_HASH_METHOD": TEST_HASH_METHOD}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def empty_all_tables() -> None:
    """DELETE, children first; not TRUNCATE, which on PostgreSQL rewrites every table's
    files and doubled the whole run's time for the few rows a test writes."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.rollback()
        empty_all_tables()


class FormClient(FlaskClient):
    """A test client that submits forms as a browser does: with the page's CSRF token.

    Each request runs in a context of its own, as on a server: it gets its own app
    context (``g``) and database session instead of sharing the test's. Afterwards the
    test's session forgets what it had loaded, so it reads what the request wrote.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self, page: str = "/login") -> str:
        html = self.get(page).get_data(as_text=True)
        match = CSRF_INPUT.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1) or match.group(2)

    def submit(self, url: str, data: dict[str, Any] | None = None, *, page: str | None = None) -> Any:
        """POST ``data`` to ``url`` with a token from ``page`` (the form's own page by default;
        give another page for endpoints that only take POST)."""
        token = self.csrf_token(page or url)
        return self.post(url, data={**(data or {}), "csrf_token": token})


@pytest.fixture
def client(app: Flask) -> FormClient:
    app.test_client_class = FormClient
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_department() -> Callable[..., Department]:
    def make(name: str = "こども青少年局", kind: DepartmentKind = DepartmentKind.BUREAU) -> Department:
        department = Department(name=name, kind=kind)
        db.session.add(department)
        db.session.commit()
        return department

    return make


@pytest.fixture
def make_organisation() -> Callable[..., Organisation]:
    def make(name: str = "株式会社テスト", status: OrganisationStatus = OrganisationStatus.APPROVED) -> Organisation:
        organisation = Organisation(
            name=name,
            kind=OrganisationKind.COMPANY,
            status=status,
            approved_at=utcnow() if status is OrganisationStatus.APPROVED else None,
        )
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def make_user(
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
    ) -> User:
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
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client: FormClient) -> Callable[[User], Any]:
    def do_login(user: User, password: str = PASSWORD) -> Any:
        response = client.submit("/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture
def themes() -> list[Theme]:
    """The programme's themes, as migration 0002 seeds them."""
    rows = [Theme(name=name, position=n) for n, name in enumerate(DEFAULT_THEMES, start=1)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


@pytest.fixture
def make_need(themes: list[Theme], make_department: Callable[..., Department]) -> Callable[..., Need]:
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
        db.session.commit()
        return need

    return make


@pytest.fixture
def make_seed(make_organisation: Callable[..., Organisation]) -> Callable[..., Seed]:
    counter = iter(range(1, 10_000))

    def make(organisation: Organisation | None = None, is_public: bool = True, **fields: Any) -> Seed:
        n = next(counter)
        values = {"title": f"シーズ{n}", "summary": "概要", "description": "説明", **fields}
        seed = Seed(
            organisation=organisation or make_organisation(name=f"シーズの組織{n}"), is_public=is_public, **values
        )
        seed.refresh_search_text()
        db.session.add(seed)
        db.session.commit()
        return seed

    return make


@pytest.fixture
def make_proposal() -> Callable[..., Proposal]:
    def make(
        need: Need, organisation: Organisation, status: ProposalStatus = ProposalStatus.DRAFT, **fields: Any
    ) -> Proposal:
        values = {"summary": "提案の概要", "approach": "進め方", **fields}
        proposal = Proposal(need=need, organisation=organisation, status=status, **values)
        if status is not ProposalStatus.DRAFT:
            proposal.submitted_at = utcnow()
        db.session.add(proposal)
        db.session.commit()
        return proposal

    return make


@pytest.fixture(scope="session")
def english_catalogue(app: Flask) -> Path:
    """The compiled English catalogue, for tests that render English pages; Flask-Babel's
    cache is emptied in case an English page was rendered (untranslated) before it existed."""
    from tests.helpers.i18n import MO_FILE, compile_catalogue

    if compile_catalogue():
        with app.app_context():
            app.extensions["babel"].instance.domain_instance.cache.clear()
    return MO_FILE

"""Fixtures shared by the whole suite.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set
(``make test`` does both). The schema is created once per run (once per pytest-xdist
worker, each in a database of its own); every test starts from empty tables, except the
tests marked ``module_world``, which start from their module's world (see app_context).
"""

from __future__ import annotations

import contextvars
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_login import login_user
from itsdangerous import URLSafeTimedSerializer

# Jobs run at once, in the process that enqueues them (before hackplat.jobs.queue is imported).
os.environ.setdefault("HACKPLAT_JOBS_IMMEDIATE", "1")

from hackplat import create_app  # noqa: E402
from hackplat.accounts.passwords import verify_password
from hackplat.accounts.services import complete_sign_in
from hackplat.accounts.sessions import may_sign_in
from hackplat.extensions import db
from hackplat.models import Department, Need, Organisation, Proposal, Seed, Theme, User
from tests.helpers import factories
from tests.helpers.database import empty_all_tables, empty_written_tables, scratch_database, worker_database
from tests.helpers.factories import PASSWORD
from tests.helpers.smtp import smtp_sink  # noqa: F401  (a fixture for every test that reads mail)
from tests.helpers.totp import pass_second_step

__all__ = ["PASSWORD", "empty_all_tables"]  # imported from here by some test modules
#: Cheap scrypt parameters: the suite hashes and checks thousands of passwords (0.3 ms
#: each instead of 3 ms at n=1024, r=8; a smaller n fails werkzeug's memory bound).
TEST_HASH_METHOD = "scrypt:256:1:1"
TESTS = Path(__file__).parent
#: Flask-WTF's session key and signing salt for CSRF tokens (flask_wtf/csrf.py).
CSRF_FIELD, CSRF_SALT = "csrf_token", "wtf-csrf-token"
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def is_postgres(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


#: Test files of many seconds each (the browser walks, the sweep of every route, the demo's
#: load): run first, so that pytest-xdist's workers share them out instead of one worker
#: ending the run alone on a long test drawn last. Not the job consumers and hosts: their
#: rebuilds wait with a timeout, which the busiest first minutes made them miss.
LONG_RUNNING = tuple(TESTS / path for path in ("browser", "test_no_500.py", "test_demo.py"))
#: Files the PostgreSQL run leaves out although they use a database: what they check does
#: not depend on it. The permission table asks every route of every role for its status
#: (the route sweep, which runs on PostgreSQL too, sends every route of every role its
#: requests); the English catalogue and its pages; the demo, which `make run` loads on
#: SQLite only (its services are tested on both). A minute of the PostgreSQL run.
ONCE_ON_SQLITE = tuple(TESTS / path for path in ("test_permission_table.py", "test_i18n.py", "test_demo.py"))


def _in(item: pytest.Item, paths: tuple[Path, ...]) -> bool:
    return any(Path(str(item.path)).is_relative_to(path) for path in paths)


def _needs_postgres_run(item: pytest.Item) -> bool:
    return "database_url" in getattr(item, "fixturenames", ()) and not _in(item, ONCE_ON_SQLITE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long-running files first (each file's tests stay together, in their order). On the
    PostgreSQL run, leave out the tests that never touch a database (no ``database_url``
    among their fixtures: the permission predicates, the demo's data files) and those of
    ONCE_ON_SQLITE: they already ran, identically, on the SQLite run."""
    items.sort(key=lambda item: not _in(item, LONG_RUNNING))
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    kept, left_out = [], []
    for item in items:
        (kept if _needs_postgres_run(item) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite in this run's temporary folder (one per xdist worker), or PostgreSQL: the
    database of TEST_DATABASE_URL, or under xdist one database per worker beside it."""
    url = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    elif not worker:
        yield url
    else:
        with worker_database(url, worker) as worker_url:
            yield worker_url


@pytest.fixture
def empty_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the run's backend, for the migration tests to upgrade."""
    with scratch_database(database_url, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    os.environ["HACKPLAT_INSTANCE"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
            # No "SELECT 1" before each use of a pooled connection: the suite's server does
            # not go away under it, and the pings were 4 % of the PostgreSQL run.
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app: Flask, request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test in an app context, and afterwards the tables it wrote emptied (DELETE) -- except
    for tests marked ``module_world``: their module builds its rows once and puts them
    back itself (tests/helpers/database.py's TableSnapshot)."""
    with app.app_context():
        yield
        db.session.rollback()
        if request.node.get_closest_marker("module_world") is None:
            empty_written_tables()


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

    def session_csrf_token(self) -> str:
        """The CSRF token a page of this session would carry, made as Flask-WTF makes it
        (``generate_csrf``: a random value kept in the session, signed with the app's
        secret) without rendering a page for it."""
        with self.session_transaction() as session:
            raw = session.setdefault(CSRF_FIELD, hashlib.sha1(os.urandom(64)).hexdigest())
        return URLSafeTimedSerializer(self.application.secret_key, salt=CSRF_SALT).dumps(raw)

    def submit(self, url: str, data: dict[str, Any] | None = None) -> Any:
        """POST ``data`` to ``url`` with the session's CSRF token, as its form would."""
        return self.post(url, data={**(data or {}), "csrf_token": self.session_csrf_token()})

    def sign_in(self, user: User, password: str = PASSWORD) -> None:
        """What a successful sign-in ends with (hackplat/accounts/views.py and, after the
        TOTP code, account_views.py): a fresh session holding only the login."""
        assert may_sign_in(user), f"{user.email} may not sign in"
        assert verify_password(user.password_hash, password), f"not the password of {user.email}"
        with self.application.test_request_context(environ_base=self.environ_base) as request_context:
            complete_sign_in(user, second_factor="totp" if user.totp_enabled_at else None)
            db.session.commit()
            login_user(user)
            signed_in = dict(request_context.session)
        with self.session_transaction() as session:
            session.clear()
            session.update(signed_in)


@pytest.fixture
def client(app: Flask) -> FormClient:
    app.test_client_class = FormClient
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_department() -> Callable[..., Department]:
    return factories.department_factory()


@pytest.fixture
def make_organisation() -> Callable[..., Organisation]:
    return factories.organisation_factory()


@pytest.fixture
def make_user(
    make_department: Callable[..., Department], make_organisation: Callable[..., Organisation]
) -> Callable[..., User]:
    return factories.user_factory(make_department, make_organisation)


@pytest.fixture
def login_by_form(client: FormClient) -> Callable[[User], Any]:
    """Sign in through the pages, password and (coordinators, admins) TOTP code: for the
    tests of signing in and of where it lands."""

    def do_login(user: User, password: str = PASSWORD) -> Any:
        response = client.submit("/login", {"email": user.email, "password": password})
        response = pass_second_step(client, response, user.email)  # coordinators and admins: TOTP
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture
def login(client: FormClient) -> Callable[[User], None]:
    """Sign in as the pages end a sign-in (a session row, the audit record, Flask-Login's
    cookie) without rendering them: most tests sign someone in only to act as them, and
    the pages cost a sixth of the suite. tests/accounts tests the pages themselves."""

    def do_login(user: User, password: str = PASSWORD) -> None:
        client.sign_in(user, password)

    return do_login


@pytest.fixture
def themes() -> list[Theme]:
    """The programme's themes, as migration 0002 seeds them."""
    return factories.add_themes()


@pytest.fixture
def make_need(themes: list[Theme], make_department: Callable[..., Department]) -> Callable[..., Need]:
    return factories.need_factory(themes, make_department)


@pytest.fixture
def make_seed(make_organisation: Callable[..., Organisation]) -> Callable[..., Seed]:
    return factories.seed_factory(make_organisation)


@pytest.fixture
def make_proposal() -> Callable[..., Proposal]:
    return factories.proposal_factory()


@pytest.fixture(scope="session")
def english_catalogue(app: Flask) -> Path:
    """The compiled English catalogue, for tests that render English pages; Flask-Babel's
    cache is emptied in case an English page was rendered (untranslated) before it existed
    -- always: under pytest-xdist another worker may have compiled it in the meantime."""
    from tests.helpers.i18n import MO_FILE, compile_catalogue

    compile_catalogue()
    with app.app_context():
        app.extensions["babel"].instance.domain_instance.cache.clear()
    return MO_FILE

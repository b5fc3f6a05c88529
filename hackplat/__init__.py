"""hackplat: the platform of a city's open-innovation programme."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from hackplat import config
from hackplat.bounds import BoundedIntConverter
from hackplat.extensions import babel, csrf, db, login_manager, migrate


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: enforce foreign keys, let readers and a writer work at once (WAL), and
    wait for a lock instead of failing at once when several workers write.

    ``synchronous=NORMAL`` is SQLite's advice for WAL: a commit no longer waits for the
    disk (the WAL is synced at checkpoints), the database cannot be corrupted, and only
    the last commits before a power cut may be lost -- acceptable for the SQLite set-up
    (a demo or a single small office); production runs on PostgreSQL."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    instance = config.instance_path()
    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=str(config.REPO_ROOT / "templates"),
        static_folder=str(config.REPO_ROOT / "static"),
    )
    app.config.update(config.build_config(instance))
    app.config.update(overrides or {})
    if app.config["TRUSTED_PROXY_COUNT"]:
        n = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    _init_extensions(app)
    app.url_map.converters["int"] = BoundedIntConverter  # before the blueprints' rules
    _register_blueprints(app)
    _init_templates(app)
    from hackplat.accounts.mail import init_account_mail
    from hackplat.caching.pages import init_page_cache
    from hackplat.caching.stamp import init_stamp
    from hackplat.caching.static_files import init_static_files
    from hackplat.cli import register_commands
    from hackplat.errors import register_error_handlers
    from hackplat.notifications.outbox import init_outbox
    from hackplat.security import init_security

    register_error_handlers(app)
    init_stamp()
    init_page_cache(app)
    init_static_files(app)
    init_security(app)
    init_outbox(app)
    init_account_mail(app)
    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from hackplat import models  # noqa: F401  (the whole metadata, for Alembic)
    from hackplat.accounts.sessions import load_user
    from hackplat.i18n import install_template_gettext, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.REPO_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)  # after Flask-Babel's own (hackplat/i18n.py)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("このページを見るにはサインインしてください。")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    from hackplat.accounts.account_views import bp as account
    from hackplat.accounts.guards import bp as guards
    from hackplat.accounts.recovery_views import bp as recovery
    from hackplat.accounts.views import bp as accounts
    from hackplat.admin.views import bp as admin
    from hackplat.attachments.views import bp as attachments
    from hackplat.dashboard.views import bp as dashboard
    from hackplat.departments.views import bp as departments
    from hackplat.evaluations.views import bp as evaluations
    from hackplat.home.views import bp as home
    from hackplat.jobs.views import bp as jobs
    from hackplat.knowledge.views import bp as knowledge
    from hackplat.labs.views import bp as labs
    from hackplat.legal.views import bp as legal
    from hackplat.matching.views import bp as matching
    from hackplat.needs.views import bp as needs
    from hackplat.notifications.views import bp as notifications
    from hackplat.organisations.colleague_views import bp as colleagues
    from hackplat.organisations.profile_views import bp as organisation_profiles
    from hackplat.organisations.views import bp as organisations
    from hackplat.pilots.views import bp as pilots
    from hackplat.proposals.views import bp as proposals
    from hackplat.questions.views import bp as questions
    from hackplat.seeds.views import bp as seeds
    from hackplat.startups.views import bp as startups
    from hackplat.support.paths.views import bp as support_paths
    from hackplat.support.views import bp as support
    from hackplat.workgroups.views import bp as workgroups

    for blueprint in (
        home, accounts, organisations, colleagues, admin, needs, seeds, proposals, notifications, matching,
        workgroups, evaluations, pilots, knowledge, dashboard, jobs, recovery, legal, account, guards,
        attachments,
    ):  # fmt: skip
        app.register_blueprint(blueprint)
    app.register_blueprint(questions)
    app.register_blueprint(organisation_profiles)
    app.register_blueprint(departments)
    app.register_blueprint(labs)
    app.register_blueprint(startups)
    app.register_blueprint(support)
    app.register_blueprint(support_paths)


def _init_templates(app: Flask) -> None:
    from flask_babel import get_locale

    from hackplat import permissions
    from hackplat.labels import ALL_LABELS, fiscal_year_label
    from hackplat.names import local_name

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["can"] = permissions.TEMPLATE_PREDICATES
    app.jinja_env.globals["labels"] = ALL_LABELS
    app.jinja_env.filters["fiscal_year"] = fiscal_year_label  # {{ 2022|fiscal_year }} → 令和4年度（FY2022）
    app.jinja_env.filters["local_name"] = local_name  # {{ need.department|local_name }}: English in en

    @app.context_processor
    def unread_notifications() -> dict[str, int]:
        """For the navigation's badge (templates never query)."""
        from flask_login import current_user

        from hackplat.notifications.services import unread_count

        return {"unread_notifications": unread_count(current_user) if current_user.is_authenticated else 0}

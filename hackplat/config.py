"""Settings from the environment.

Nothing secret is a constant in the code: ``SECRET_KEY`` comes from the environment or
is generated once into ``instance/secret_key`` (readable by the owner only), so that every
gunicorn worker of one host signs sessions with the same key.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = REPO_ROOT / "instance"


def instance_path() -> Path:
    """The instance folder (SQLite database, generated secret), created on first use."""
    path = Path(os.environ.get("HACKPLAT_INSTANCE", DEFAULT_INSTANCE))
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_secret_key(instance: Path) -> str:
    """``SECRET_KEY`` from the environment, else the one generated once into instance/."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_url(instance: Path) -> str:
    """``DATABASE_URL`` (PostgreSQL via psycopg 3), else SQLite in instance/."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # the form some hosts hand out
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or f"sqlite:///{instance / 'hackplat.db'}"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def build_config(instance: Path) -> dict[str, object]:
    """The Flask config for this process. With secure cookies the session cookie takes the
    ``__Host-`` prefix (the browser then keeps it only if Secure, for this host, path /);
    without (plain HTTP in development) the prefix would make browsers drop it."""
    secure = _flag("HACKPLAT_SECURE_COOKIES", False)
    return {
        "SECRET_KEY": load_secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url(instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,  # forms; a larger body is a 413
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the signed session
        "WTF_I18N_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "ja",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Tokyo",
        "BABEL_TRANSLATION_DIRECTORIES": str(REPO_ROOT / "hackplat" / "translations"),
        "PASSWORD_HASH_METHOD": os.environ.get("HACKPLAT_PASSWORD_HASH", "scrypt"),
        # Sign-in throttle (accounts/throttle.py): free tries of one account from one client
        # (then 2, 4, 8 … s up to 15 min), failures an hour from one client (a city
        # office's NAT), failures an hour of one account from all clients before it locks.
        "LOGIN_FREE_TRIES": 5,
        "LOGIN_CLIENT_CEILING": 100,
        "LOGIN_ACCOUNT_LOCK_AFTER": 50,
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=int(os.environ.get("HACKPLAT_SESSION_IDLE_MINUTES", "30"))),
        # Signed links by mail (#13): a reset link lives an hour, a verification link three days.
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=int(os.environ.get("HACKPLAT_PASSWORD_RESET_HOURS", "1"))),
        "EMAIL_VERIFICATION_MAX_AGE": timedelta(days=3),
        # Requests that send account mail (registration, reset, a new verification link),
        # counted per typed address and per client within the window.
        "ACCOUNT_MAIL_THROTTLE_WINDOW": timedelta(hours=1),
        "ACCOUNT_MAIL_PER_ADDRESS": 5,
        "ACCOUNT_MAIL_PER_CLIENT": 30,
        "TRUSTED_PROXY_COUNT": int(os.environ.get("HACKPLAT_TRUSTED_PROXIES", "0")),
        "ITEMS_PER_PAGE": 20,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "hackplat@localhost"),
        # STARTTLS and SMTP login (hackplat/notifications/mail.send); both off by default.
        "MAIL_STARTTLS": os.environ.get("MAIL_STARTTLS", "") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        # Account mail's body (with its link) in the log when MAIL_SERVER is unset: local runs only.
        "LOG_ACCOUNT_MAIL": os.environ.get("HACKPLAT_LOG_ACCOUNT_MAIL", "") == "1",
        "MAIL_RETRY_BASE_SECONDS": float(os.environ.get("MAIL_RETRY_BASE_SECONDS", "120")),
        "JOBS_STALE_SECONDS": float(os.environ.get("HACKPLAT_JOBS_STALE_SECONDS", "1800")),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
        # Attachments (#15): files under this folder (a shared mount, same path, with
        # several hosts), each at most this large; only the upload route takes such a body.
        "ATTACHMENTS_DIR": os.environ.get("HACKPLAT_ATTACHMENTS_DIR") or str(instance / "attachments"),
        "ATTACHMENT_MAX_BYTES": int(float(os.environ.get("HACKPLAT_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024),
    }

import stat

from sqlalchemy import text

from hackplat import config
from hackplat.extensions import db


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load_secret_key(tmp_path)
    assert len(first) >= 64
    assert config.load_secret_key(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert config.load_secret_key(tmp_path) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_database_url_defaults_to_sqlite_in_instance_and_accepts_postgres(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(tmp_path) == f"sqlite:///{tmp_path / 'hackplat.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/hack")
    assert config.database_url(tmp_path) == "postgresql+psycopg://u:p@127.0.0.1:5432/hack"


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(app) -> None:
    if db.engine.dialect.name != "sqlite":
        assert db.engine.dialect.driver == "psycopg"
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000

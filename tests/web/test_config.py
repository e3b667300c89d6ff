"""Configuration from the environment, and refusing to start without production settings."""
from __future__ import annotations

import pytest

from portal import create_app
from portal.cli import load_app


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for key in ("SECRET_KEY", "DATABASE_URL", "PORTAL_ENV", "SMTP_HOST", "SMTP_PORT",
                "SMTP_STARTTLS", "UPLOAD_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    return monkeypatch


def test_production_refuses_to_start_without_secret_key(clean_env):
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app()


def test_unknown_environment_name_is_refused(clean_env):
    clean_env.setenv("PORTAL_ENV", "staging")
    with pytest.raises(RuntimeError, match="PORTAL_ENV must be"):
        create_app()


def test_demo_command_generates_and_keeps_a_per_installation_secret(clean_env, tmp_path):
    clean_env.setenv("PORTAL_ENV", "demo")
    assert create_app().config["SECRET_KEY"] is None  # the factory writes no key
    assert not (tmp_path / "instance" / "secret_key").exists()
    first = load_app().config["SECRET_KEY"]
    second = load_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0
    assert create_app().config["SECRET_KEY"] == first  # a later app reads the same key


def test_environment_settings_are_read(clean_env, tmp_path):
    clean_env.setenv("SECRET_KEY", "s" * 40)
    clean_env.setenv("DATABASE_URL", "postgres://user@db.internal/portal")
    clean_env.setenv("SMTP_HOST", "smtp.internal")
    clean_env.setenv("SMTP_PORT", "2525")
    clean_env.setenv("SMTP_STARTTLS", "false")
    clean_env.setenv("UPLOAD_DIR", str(tmp_path / "files"))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.internal/portal"
    assert app.config["SMTP_HOST"] == "smtp.internal"
    assert app.config["SMTP_PORT"] == 2525
    assert app.config["SMTP_STARTTLS"] is False
    assert app.config["UPLOAD_DIR"] == str(tmp_path / "files")


def test_default_database_is_sqlite_in_instance_folder(clean_env, tmp_path):
    clean_env.setenv("PORTAL_ENV", "development")
    app = create_app()
    expected = tmp_path / "instance" / "portal.db"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_sqlite_connections_use_wal_and_foreign_keys(app):
    from portal.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_wsgi_module_builds_the_app(clean_env):
    clean_env.setenv("SECRET_KEY", "s" * 40)
    import importlib

    import wsgi

    importlib.reload(wsgi)
    assert wsgi.app.name == "portal"

"""Issue 13: every documented setting from the environment, production refusals, proxies,
SQLite writers that read first, nested JSON and numeric webhook hosts."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal import config as defaults
from portal import create_app, settings
from portal.api.webhook_transport import UnsafeUrl, check_url
from portal.audit.models import AuditEvent
from portal.extensions import db
from tests.web.test_auth import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SETTING_TABLES = [ROOT / "docs" / "deploy.md", ROOT / "docs" / "api.md",
                  ROOT / "docs" / "security.md", ROOT / "README.md"]


def documented_settings(path: Path) -> set[str]:
    """Names in backticks in the first cell of a markdown table row: the settings tables."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(n for n in re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for key in (*defaults.ENVIRONMENT_KEYS, "FLASK_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    return monkeypatch


def test_every_documented_setting_is_read_from_the_environment():
    documented = set().union(*(documented_settings(p) for p in SETTING_TABLES))
    assert {"WEBHOOK_BLOCK_PRIVATE", "WEBHOOK_ALLOWED_HOSTS", "API_RATE_LIMIT"} <= documented
    missing = sorted(documented - set(defaults.ENVIRONMENT_KEYS))
    assert not missing, f"documented but not read from the environment: {missing}"
    undocumented = sorted(set(defaults.ENVIRONMENT_KEYS) - documented_settings(SETTING_TABLES[0]))
    assert not undocumented, f"read from the environment but not in docs/deploy.md: {undocumented}"
    for config_key in defaults.ENVIRONMENT_KEYS.values():
        assert hasattr(defaults, config_key) or config_key == "SECRET_KEY", config_key


@pytest.mark.parametrize(("env", "key", "expected"), [
    ({"WEBHOOK_BLOCK_PRIVATE": "false"}, "WEBHOOK_BLOCK_PRIVATE", False),
    ({"WEBHOOK_ALLOWED_HOSTS": "hooks.example.com"}, "WEBHOOK_ALLOWED_HOSTS", "hooks.example.com"),
    ({"API_RATE_LIMIT": "120"}, "API_RATE_LIMIT", 120),
    ({"FORGOT_PASSWORD_MIN_SECONDS": "0.5"}, "FORGOT_PASSWORD_MIN_SECONDS", 0.5),
    ({"TRUSTED_PROXIES": "10.0.0.0/8"}, "TRUSTED_PROXIES", "10.0.0.0/8"),
])
def test_settings_are_parsed_by_type(clean_env, env, key, expected):
    clean_env.setenv("PORTAL_ENV", "development")
    for name, value in env.items():
        clean_env.setenv(name, value)
    assert create_app().config[key] == expected


@pytest.mark.parametrize(("name", "value", "message"), [
    ("PROXY_HOPS", "two", "PROXY_HOPS must be a whole number"),
    ("WEBHOOK_BLOCK_PRIVATE", "maybe", "WEBHOOK_BLOCK_PRIVATE must be true or false"),
    ("TRUSTED_PROXIES", "the-proxy", "is not an IP address or network"),
])
def test_malformed_settings_stop_the_start_with_their_name(clean_env, name, value, message):
    clean_env.setenv("PORTAL_ENV", "development")
    clean_env.setenv(name, value)
    with pytest.raises((ValueError, RuntimeError), match=message):
        create_app()


def test_production_refuses_a_short_secret(clean_env):
    clean_env.setenv("SECRET_KEY", "x")
    with pytest.raises(settings.SettingError, match="SECRET_KEY is 1 characters"):
        create_app()


def test_production_refuses_debug_mode(clean_env):
    clean_env.setenv("SECRET_KEY", "s" * 64)
    clean_env.setenv("FLASK_DEBUG", "1")
    with pytest.raises(settings.SettingError, match="Debug mode"):
        create_app()
    clean_env.setenv("PORTAL_ENV", "development")
    assert create_app() is not None  # a local run may debug


# ---- reverse proxy ---------------------------------------------------------------------------

@pytest.fixture
def proxied(app_config):
    app = create_app({**app_config, "TRUSTED_PROXIES": "10.0.0.5"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # a second app's pool: close its connections now


def _audited_address(app, client, environ, headers) -> str | None:
    with app.app_context():
        db.create_all()
    client.post("/login", data={"email": "nobody@example.com", "password": PASSWORD},
                environ_base=environ, headers=headers)
    with app.app_context():
        return db.session.scalars(sa.select(AuditEvent.ip_address)
                                  .order_by(AuditEvent.id.desc())).first()


def test_the_proxys_forwarded_address_is_used(proxied):
    client = proxied.test_client()
    address = _audited_address(proxied, client, {"REMOTE_ADDR": "10.0.0.5"},
                               {"X-Forwarded-For": "198.51.100.23"})
    assert address == "198.51.100.23"


def test_forwarded_headers_from_other_peers_are_ignored(proxied):
    client = proxied.test_client()
    address = _audited_address(proxied, client, {"REMOTE_ADDR": "203.0.113.66"},
                               {"X-Forwarded-For": "198.51.100.23"})
    assert address == "203.0.113.66"


# ---- SQLite: a writer that read first waits instead of failing ---------------------------------

def test_sqlite_writer_that_read_first_is_not_told_locked(app, make_vendor):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific")
    vendor = make_vendor("Locked Ltd")
    url, vendor_id = db.engine.url, vendor.id
    errors = []
    with db.session.begin_nested():  # a SAVEPOINT, as the template import uses
        db.session.scalar(sa.select(sa.func.count()).select_from(type(vendor)))

        def other_writer():
            engine = sa.create_engine(url, connect_args={"timeout": 0.2})
            try:
                with engine.begin() as conn:
                    conn.execute(sa.text("UPDATE vendors SET description = 'other' "
                                         "WHERE id = :id"), {"id": vendor_id})
            except sa.exc.OperationalError as exc:
                errors.append(str(exc))
            finally:
                engine.dispose()

        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()
        vendor.description = "ours"
    db.session.commit()  # before issue 13: "database is locked" here
    assert errors and "locked" in errors[0]  # the other writer had to wait for us instead
    db.session.expire_all()
    assert db.session.get(type(vendor), vendor.id).description == "ours"


def test_a_database_still_busy_after_the_timeout_answers_503(app, client, monkeypatch):
    from portal.main import routes as main_routes

    def busy():
        raise sa.exc.OperationalError("UPDATE x", {}, Exception("database is locked"))

    monkeypatch.setitem(app.view_functions, "main.index", busy)
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert main_routes is not None


# ---- JSON and webhooks -------------------------------------------------------------------------

def test_deeply_nested_json_is_a_400_invalid_json(app, client, make_user, make_vendor,
                                                  api_headers):
    headers = api_headers(make_user("procurement"))
    vendor = make_vendor("Nested Ltd")
    body = "[" * 1000 + "]" * 1000
    response = client.put(f"/api/v1/vendors/{vendor.id}/intake", data=body,
                          headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["type"].endswith("invalid-json")


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "10.1"])
def test_numeric_forms_of_private_addresses_are_refused_at_subscription(host):
    with pytest.raises(UnsafeUrl, match="private or reserved"):
        check_url(f"http://{host}/hook")

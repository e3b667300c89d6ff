"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""
from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import secrets
import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from portal import create_app
from portal.extensions import db


def _worker_database_url(url: str | None) -> str | None:
    """Give each pytest-xdist worker its own PostgreSQL database (created on first use)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).scalar()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


TEST_DATABASE_URL = _worker_database_url(os.environ.get("TEST_DATABASE_URL"))


@pytest.fixture(autouse=True, scope="session")
def _shared_url_builders():
    """Compile each route's URL builder once for the whole run, not once per test's app.

    Werkzeug compiles two builders per rule with `ast` when an app registers its blueprints:
    about 80 of the 100 ms that building the app of every test takes. A builder depends only
    on the rule's text, parts, defaults and converters, so the one compiled for the first app
    serves every later app's copy of the rule. Production builds one app per process and
    keeps Werkzeug's own path.
    """
    from werkzeug.routing.rules import Rule

    original = Rule._compile_builder
    compiled: dict[tuple, object] = {}

    @functools.wraps(original)
    def compile_builder(self, append_unknown=True):
        key = (
            self.rule, self.host, self.subdomain, tuple(self._trace), append_unknown,
            repr(sorted((self.defaults or {}).items())),
            tuple((name, type(c).__qualname__, c.regex) for name, c in self._converters.items()),
        )
        if key not in compiled:
            compiled[key] = original(self, append_unknown)
        return compiled[key]

    Rule._compile_builder = compile_builder
    yield
    Rule._compile_builder = original


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hash test passwords cheaply; production keeps scrypt (tests/unit checks the default)."""
    from portal.auth import passwords

    default = passwords.HASH_METHOD
    passwords.HASH_METHOD = "pbkdf2:sha256:1000"
    yield
    passwords.HASH_METHOD = default


def _config(tmp_path) -> dict:
    return {
        "TESTING": True,
        "PORTAL_ENV": "development",
        "SECRET_KEY": "test-secret-" + secrets.token_hex(8),
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "PORTAL_BASE_URL": "http://portal.test",
        "SERVER_NAME": None,
        "MAIL_FROM": "portal@portal.test",
        # Most tests sign in by injecting a session; tests/security covers the 2FA gate itself.
        "REQUIRE_ADMIN_2FA": False,
        # Background jobs run at once in the caller, so a test sees their outcome (tests/web/
        # test_jobs.py covers the thread pool and a real RQ worker).
        "JOBS_MODE": "eager",
        # The forgot-password padding (issue 13) is tested on its own.
        "FORGOT_PASSWORD_MIN_SECONDS": 0,
    }


def wipe_schema() -> None:
    """Remove every table, whatever state an earlier (perhaps crashed) run left behind."""
    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _reset_postgres() -> None:
    """Empty every table; rebuild the schema when it is missing or out of date."""
    existing = set(sa.inspect(db.engine).get_table_names())
    if existing != set(db.metadata.tables):
        wipe_schema()
        db.create_all()
        return
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.tables.values())
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own context, as in production.

    Tests keep an application context open for builders and assertions; without this, requests
    would reuse it and share `g` (the signed-in user) and the database session between requests.
    Re-read objects after a request with db.session.refresh() or expire_all().
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


class IsolatedCliRunner(FlaskCliRunner):
    """Run each command in its own application context and database session."""

    def invoke(self, *args, **kwargs):
        return contextvars.Context().run(super().invoke, *args, **kwargs)


@pytest.fixture
def app_config(tmp_path) -> dict:
    """The configuration the app fixture is built with; override in a test module."""
    return _config(tmp_path)


@pytest.fixture
def app(app_config) -> Iterator[Flask]:
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    app.test_cli_runner_class = IsolatedCliRunner
    with app.app_context():
        if TEST_DATABASE_URL:
            _reset_postgres()
        else:
            db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# ---- builders ------------------------------------------------------------------------------

@pytest.fixture
def make_vendor(app):
    from portal.vendors.models import Product, RiskTier, Vendor

    counter = iter(range(1, 10_000))

    def make(legal_name: str | None = None, *, tier: RiskTier | None = RiskTier.HIGH,
             products: tuple[str, ...] = ("Example AI Service",), **kw) -> Vendor:
        n = next(counter)
        name = legal_name or f"Vendor {n} Ltd"
        vendor = Vendor(legal_name=name, name_key=name.lower() + f"-{n}", inherent_tier=tier, **kw)
        for product in products:
            vendor.products.append(Product(name=product))
        db.session.add(vendor)
        db.session.commit()
        return vendor

    return make


@pytest.fixture
def make_user(app):
    from portal.auth.models import Role, User
    from portal.auth.passwords import hash_password

    counter = iter(range(1, 10_000))

    def make(role: Role | str = "procurement", *, vendor=None, email: str | None = None,
             password: str | None = "correct horse battery", name: str | None = None,
             **kw) -> User:
        role = Role(role) if isinstance(role, str) else role
        n = next(counter)
        user = User(
            email=email or f"{role.value}{n}@example.test",
            name=name or f"{role.label} {n}",
            role=role,
            vendor_id=vendor.id if vendor is not None else None,
            password_hash=hash_password(password) if password else None,
            session_token=secrets.token_hex(16),
            **kw,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def api_headers(app):
    """Headers carrying a fresh API token of a user: api_headers(user, scopes=("read",))."""
    from portal.api.services import create_token

    def make(user, scopes=("read", "write")) -> dict[str, str]:
        _, raw = create_token(user, name="test", scopes=set(scopes), days=30, actor=user)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def count_queries(app):
    """Record the SQL statements run inside a block: `with count_queries() as seen: ...`."""

    @contextlib.contextmanager
    def counting() -> Iterator[list[str]]:
        seen: list[str] = []

        def listener(conn, cursor, statement, *args) -> None:
            seen.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            yield seen
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)

    return counting


@pytest.fixture
def login(app):
    """Sign a test client in as a user without going through the form."""
    from flask_login.utils import _create_identifier

    def do_login(client: FlaskClient, user) -> FlaskClient:
        with app.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()
        with client.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
            sess["_id"] = identifier
            # What a completed sign-in leaves in the session (portal/auth/login.start_session).
            now = int(time.time())
            sess["_auth_at"] = now
            sess["_seen"] = now
            sess["2fa_ok"] = True
        return client

    return do_login


@functools.cache
def _shipped_templates() -> dict:
    """Parse the shipped templates once per test session (they are immutable values)."""
    from portal.questionnaires import bank

    templates, problems = bank.load_templates()
    assert not problems, problems
    return {t.key: t for t in templates}


@pytest.fixture
def make_template_version(app):
    from portal.questionnaires.templates import store_template

    def make(key: str = "ai-supplier-starter"):
        version = store_template(_shipped_templates()[key])
        db.session.commit()
        return version

    return make


@pytest.fixture
def make_assessment(app, make_vendor, make_user, make_template_version):
    from portal.assessments.lifecycle import AssessmentStatus
    from portal.assessments.models import Assessment

    def make(vendor=None, *, status: AssessmentStatus | str = AssessmentStatus.SENT,
             contacts=None, due_date: date | None = None, template_key: str = "ai-supplier-starter",
             **kw) -> Assessment:
        vendor = vendor or make_vendor()
        if contacts is None:
            contacts = [make_user("vendor", vendor=vendor)]
        status = AssessmentStatus(status) if isinstance(status, str) else status
        assessment = Assessment(
            vendor_id=vendor.id,
            template_version=make_template_version(template_key),
            title=kw.pop("title", "Annual AI supplier assessment"),
            status=status,
            due_date=due_date or date.today() + timedelta(days=30),
            **kw,
        )
        assessment.recipients.extend(contacts)
        db.session.add(assessment)
        db.session.commit()
        return assessment

    return make


@pytest.fixture(scope="session")
def shared_browser():
    """One headless Chromium per test process: Playwright's sync API allows one driver at a time."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            raise pytest.UsageError(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

"""Real-browser fixtures: the portal served on loopback, driven by Playwright in Chromium."""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from tests.e2e.browsing import SIZES

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}; CI must run browser tests.")
    skip = pytest.mark.skip(
        reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def live_app(tmp_path):
    """An app on a fresh database, for the server and the test's own checks."""
    from tests.conftest import TEST_DATABASE_URL

    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'e2e.db'}"
    app = create_app({
        "TESTING": False,
        "PORTAL_ENV": "development",
        "SECRET_KEY": "e2e-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "REQUIRE_ADMIN_2FA": False,  # pages are signed in through the form; 2FA has its own tests
    })
    with app.app_context():
        from tests.conftest import wipe_schema

        wipe_schema()
        db.create_all()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app) -> Iterator[str]:
    """Serve the app on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    port = server.server_port
    live_app.config["PORTAL_BASE_URL"] = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser(shared_browser):
    return shared_browser


@pytest.fixture
def new_page(browser, tmp_path):
    """Open pages in separate browser contexts (separate cookie jars: separate people)."""
    contexts = []

    def make(size: str | None = None):
        width, height = SIZES[size] if size else (1280, 900)
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()

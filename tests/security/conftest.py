"""Security tests run with the production policy: administrators need a second factor."""
from __future__ import annotations

import pytest

from tests.conftest import _config

PASSWORD = "correct horse battery"


@pytest.fixture
def app_config(tmp_path) -> dict:
    config = _config(tmp_path)
    config["REQUIRE_ADMIN_2FA"] = True  # whatever tests/conftest.py chooses for other suites
    return config


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    """Post the sign-in form."""
    return client.post("/login", data={"email": email, "password": password, **extra})


@pytest.fixture
def half_login(login):
    """Inject a session that passed the password step only (no 2fa_ok mark)."""

    def do_login(client, user):
        login(client, user)
        with client.session_transaction() as sess:
            sess.pop("2fa_ok", None)
        return client

    return do_login


@pytest.fixture
def staff_login(login):
    """Inject a session for users who passed every sign-in step (2fa_ok set)."""

    def do_login(client, user):
        login(client, user)
        with client.session_transaction() as sess:
            sess["2fa_ok"] = True
        return client

    return do_login


@pytest.fixture(scope="session")
def chromium(shared_browser):
    """Headless Chromium through Playwright (skipped when it is not installed, outside CI)."""
    return shared_browser


@pytest.fixture
def served(app):
    """Serve the test app (same database as the builders) on a loopback port."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)

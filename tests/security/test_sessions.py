"""Session cookies: flags, rotation at sign-in, sign-out replay, idle timeout, absolute lifetime."""
from __future__ import annotations

import time

import pytest

from portal import create_app
from portal.auth.models import User
from portal.extensions import db
from tests.security.conftest import sign_in


def _cookie_header(response) -> str:
    return next(v for k, v in response.headers.items()
                if k == "Set-Cookie" and v.startswith("session="))


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user("procurement", email="pat@example.com")
    response = sign_in(client, "pat@example.com")
    header = _cookie_header(response)
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # development over plain HTTP


@pytest.mark.parametrize(("env", "override", "secure"), [
    ("production", None, True), ("development", None, False), ("demo", None, False),
    ("production", "false", False), ("development", "true", True),
])
def test_secure_cookie_follows_environment_unless_overridden(monkeypatch, tmp_path, env,
                                                             override, secure):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PORTAL_ENV", env)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    if override is None:
        monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    else:
        monkeypatch.setenv("SESSION_COOKIE_SECURE", override)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_sign_in_rotates_the_session_and_drops_planted_values(client, make_user):
    user = make_user("procurement", email="pat@example.com")
    with client.session_transaction() as sess:
        sess["_user_id"] = f"{user.id}:planted-token"
        sess["planted"] = "by an attacker"
    before = user.session_token
    sign_in(client, "pat@example.com")
    with client.session_transaction() as sess:
        assert "planted" not in sess
        db.session.expire_all()
        token = db.session.get(User, user.id).session_token
        assert token != before and sess["_user_id"] == f"{user.id}:{token}"


def test_replaying_the_cookie_after_sign_out_fails(app, client, make_user):
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    assert client.get("/account").status_code == 200
    stolen = client.get_cookie("session").value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _age_session(client, *, idle: int = 0, total: int = 0) -> None:
    with client.session_transaction() as sess:
        now = int(time.time())
        sess["_seen"] = now - idle
        sess["_auth_at"] = now - max(total, idle)


@pytest.mark.parametrize(("role", "minutes"), [("procurement", 30), ("vendor", 60)])
def test_idle_session_is_signed_out_with_a_message(client, make_user, make_vendor, role,
                                                   minutes):
    vendor = make_vendor() if role == "vendor" else None
    make_user(role, email="someone@example.com", vendor=vendor)
    sign_in(client, "someone@example.com")
    _age_session(client, idle=minutes * 60 - 20)
    assert client.get("/account").status_code == 200  # still inside the window
    _age_session(client, idle=minutes * 60 + 5)
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Signed out after {minutes} minutes of inactivity" in page
    assert client.get("/account").status_code == 302  # the session is gone for good


def test_activity_moves_the_idle_clock(client, make_user):
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    _age_session(client, idle=25 * 60)
    assert client.get("/account").status_code == 200
    with client.session_transaction() as sess:
        assert time.time() - sess["_seen"] < 5


def test_idle_timeout_is_configurable(app, client, make_user):
    app.config["SESSION_IDLE_MINUTES_STAFF"] = 5
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    _age_session(client, idle=6 * 60)
    response = client.get("/account")
    assert response.status_code == 302
    assert "Signed out after 5 minutes" in client.get("/login").get_data(as_text=True)


def test_idle_json_request_gets_401(client, make_assessment):
    assessment = make_assessment()
    contact = assessment.recipients[0]
    sign_in(client, contact.email)
    _age_session(client, idle=61 * 60)
    response = client.post(f"/respond/{assessment.id}/autosave", data={"question": "x"},
                           headers={"Accept": "application/json",
                                    "X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 401
    assert response.json["detail"].startswith("Signed out after 60 minutes of inactivity")


def test_absolute_lifetime_ends_an_active_session(app, client, make_user):
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    limit = app.config["SESSION_ABSOLUTE_MINUTES"] * 60
    with client.session_transaction() as sess:
        sess["_auth_at"] = int(time.time()) - limit - 1
        sess["_seen"] = int(time.time())  # busy right up to now
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

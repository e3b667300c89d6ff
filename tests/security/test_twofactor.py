"""Two-factor sign-in: enrolment with a server-made QR code, the second step, throttling,
recovery codes, disabling, the administrator requirement, and the audit trail."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import LoginAttempt, User
from portal.auth.twofactor import services as twofactor
from portal.auth.twofactor.models import RecoveryCode, TwoFactorSecret
from portal.extensions import db
from tests.security.conftest import PASSWORD, sign_in


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def _secret_from(page: str) -> str:
    return re.search(r'id="two-factor-secret">([A-Z2-7]+)<', page).group(1)


def _code(secret: str, offset: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + offset * 30)


def enrol(client) -> tuple[str, list[str]]:
    """Set up 2FA for the signed-in client; return the secret and the recovery codes."""
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    secret = _secret_from(page)
    done = client.post("/account/two-factor/setup", data={"code": _code(secret)})
    assert done.status_code == 200, done.get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    return secret, codes


@pytest.fixture
def enrolled(app, client, make_user):
    """A procurement user with 2FA on, signed out; returns (user, secret, recovery codes)."""
    user = make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    secret, codes = enrol(client)
    client.post("/logout")
    # The enrolment used the current time step; later tests need a fresh one.
    db.session.execute(sa.update(TwoFactorSecret).values(last_used_step=None))
    db.session.commit()
    return user, secret, codes


def test_enrolment_shows_qr_code_and_secret_made_on_the_server(client, make_user):
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    assert re.search(r'<img src="data:image/svg\+xml;[^"]+" alt="QR code', page)
    secret = _secret_from(page)
    assert len(secret) == 32
    # The same pending secret until it is confirmed (a reload does not invalidate the scan).
    assert _secret_from(client.get("/account/two-factor/setup").get_data(as_text=True)) == secret
    assert "otpauth://" not in page  # the URI travels only inside the QR image


def test_wrong_code_does_not_enable(client, make_user):
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    client.get("/account/two-factor/setup")
    response = client.post("/account/two-factor/setup", data={"code": "000000"})
    assert response.status_code == 400
    assert "The code is not correct" in response.get_data(as_text=True)
    assert not db.session.scalar(sa.select(TwoFactorSecret)).is_confirmed


def test_secret_is_stored_encrypted(app, client, make_user):
    make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    secret, codes = enrol(client)
    row = db.session.scalar(sa.select(TwoFactorSecret))
    assert secret not in row.secret_encrypted
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == len(codes) == 10
    assert not any(c.replace("-", "") in h for c in codes for h in stored)
    assert "auth.2fa_enabled" in actions()


def test_sign_in_needs_the_second_step(client, enrolled):
    user, secret, _ = enrolled
    response = sign_in(client, "pat@example.com", next="/account")
    assert response.headers["Location"] == "/account/two-factor/verify"
    assert client.get("/account").status_code == 302  # not signed in yet
    response = client.post("/account/two-factor/verify", data={"code": _code(secret)})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    login = [e for e in db.session.scalars(sa.select(AuditEvent)) if e.action == "auth.login"]
    assert login[-1].details == {"method": "totp"}


def test_a_code_is_accepted_only_once(app, client, enrolled):
    _, secret, _ = enrolled
    code = _code(secret)
    sign_in(client, "pat@example.com")
    assert client.post("/account/two-factor/verify", data={"code": code}).status_code == 302
    client.post("/logout")
    other = app.test_client()
    sign_in(other, "pat@example.com")
    assert other.post("/account/two-factor/verify", data={"code": code}).status_code == 401


def test_wrong_codes_count_towards_the_lockout(app, client, enrolled):
    user, secret, _ = enrolled
    sign_in(client, "pat@example.com")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = client.post("/account/two-factor/verify", data={"code": "123456"})
        assert response.status_code in (401, 429)
    response = client.post("/account/two-factor/verify", data={"code": _code(secret)})
    assert response.status_code == 429  # locked: even the right code is refused now
    assert client.get("/account").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until is not None
    failures = db.session.scalars(sa.select(LoginAttempt).where(
        LoginAttempt.is_success.is_(False))).all()
    assert len(failures) >= app.config["LOGIN_MAX_FAILURES"]
    assert "auth.locked" in actions()


def test_password_success_does_not_reset_second_step_failures(app, client, enrolled):
    """Re-entering the password between guesses must not give an attacker fresh attempts."""
    _, secret, _ = enrolled
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        sign_in(client, "pat@example.com")
        client.post("/account/two-factor/verify", data={"code": "654321"})
    assert sign_in(client, "pat@example.com").status_code == 429


def test_recovery_code_works_once(app, client, enrolled):
    _, _, codes = enrolled
    sign_in(client, "pat@example.com")
    response = client.post("/account/two-factor/verify", data={"code": codes[0].upper()},
                           follow_redirects=True)
    assert "recovery code; 9 left" in response.get_data(as_text=True)
    assert "auth.2fa_recovery_used" in actions()
    client.post("/logout")
    sign_in(client, "pat@example.com")
    assert client.post("/account/two-factor/verify", data={"code": codes[0]}).status_code == 401


def test_pending_second_step_expires(app, client, enrolled):
    _, secret, _ = enrolled
    sign_in(client, "pat@example.com")
    with client.session_transaction() as sess:
        sess["2fa_pending_at"] -= app.config["TWO_FACTOR_PENDING_MINUTES"] * 60 + 1
    response = client.post("/account/two-factor/verify", data={"code": _code(secret)})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/account").status_code == 302


def test_session_injected_without_second_step_is_refused(client, half_login, enrolled):
    user, _, _ = enrolled
    half_login(client, user)  # a valid session id without the 2fa_ok mark
    assert client.get("/account").status_code == 302


def test_disabling_needs_password_and_code(client, enrolled):
    _, secret, _ = enrolled
    sign_in(client, "pat@example.com")
    client.post("/account/two-factor/verify", data={"code": _code(secret)})
    client.post("/account/two-factor/disable",
                data={"disable-password": "wrong password!", "disable-code": _code(secret, 1)})
    assert db.session.scalar(sa.select(TwoFactorSecret)) is not None
    client.post("/account/two-factor/disable",
                data={"disable-password": PASSWORD, "disable-code": "000000"})
    assert db.session.scalar(sa.select(TwoFactorSecret)) is not None
    client.post("/account/two-factor/disable",
                data={"disable-password": PASSWORD, "disable-code": _code(secret, 1)})
    db.session.expire_all()
    assert db.session.scalar(sa.select(TwoFactorSecret)) is None
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0
    assert "auth.2fa_disabled" in actions()


def test_regenerating_recovery_codes_voids_the_old_ones(client, enrolled):
    _, secret, codes = enrolled
    sign_in(client, "pat@example.com")
    client.post("/account/two-factor/verify", data={"code": _code(secret)})
    page = client.post("/account/two-factor/recovery-codes",
                       data={"codes-code": _code(secret, 1)}).get_data(as_text=True)
    fresh = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    client.post("/logout")
    sign_in(client, "pat@example.com")
    assert client.post("/account/two-factor/verify", data={"code": codes[1]}).status_code == 401


# ---- administrators --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/admin/users", "/vendors/", "/account",
                                  "/admin/audit", "/account/api-tokens/"])
def test_admin_without_2fa_is_held_at_enrolment(client, make_user, path):
    make_user("admin", email="ada@example.com")
    response = sign_in(client, "ada@example.com")
    assert response.headers["Location"] == "/account/two-factor/setup"
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/two-factor/setup"
    assert client.get("/account/two-factor/setup").status_code == 200


def test_admin_json_request_before_enrolment_gets_403(client, make_user):
    make_user("admin", email="ada@example.com")
    sign_in(client, "ada@example.com")
    response = client.get("/admin/users", headers={"Accept": "application/json"})
    assert response.status_code == 403


def test_admin_uses_the_portal_after_enrolling(client, make_user):
    make_user("admin", email="ada@example.com")
    sign_in(client, "ada@example.com")
    secret, _ = enrol(client)
    assert client.get("/admin/users").status_code == 200
    # And cannot switch it off while the policy requires it.
    client.post("/account/two-factor/disable",
                data={"disable-password": PASSWORD, "disable-code": _code(secret, 1)})
    assert twofactor.is_enabled(db.session.scalar(sa.select(User)))


def test_admin_session_injection_is_held_too(client, half_login, make_user):
    half_login(client, make_user("admin"))
    assert client.get("/admin/users").headers["Location"] == "/account/two-factor/setup"


def test_policy_switch_lets_admins_in_without_2fa(app, client, half_login, make_user):
    app.config["REQUIRE_ADMIN_2FA"] = False
    half_login(client, make_user("admin"))
    assert client.get("/admin/users").status_code == 200


def test_cli_reset_removes_the_second_factor(app, client, enrolled):
    user, _, _ = enrolled
    result = app.test_cli_runner().invoke(args=["two-factor", "reset", "pat@example.com"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not twofactor.is_enabled(db.session.get(User, user.id))
    assert "auth.2fa_reset" in actions()

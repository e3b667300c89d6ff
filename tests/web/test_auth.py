"""Sign-in, throttling and lockout, session rotation, safe redirects and sign-out."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.audit.models import AuditEvent
from portal.auth.models import LoginAttempt, User
from portal.extensions import db, utcnow
from portal.vendors.models import VendorStatus

PASSWORD = "correct horse battery"


def sign_in(client, email, password=PASSWORD, **kw):
    return client.post("/login", data={"email": email, "password": password, **kw})


def is_signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_page_renders_labelled_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label class="label" for="email">E-mail</label>' in page
    assert '<label class="label" for="password">Password</label>' in page
    assert "Forgot your password?" in page


def test_sign_in_success_rotates_token_and_audits(client, make_user):
    user = make_user("procurement", email="pat@example.com")
    old_token = user.session_token
    response = sign_in(client, "PAT@example.com ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_signed_in(client)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.session_token != old_token
    assert user.last_login_at is not None
    assert "auth.login" in actions()


@pytest.mark.parametrize("email,password", [
    ("pat@example.com", "wrong password here"),
    ("nobody@example.com", PASSWORD),
])
def test_bad_credentials_get_one_generic_message(client, make_user, email, password):
    make_user("procurement", email="pat@example.com")
    response = sign_in(client, email, password)
    assert response.status_code == 401
    assert "E-mail or password is incorrect." in response.get_data(as_text=True)
    assert not is_signed_in(client)
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).one()
    assert event.actor_id is None
    assert event.details["email"] == email


def test_five_failures_lock_the_account_with_429(client, make_user):
    user = make_user("procurement", email="pat@example.com")
    statuses = [sign_in(client, "pat@example.com", f"wrong guess {i}").status_code
                for i in range(5)]
    assert statuses[:4] == [401] * 4
    response = sign_in(client, "pat@example.com")  # the right password no longer helps
    assert response.status_code == 429
    assert "Too many failed sign-in attempts; try again in 15 minutes" in response.get_data(
        as_text=True)
    assert not is_signed_in(client)
    db.session.expire_all()
    locked_until = db.session.get(User, user.id).locked_until
    assert locked_until is not None and locked_until > utcnow() + timedelta(minutes=14)


def test_lockout_ends_after_the_window(client, make_user):
    user = make_user("procurement", email="pat@example.com")
    for i in range(5):
        sign_in(client, "pat@example.com", f"wrong guess {i}")
    assert sign_in(client, "pat@example.com").status_code == 429
    # Sixteen minutes later: the failures left the window and the lock ran out.
    past = utcnow() - timedelta(minutes=16)
    db.session.execute(sa.update(LoginAttempt).values(created_at=past))
    db.session.execute(sa.update(User).where(User.id == user.id).values(locked_until=past))
    db.session.commit()
    assert sign_in(client, "pat@example.com").status_code == 302


def test_unknown_emails_are_throttled_too(client):
    for i in range(5):
        assert sign_in(client, "ghost@example.com", f"guess {i}").status_code == 401
    assert sign_in(client, "ghost@example.com", "guess 6").status_code == 429


def test_twenty_failures_from_one_address_are_throttled(app, make_user):
    make_user("procurement", email="pat@example.com")
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for i in range(20):
        assert sign_in(attacker, f"user{i}@example.com", "guess").status_code == 401
    assert sign_in(attacker, "pat@example.com").status_code == 429
    # Someone else, from another address, is not affected.
    assert sign_in(app.test_client(), "pat@example.com").status_code == 302


def test_throttling_holds_across_two_app_instances(app, app_config, make_user):
    make_user("procurement", email="pat@example.com")
    other = create_app(app_config)  # a second process/worker sharing the database
    other.test_client_class = app.test_client_class  # isolated requests
    try:
        first, second = app.test_client(), other.test_client()
        for i in range(3):
            assert sign_in(first, "pat@example.com", f"wrong {i}").status_code == 401
        for i in range(2):
            assert sign_in(second, "pat@example.com", f"wrong {i}").status_code in (401, 429)
        assert sign_in(first, "pat@example.com").status_code == 429
        assert sign_in(second, "pat@example.com").status_code == 429
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_success_resets_failure_count(client, make_user):
    make_user("procurement", email="pat@example.com")
    for i in range(4):
        sign_in(client, "pat@example.com", f"wrong {i}")
    assert sign_in(client, "pat@example.com").status_code == 302
    client.post("/logout")
    for i in range(4):
        assert sign_in(client, "pat@example.com", f"wrong again {i}").status_code == 401
    assert sign_in(client, "pat@example.com").status_code == 302


def test_inactive_user_cannot_sign_in(client, make_user):
    make_user("procurement", email="pat@example.com", is_active=False)
    response = sign_in(client, "pat@example.com")
    assert response.status_code == 403
    assert "deactivated" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_contact_of_offboarded_vendor_cannot_sign_in(client, make_user, make_vendor):
    vendor = make_vendor(status=VendorStatus.OFFBOARDED)
    make_user("vendor", vendor=vendor, email="contact@example.com")
    response = sign_in(client, "contact@example.com")
    assert response.status_code == 403
    assert not is_signed_in(client)


def test_user_without_password_cannot_sign_in(client, make_user):
    make_user("procurement", email="pat@example.com", password=None)
    assert sign_in(client, "pat@example.com", "").status_code == 400
    assert sign_in(client, "pat@example.com", "anything at all").status_code == 401


@pytest.mark.parametrize("target,expected", [
    ("/account", "/account"),
    ("/vendors/?tier=high", "/vendors/?tier=high"),
    ("https://evil.example/", "/"),
    ("//evil.example/path", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("", "/"),
])
def test_next_is_followed_only_within_the_site(client, make_user, target, expected):
    make_user("procurement", email="pat@example.com")
    response = sign_in(client, "pat@example.com", next=target)
    assert response.headers["Location"] == expected


def test_login_page_carries_next_from_query(client):
    page = client.get("/login?next=/account").get_data(as_text=True)
    assert 'value="/account"' in page
    page = client.get("/login?next=https://evil.example/").get_data(as_text=True)
    assert "evil.example" not in page


def test_logout_kills_the_old_cookie(app, client, make_user):
    user = make_user("procurement", email="pat@example.com")
    sign_in(client, "pat@example.com")
    stolen = client.get_cookie("session").value
    response = client.post("/logout")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not is_signed_in(client)
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/account").status_code == 302
    assert "auth.logout" in actions()
    db.session.expire_all()
    assert db.session.get(User, user.id).session_token not in stolen


def test_signing_in_elsewhere_ends_the_first_session(app, make_user):
    make_user("procurement", email="pat@example.com")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "pat@example.com")
    assert is_signed_in(laptop)
    sign_in(phone, "pat@example.com")
    assert is_signed_in(phone)
    assert not is_signed_in(laptop)


def test_login_clears_a_planted_session(client, make_user):
    make_user("procurement", email="pat@example.com")
    with client.session_transaction() as sess:
        sess["planted"] = "attacker value"
    sign_in(client, "pat@example.com")
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_logout_requires_post(client, make_user, login):
    login(client, make_user("procurement"))
    assert client.get("/logout").status_code == 405
    assert is_signed_in(client)


def test_signed_in_user_visiting_login_is_sent_on(client, make_user, login):
    login(client, make_user("procurement"))
    response = client.get("/login?next=/account")
    assert response.status_code == 302 and response.headers["Location"] == "/account"

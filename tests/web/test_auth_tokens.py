"""Invitations and password resets: hashed single-use tokens, expiry, e-mails and policy."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth import services
from portal.auth.models import Role, TokenPurpose, User, UserToken
from portal.extensions import db, utcnow
from portal.mail.models import EmailStatus, OutboundEmail
from portal.settings.current import settings_for

NEW_PASSWORD = "tangerine lamp orbit"


def link_in(message: OutboundEmail, kind: str) -> str:
    match = re.search(rf"http://portal\.test(/{kind}/[A-Za-z0-9_\-]+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def last_mail() -> OutboundEmail:
    return db.session.scalars(sa.select(OutboundEmail).order_by(OutboundEmail.id.desc())).first()


@pytest.fixture
def invited(app, make_user, make_vendor):
    """A vendor contact invited by a procurement user; returns (user, raw token, inviter)."""
    inviter = make_user("procurement", name="Priya Buyer")
    vendor = make_vendor("Acme AI Ltd")
    user = services.invite_vendor_contact(vendor, email="Dana@Acme.example", name="Dana Contact",
                                          job_title="CISO", invited_by=inviter,
                                          settings=settings_for(app))
    db.session.commit()
    return user, inviter


def test_invitation_creates_contact_and_mail_with_working_link(client, invited):
    user, inviter = invited
    assert user.email == "dana@acme.example" and user.role is Role.VENDOR
    assert not user.has_password and user.is_active
    mail = last_mail()
    assert mail.to_address == "dana@acme.example"
    assert mail.kind == "invitation" and mail.status is EmailStatus.OUTBOX
    assert "Priya Buyer" in mail.body_text and "Acme AI Ltd" in mail.body_text
    page = client.get(link_in(mail, "invite"))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Priya Buyer" in text and "Acme AI Ltd" in text and "At least 12 characters" in text
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"user.created", "user.invited"} <= actions


def test_token_is_stored_only_as_its_hash(app, make_user):
    user = make_user("procurement", password=None)
    raw = services.issue_token(user, TokenPurpose.INVITATION, created_by=None, ttl_hours=1)
    db.session.commit()
    token = db.session.scalars(sa.select(UserToken)).one()
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = [str(v) for v in db.session.execute(sa.select(UserToken.__table__)).one()]
    assert not any(raw in value for value in stored)
    assert services.token_url(settings_for(app), TokenPurpose.INVITATION, raw) == \
        f"http://portal.test/invite/{raw}"
    assert services.token_url(settings_for(app), TokenPurpose.PASSWORD_RESET, raw) == \
        f"http://portal.test/reset/{raw}"


def test_accepting_sets_password_signs_in_and_is_single_use(client, invited):
    user, _ = invited
    link = link_in(last_mail(), "invite")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).has_password
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    fresh = client.application.test_client()
    assert fresh.post(link, data={"password": "another fine password",
                                  "confirm": "another fine password"}).status_code == 410
    client.post("/logout")
    signed = client.post("/login", data={"email": "dana@acme.example", "password": NEW_PASSWORD})
    assert signed.status_code == 302


def test_expired_invitation_explains_what_to_do(client, invited):
    link = link_in(last_mail(), "invite")
    db.session.execute(sa.update(UserToken).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    text = response.get_data(as_text=True)
    assert "expired" in text and "new invitation" in text
    assert client.post(link, data={"password": NEW_PASSWORD,
                                   "confirm": NEW_PASSWORD}).status_code == 410


def test_unknown_token_is_404_with_friendly_page(client):
    response = client.get("/invite/not-a-real-token")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_resending_invalidates_the_earlier_link(app, client, invited):
    user, inviter = invited
    first = link_in(last_mail(), "invite")
    services.send_invitation(user, invited_by=inviter, settings=settings_for(app))
    db.session.commit()
    second = link_in(last_mail(), "invite")
    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


@pytest.mark.parametrize("password,confirm,message", [
    ("short", "short", "Use at least 12 characters."),
    ("password1234", "password1234", "too common"),
    ("tangerine lamp orbit", "tangerine lamp orbix", "The two passwords differ."),
])
def test_invitation_enforces_password_policy(client, invited, password, confirm, message):
    user, _ = invited
    response = client.post(link_in(last_mail(), "invite"),
                           data={"password": password, "confirm": confirm})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, user.id).has_password


def test_invitation_for_account_with_password_links_to_sign_in(client, app, make_user):
    user = make_user("procurement")
    raw = services.issue_token(user, TokenPurpose.INVITATION, created_by=None, ttl_hours=1)
    db.session.commit()
    response = client.get(f"/invite/{raw}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "already have a password" in text and "/login" in text
    with pytest.raises(services.InvalidToken):
        services.accept_invitation(raw, NEW_PASSWORD)


def test_deactivated_user_cannot_accept(client, app, invited, make_user):
    user, _ = invited
    services.deactivate_user(user, actor=make_user("admin"))
    db.session.commit()
    assert client.get(link_in(last_mail(), "invite")).status_code == 410


def test_staff_user_invitation_from_service(app, make_user):
    admin = make_user("admin")
    user = services.create_staff_user(email="New.Person@corp.example", name="New Person",
                                      role=Role.CONTRACT_MANAGER, created_by=admin,
                                      settings=settings_for(app))
    db.session.commit()
    assert user.email == "new.person@corp.example" and not user.has_password
    assert "/invite/" in last_mail().body_text
    with pytest.raises(services.DuplicateUser):
        services.create_staff_user(email="NEW.PERSON@corp.example", name="Again",
                                   role=Role.ADMIN, created_by=admin, settings=settings_for(app))
    with pytest.raises(ValueError, match="staff role"):
        services.create_staff_user(email="v@corp.example", name="V", role=Role.VENDOR,
                                   created_by=admin, settings=settings_for(app))
    with pytest.raises(ValueError, match="12 characters"):
        services.create_staff_user(email="w@corp.example", name="W", role=Role.ADMIN,
                                   created_by=admin, settings=settings_for(app), password="short")


def test_vendor_contact_cannot_invite_into_another_vendor(app, make_user, make_vendor):
    mine, theirs = make_vendor(), make_vendor()
    contact = make_user("vendor", vendor=mine)
    with pytest.raises(services.NotAllowed):
        services.invite_vendor_contact(theirs, email="x@other.example", name="X", job_title=None,
                                       invited_by=contact, settings=settings_for(app))


# ---- forgot / reset password ---------------------------------------------------------------

def test_forgot_password_does_not_reveal_accounts(client, make_user):
    make_user("procurement", email="pat@example.com")
    known = client.post("/forgot-password", data={"email": "pat@example.com"},
                        follow_redirects=True)
    unknown = client.post("/forgot-password", data={"email": "nobody@example.com"},
                          follow_redirects=True)
    message = "If an account exists for that e-mail address, we sent a link"
    assert message in known.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert known.status_code == unknown.status_code == 200
    recipients = list(db.session.scalars(sa.select(OutboundEmail.to_address)))
    assert recipients == ["pat@example.com"]


def test_reset_password_flow(client, make_user):
    user = make_user("procurement", email="pat@example.com")
    client.post("/forgot-password", data={"email": "PAT@example.com"})
    mail = last_mail()
    assert mail.kind == "password_reset"
    link = link_in(mail, "reset")
    token = db.session.scalars(sa.select(UserToken)).one()
    assert token.purpose is TokenPurpose.PASSWORD_RESET
    assert timedelta(minutes=59) < token.expires_at - token.created_at <= timedelta(hours=1)
    assert client.get(link).status_code == 200
    weak = client.post(link, data={"password": "short", "confirm": "short"})
    assert weak.status_code == 400
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and "/login" in done.headers["Location"]
    assert client.get(link).status_code == 410
    old = client.post("/login", data={"email": "pat@example.com",
                                      "password": "correct horse battery"})
    assert old.status_code == 401
    new = client.post("/login", data={"email": "pat@example.com", "password": NEW_PASSWORD})
    assert new.status_code == 302
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert "user.password_reset" in actions
    db.session.expire_all()
    assert db.session.get(User, user.id).has_password


def test_reset_ends_sessions_and_lifts_lockout(app, client, make_user):
    make_user("procurement", email="pat@example.com")
    other = app.test_client()
    assert other.post("/login", data={"email": "pat@example.com",
                                      "password": "correct horse battery"}).status_code == 302
    for i in range(5):
        client.post("/login", data={"email": "pat@example.com", "password": f"guess {i}"})
    client.post("/forgot-password", data={"email": "pat@example.com"})
    client.post(link_in(last_mail(), "reset"),
                data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert other.get("/account").status_code == 302
    assert client.post("/login", data={"email": "pat@example.com",
                                       "password": NEW_PASSWORD}).status_code == 302


def test_reset_requests_are_rate_limited_per_account(client, make_user):
    make_user("procurement", email="pat@example.com")
    for _ in range(5):
        client.post("/forgot-password", data={"email": "pat@example.com"})
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 3


def test_no_reset_mail_for_deactivated_account(client, make_user):
    make_user("procurement", email="pat@example.com", is_active=False)
    client.post("/forgot-password", data={"email": "pat@example.com"})
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 0

"""The vendor team page and the account page."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import Role, User
from portal.extensions import db
from portal.mail.models import OutboundEmail

PASSWORD = "correct horse battery"
NEW_PASSWORD = "tangerine lamp orbit"


@pytest.fixture
def two_vendors(make_vendor, make_user):
    acme, globex = make_vendor("Acme AI Ltd"), make_vendor("Globex Models plc")
    me = make_user("vendor", vendor=acme, name="Ada Acme", email="ada@acme.example")
    colleague = make_user("vendor", vendor=acme, name="Carl Acme", email="carl@acme.example")
    stranger = make_user("vendor", vendor=globex, name="Gina Globex", email="gina@globex.example")
    return me, colleague, stranger


def test_team_lists_only_own_organisation(client, login, two_vendors):
    me, colleague, stranger = two_vendors
    login(client, me)
    page = client.get("/team").get_data(as_text=True)
    assert "Carl Acme" in page and "carl@acme.example" in page
    assert "Gina" not in page and "globex" not in page.lower()


def test_invite_colleague_from_team_page(client, login, two_vendors):
    me, _, _ = two_vendors
    login(client, me)
    response = client.post("/team", data={"name": "Dee New", "email": "Dee@Acme.example",
                                          "job_title": "DPO"})
    assert response.status_code == 302
    new = db.session.scalars(sa.select(User).where(User.email == "dee@acme.example")).one()
    assert new.vendor_id == me.vendor_id and new.role is Role.VENDOR and not new.has_password
    mail = db.session.scalars(sa.select(OutboundEmail)).one()
    assert mail.to_address == "dee@acme.example" and "/invite/" in mail.body_text
    assert "Invited" in client.get("/team").get_data(as_text=True)


def test_inviting_an_existing_address_is_a_form_error(client, login, two_vendors):
    me, _, stranger = two_vendors
    login(client, me)
    response = client.post("/team", data={"name": "Gina", "email": "GINA@globex.example"})
    assert response.status_code == 400
    # Issue 13: neutral wording; nothing says an account exists elsewhere.
    assert "cannot be invited from here" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 0


def test_deactivate_and_reactivate_colleague(client, login, two_vendors):
    me, colleague, _ = two_vendors
    login(client, me)
    assert client.post(f"/team/{colleague.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, colleague.id).is_active
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "user.deactivated")).one()
    assert event.vendor_id == me.vendor_id and event.actor_id == me.id
    assert "Deactivated" in client.get("/team").get_data(as_text=True)
    client.post(f"/team/{colleague.id}/reactivate")
    db.session.expire_all()
    assert db.session.get(User, colleague.id).is_active


@pytest.mark.parametrize("action", ["deactivate", "reactivate", "resend"])
def test_cannot_touch_another_vendors_people(client, login, two_vendors, action):
    me, _, stranger = two_vendors
    login(client, me)
    assert client.post(f"/team/{stranger.id}/{action}").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, stranger.id).is_active


def test_cannot_deactivate_yourself(client, login, two_vendors):
    me, _, _ = two_vendors
    login(client, me)
    response = client.post(f"/team/{me.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, me.id).is_active


@pytest.mark.parametrize("role", ["admin", "procurement", "contract_manager"])
def test_team_page_is_for_vendor_contacts_only(client, login, make_user, role):
    login(client, make_user(role))
    assert client.get("/team").status_code == 403


def test_team_page_requires_sign_in(client):
    response = client.get("/team")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_account_page_shows_details_and_updates_name(client, login, make_user):
    user = make_user("procurement", name="Pat Old")
    login(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert "Pat Old" in page and user.email in page
    response = client.post("/account", data={"profile-name": "Pat New",
                                             "profile-job_title": "Buyer",
                                             "profile-submit": "Save"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Pat New"


def test_change_password_needs_current_and_ends_other_sessions(app, client, make_user):
    make_user("procurement", email="pat@example.com")
    assert client.post("/login", data={"email": "pat@example.com",
                                       "password": PASSWORD}).status_code == 302
    # A second browser holding the same session (another tab, or a stolen cookie).
    elsewhere = app.test_client()
    elsewhere.set_cookie("session", client.get_cookie("session").value)
    assert elsewhere.get("/account").status_code == 200
    wrong = client.post("/account", data={
        "password-current_password": "not my password", "password-password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD, "password-submit": "Change password"})
    assert wrong.status_code == 400
    assert "current password is not correct" in wrong.get_data(as_text=True)
    done = client.post("/account", data={
        "password-current_password": PASSWORD, "password-password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD, "password-submit": "Change password"})
    assert done.status_code == 302
    assert client.get("/account").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/account").status_code == 302  # every other session ended
    assert "user.password_changed" in set(db.session.scalars(sa.select(AuditEvent.action)))
    client.post("/logout")
    assert client.post("/login", data={"email": "pat@example.com",
                                       "password": NEW_PASSWORD}).status_code == 302


def test_change_password_enforces_policy(client, login, make_user):
    login(client, make_user("procurement"))
    response = client.post("/account", data={
        "password-current_password": PASSWORD, "password-password": "password1234",
        "password-confirm": "password1234", "password-submit": "Change password"})
    assert response.status_code == 400
    assert "too common" in response.get_data(as_text=True)

"""Issue 13: throttles per account and address, single-use links under races, enumeration,
vendor team rules."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.api import services as api_services
from portal.audit.models import AuditEvent
from portal.auth import passwords, reset, services
from portal.auth.models import TokenPurpose, User, UserToken
from portal.extensions import db
from portal.mail.models import OutboundEmail
from portal.settings.current import settings_for
from tests.security.conftest import sign_in

NEW_PASSWORD = "violet tractor umbrella"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


# ---- throttles -------------------------------------------------------------------------------

def test_failures_from_one_address_do_not_lock_the_account_elsewhere(app, make_user):
    make_user("procurement", email="pat@example.com")
    attacker = _client(app, "203.0.113.9")
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        assert sign_in(attacker, "pat@example.com", f"guess {i}").status_code == 401
    assert sign_in(attacker, "pat@example.com").status_code == 429
    # The owner, from their own address, still signs in.
    assert sign_in(_client(app, "198.51.100.20"), "pat@example.com").status_code == 302


def test_spraying_made_up_emails_does_not_lock_out_users_of_that_address(app, make_user):
    """Behind one proxy address: a user who signed in from it before keeps signing in."""
    make_user("procurement", email="pat@example.com")
    shared = "192.0.2.50"
    assert sign_in(_client(app, shared), "pat@example.com").status_code == 302
    sprayer = _client(app, shared)
    for i in range(25):
        sign_in(sprayer, f"nobody{i}@example.com", "guess")
    assert sign_in(sprayer, "someone-new@example.com", "guess").status_code == 429
    assert sign_in(_client(app, shared), "pat@example.com").status_code == 302


def test_many_addresses_against_one_account_spare_its_known_address(app, make_user):
    make_user("procurement", email="pat@example.com")
    assert sign_in(_client(app, "198.51.100.20"), "pat@example.com").status_code == 302
    for i in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        sign_in(_client(app, f"203.0.113.{i + 1}"), "pat@example.com", "guess")
    assert sign_in(_client(app, "203.0.113.200"), "pat@example.com").status_code == 429
    assert sign_in(_client(app, "198.51.100.20"), "pat@example.com").status_code == 302


def test_invalid_api_tokens_neither_block_sign_in_nor_valid_tokens(app, make_user):
    app.config["API_MAX_INVALID_TOKENS"] = 3
    user = make_user("procurement", email="pat@example.com")
    _, good = api_services.create_token(user, name="mine", scopes={"read"}, days=1, actor=user)
    db.session.commit()
    client = _client(app, "192.0.2.77")
    statuses = [client.get("/api/v1/me", headers={"Authorization": f"Bearer vap_old{i}"})
                .status_code for i in range(25)]
    assert statuses[:3] == [401] * 3 and set(statuses[3:]) == {429}
    assert client.get("/api/v1/me",
                      headers={"Authorization": f"Bearer {good}"}).status_code == 200
    assert sign_in(client, "pat@example.com").status_code == 302


def test_unknown_email_is_checked_against_a_dummy_hash(app, client, make_user, monkeypatch):
    make_user("procurement", email="pat@example.com")
    checked = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda stored, given: checked.append(stored) or real(stored, given))
    assert sign_in(client, "ghost@example.com", "guess").status_code == 401
    assert checked == [passwords._DUMMY_HASH]


def test_forgot_password_answers_unknown_addresses_no_faster(app, client, monkeypatch):
    app.config["FORGOT_PASSWORD_MIN_SECONDS"] = 0.2
    waits = []
    monkeypatch.setattr(reset.time, "sleep", waits.append)
    response = client.post("/forgot-password", data={"email": "ghost@example.com"})
    assert response.status_code == 302
    assert len(waits) == 1 and 0 < waits[0] <= 0.2


# ---- single-use links ------------------------------------------------------------------------

def _race(monkeypatch, app, raw: str, purpose: TokenPurpose) -> None:
    """Let a parallel request use the link between this request's check and its write."""
    real = services.check_token

    def check_then_lose_the_race(raw_token, token_purpose):
        token = real(raw_token, token_purpose)
        with db.engine.begin() as other:  # another worker commits first
            other.execute(sa.update(UserToken).where(UserToken.id == token.id)
                          .values(used_at=sa.func.current_timestamp()))
        return token

    monkeypatch.setattr(services, "check_token", check_then_lose_the_race)  # invitations
    monkeypatch.setattr(reset, "check_token", check_then_lose_the_race)  # password resets


def test_two_parallel_acceptances_of_one_invitation_make_one_account(app, make_user,
                                                                     monkeypatch):
    user = make_user("procurement", email="new@example.com", password=None)
    raw = services.issue_token(user, TokenPurpose.INVITATION, created_by=None, ttl_hours=1)
    db.session.commit()
    _race(monkeypatch, app, raw, TokenPurpose.INVITATION)
    with pytest.raises(services.InvalidToken, match="already been used"):
        services.accept_invitation(raw, NEW_PASSWORD)
    db.session.rollback()
    assert db.session.get(User, user.id).password_hash is None
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "user.invitation_accepted")) == 0


def test_two_parallel_resets_leave_one_password(app, make_user, monkeypatch):
    user = make_user("procurement", email="pat@example.com")
    raw = services.issue_token(user, TokenPurpose.PASSWORD_RESET, created_by=None, ttl_hours=1)
    db.session.commit()
    before = user.password_hash
    _race(monkeypatch, app, raw, TokenPurpose.PASSWORD_RESET)
    with pytest.raises(services.InvalidToken):
        reset.reset_password(raw, NEW_PASSWORD)
    db.session.rollback()
    assert db.session.get(User, user.id).password_hash == before


# ---- vendor team rules -----------------------------------------------------------------------

@pytest.fixture
def vendor_team(make_vendor, make_user, login, app):
    vendor = make_vendor("Acme AI Ltd")
    contact = make_user("vendor", vendor=vendor, email="lead@acme.example")
    colleague = make_user("vendor", vendor=vendor, email="colleague@acme.example")
    client = login(app.test_client(), contact)
    return vendor, contact, colleague, client


def test_vendor_cannot_undo_staff_deactivation(app, vendor_team, make_user):
    _, _, colleague, client = vendor_team
    staff = make_user("procurement")
    services.deactivate_user(colleague, actor=staff)
    db.session.commit()
    client.post(f"/team/{colleague.id}/reactivate")
    db.session.expire_all()
    assert not db.session.get(User, colleague.id).is_active
    # Staff can lift it.
    services.reactivate_user(db.session.get(User, colleague.id), actor=staff)
    assert db.session.get(User, colleague.id).is_active


def test_vendor_can_undo_a_colleagues_deactivation(app, vendor_team):
    _, contact, colleague, client = vendor_team
    client.post(f"/team/{colleague.id}/deactivate")
    client.post(f"/team/{colleague.id}/reactivate")
    db.session.expire_all()
    assert db.session.get(User, colleague.id).is_active


def test_vendor_resends_only_their_own_invitations(app, vendor_team, make_user):
    vendor, contact, _, client = vendor_team
    staff = make_user("procurement")
    pending = services.invite_vendor_contact(vendor, email="new@acme.example", name="New Person",
                                             job_title=None, invited_by=staff,
                                             settings=settings_for(app))
    db.session.commit()
    before = db.session.scalar(sa.select(sa.func.count(UserToken.id)))
    page = client.post(f"/team/{pending.id}/resend", follow_redirects=True)
    assert "Only the colleague who invited" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(UserToken.id))) == before


def test_vendor_invitations_are_rate_limited(app, vendor_team):
    _, _, _, client = vendor_team
    app.config["VENDOR_INVITATIONS_PER_DAY"] = 3
    statuses = [client.post("/team", data={"name": f"Person {i}",
                                           "email": f"p{i}@acme.example"}).status_code
                for i in range(4)]
    assert statuses == [302, 302, 302, 400]
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.email.like("p%@acme.example"))) == 3


def test_vendor_invitations_follow_the_domain_allow_list(app, vendor_team):
    vendor, _, _, client = vendor_team
    vendor.invite_domains = "acme.example"
    db.session.commit()
    refused = client.post("/team", data={"name": "Out Sider", "email": "x@elsewhere.example"})
    assert refused.status_code == 400
    assert "acme.example only" in refused.get_data(as_text=True)
    assert client.post("/team", data={"name": "In Sider",
                                      "email": "x@eu.acme.example"}).status_code == 302


def test_names_carrying_links_are_refused(app, vendor_team):
    _, _, _, client = vendor_team
    response = client.post("/team", data={
        "name": "Urgent: verify your bank details at http://bank.example/login",
        "email": "victim@acme.example"})
    assert response.status_code == 400
    assert "cannot contain a web address" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 0


def test_invitation_text_breaks_up_links_in_older_names(app, vendor_team):
    vendor, contact, _, _ = vendor_team
    db.session.execute(sa.update(User).where(User.id == contact.id)
                       .values(name="Visit evil.example now"))
    db.session.commit()
    db.session.refresh(contact)
    services.invite_vendor_contact(vendor, email="new@acme.example", name="New Person",
                                   job_title=None, invited_by=contact, settings=settings_for(app))
    body = db.session.scalars(sa.select(OutboundEmail.body_text)).one()
    assert "evil[.]example" in body and "evil.example" not in body


def test_inviting_an_outside_account_gets_neutral_wording(app, vendor_team, make_user):
    _, _, _, client = vendor_team
    make_user("procurement", email="buyer@ourcompany.example")
    page = client.post("/team", data={"name": "Some One", "email": "buyer@ourcompany.example"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "already has an account" not in text and "cannot be invited from here" in text


def test_staff_set_the_domain_allow_list_on_the_contacts_page(app, make_vendor, make_user, login):
    vendor = make_vendor("Acme AI Ltd")
    client = login(app.test_client(), make_user("procurement"))
    page = client.get(f"/vendors/{vendor.id}/contacts").get_data(as_text=True)
    assert "Domains contacts may invite colleagues at" in page
    bad = client.post(f"/vendors/{vendor.id}/contacts/domains", data={"domains": "not a domain"})
    assert bad.status_code == 400 and "is not a domain name" in bad.get_data(as_text=True)
    ok = client.post(f"/vendors/{vendor.id}/contacts/domains",
                     data={"domains": "@Acme.example, acme.co.uk"})
    assert ok.status_code == 302
    db.session.refresh(vendor)
    assert vendor.invite_domains == "acme.example, acme.co.uk"
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "vendor.invite_domains_changed")) == 1
    vendor_user = make_user("vendor", vendor=vendor)
    assert login(app.test_client(), vendor_user).post(
        f"/vendors/{vendor.id}/contacts/domains", data={"domains": ""}).status_code in (403, 404)

"""Personal API tokens: shown once, hashed at rest, scoped, expiring, revocable, last use."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.api import services
from portal.api.models import ApiToken
from portal.audit.models import AuditEvent
from portal.extensions import db, utcnow

TOKEN = re.compile(r"vap_[A-Za-z0-9_\-]{43}")


def _create_on_page(client, **form) -> tuple[str, object]:
    response = client.post("/account/api-tokens/", data={"name": "CI sync", "scopes": "read",
                                                          "days": "30", **form})
    assert response.status_code == 201, response.get_data(as_text=True)[:500]
    assert response.headers["Cache-Control"] == "no-store"
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, "the new token is shown"
    return match.group(0), response


def test_token_is_shown_once_and_only_its_hash_is_stored(client, login, make_user):
    user = make_user("procurement")
    login(client, user)
    raw, _ = _create_on_page(client)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = [str(getattr(token, c.key)) for c in ApiToken.__table__.columns]
    assert not any(raw in value for value in stored)
    assert token.display_prefix == raw[:12] and token.scopes == "read"
    page = client.get("/account/api-tokens/").get_data(as_text=True)
    assert raw not in page and token.display_prefix in page
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "api_token.created"))
    assert raw not in str(event.details) and raw not in event.summary


def test_vendor_contacts_create_tokens_for_their_organisation(client, login, make_user,
                                                              make_vendor):
    vendor = make_vendor()
    login(client, make_user("vendor", vendor=vendor))
    raw, _ = _create_on_page(client, scopes="read write")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).get_json()
    assert me["user"]["vendor_id"] == vendor.id and me["scopes"] == ["read", "write"]


def test_read_token_cannot_write(client, make_user):
    user = make_user("admin")
    _, raw = services.create_token(user, name="ro", scopes={"read"}, days=5, actor=user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/vendors", headers=headers).status_code == 200
    response = client.post("/api/v1/vendors", headers=headers, json={"legal_name": "Nope Ltd"})
    assert response.status_code == 403
    assert response.get_json()["type"] == "urn:vap:problem:insufficient-scope"
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("header", [None, "Bearer", "Basic dXNlcjpwYXNz", "Bearer vap_nope",
                                    "Bearer not-even-a-token"])
def test_missing_or_unknown_token_is_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_revoked_and_inactive_tokens_stop_working(client, login, make_user):
    user = make_user("procurement")
    tokens = {}
    for name in ("expired", "revoked", "fine"):
        token, raw = services.create_token(user, name=name, scopes={"read"}, days=1, actor=user)
        tokens[name] = (token, {"Authorization": f"Bearer {raw}"})
    tokens["expired"][0].expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    expired = client.get("/api/v1/me", headers=tokens["expired"][1])
    assert expired.status_code == 401 and "expired" in expired.get_json()["detail"]

    login(client, user)
    revoked_id = tokens["revoked"][0].id
    assert client.post(f"/account/api-tokens/{revoked_id}/revoke").status_code == 302
    revoked = client.get("/api/v1/me", headers=tokens["revoked"][1])
    assert revoked.status_code == 401 and "revoked" in revoked.get_json()["detail"]

    assert client.get("/api/v1/me", headers=tokens["fine"][1]).status_code == 200
    db.session.refresh(user)
    user.is_active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=tokens["fine"][1]).status_code == 401


def test_only_the_owner_revokes_a_token(client, login, make_user):
    owner, other = make_user("procurement"), make_user("contract_manager")
    token, raw = services.create_token(owner, name="mine", scopes={"read"}, days=1, actor=owner)
    db.session.commit()
    login(client, other)
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 404
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    with pytest.raises(services.TokenError):
        services.revoke_token(token, actor=other)


def test_last_use_time_and_address_are_recorded(client, make_user):
    user = make_user("contract_manager")
    token, raw = services.create_token(user, name="x", scopes={"read"}, days=1, actor=user)
    db.session.commit()
    assert token.last_used_at is None
    before = utcnow()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"},
                          environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 200
    db.session.refresh(token)
    assert token.last_used_at >= before and token.last_used_ip == "203.0.113.7"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"days": 0}, "lifetime"), ({"days": 400}, "lifetime"), ({"scopes": {"admin"}}, "scopes"),
    ({"scopes": set()}, "scopes"), ({"name": " "}, "name"),
])
def test_token_creation_is_validated(app, make_user, kwargs, message):
    user = make_user("admin")
    arguments = {"name": "ok", "scopes": {"read"}, "days": 30, **kwargs}
    with pytest.raises(services.TokenError, match=message):
        services.create_token(user, actor=user, **arguments)


def test_nobody_creates_tokens_for_someone_else(app, make_user):
    admin, other = make_user("admin"), make_user("procurement")
    with pytest.raises(services.TokenError):
        services.create_token(other, name="x", scopes={"read"}, days=1, actor=admin)


def test_write_scope_implies_read(app, make_user):
    user = make_user("admin")
    token, _ = services.create_token(user, name="w", scopes={"write"}, days=1, actor=user)
    assert token.scope_set == {"read", "write"}


def test_the_api_needs_no_csrf_token_but_the_token_page_does(app, client, login, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user("procurement")
    _, raw = services.create_token(user, name="csrf", scopes={"write"}, days=1, actor=user)
    db.session.commit()
    created = client.post("/api/v1/vendors", json={"legal_name": "No Csrf Ltd"},
                          headers={"Authorization": f"Bearer {raw}"})
    assert created.status_code == 201
    login(client, user)
    page = client.post("/account/api-tokens/", data={"name": "x", "scopes": "read", "days": "30"})
    assert page.status_code == 400  # the form without its CSRF token is refused


def test_an_address_guessing_tokens_is_refused_but_valid_tokens_work(app, client, make_user):
    """Issue 7 and 13: invalid tokens from one address are throttled (shared by every process
    through the database); a valid token from the same address keeps working."""
    from portal.auth.models import LoginAttempt

    app.config["API_MAX_INVALID_TOKENS"] = 3
    user = make_user("procurement")
    _, good = services.create_token(user, name="mine", scopes={"read"}, days=1, actor=user)
    db.session.commit()
    statuses = [client.get("/api/v1/me", headers={"Authorization": f"Bearer vap_guess{i}"})
                .status_code for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    refused = client.get("/api/v1/me", headers={"Authorization": "Bearer vap_guess9"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["type"].endswith("too-many-invalid-tokens")
    assert db.session.query(LoginAttempt).count() == 3
    assert db.session.query(AuditEvent).filter_by(action="api.token_guessing_blocked").count() == 1
    valid = client.get("/api/v1/me", headers={"Authorization": f"Bearer {good}"})
    assert valid.status_code == 200
    # Another address is not affected.
    other = client.get("/api/v1/me", headers={"Authorization": "Bearer vap_other"},
                       environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 401

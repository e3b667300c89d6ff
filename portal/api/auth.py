"""Bearer-token authentication for API requests."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import g, request

from portal.api import services
from portal.api.errors import ApiProblem
from portal.api.models import ApiToken
from portal.audit.services import record
from portal.auth import throttle
from portal.auth.models import LoginAttempt, User
from portal.extensions import db, utcnow
from portal.settings.current import current_settings

REALM = 'Bearer realm="portal-api"'
# Failed token checks are kept with sign-in attempts (shared by every process) under this name;
# the sign-in limits leave them out.
INVALID_TOKEN_MARK = throttle.API_TOKEN_MARK


def bearer_token() -> str | None:
    """Return the token in the Authorization header, or None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate_request() -> ApiToken:
    """Find the request's token and remember it for the view. Raises: ApiProblem (401)."""
    raw = bearer_token()
    if raw is None:
        raise ApiProblem(401, "Send an API token in the header: Authorization: Bearer <token>.",
                         kind="unauthenticated", headers={"WWW-Authenticate": REALM})
    try:
        token = services.authenticate(raw)
    except services.InvalidToken as exc:
        # Issue 13: a valid token always works; only invalid ones from a guessing address get
        # 429, and they never count towards the sign-in limits of that address.
        _refuse_guessing()
        _count_invalid_token()
        raise ApiProblem(401, str(exc), kind="invalid-token",
                         headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'}) from None
    g.api_token = token
    return token


def _window() -> timedelta:
    return current_settings().sign_in.window


def _recent_invalid(ip: str | None) -> int:
    return db.session.scalar(sa.select(sa.func.count(LoginAttempt.id)).where(
        LoginAttempt.email == INVALID_TOKEN_MARK, LoginAttempt.ip_address == ip,
        LoginAttempt.created_at > utcnow() - _window())) or 0


def _refuse_guessing() -> None:
    """Refuse an invalid token from an address that sent too many. Raises: ApiProblem (429)."""
    limit = current_settings().api.max_invalid_tokens
    if _recent_invalid(request.remote_addr) >= limit:
        minutes = int(_window().total_seconds() // 60)
        seconds = str(minutes * 60)
        raise ApiProblem(429, f"Too many invalid API tokens from your address; try again in "
                         f"{minutes} minutes.", kind="too-many-invalid-tokens",
                         headers={"Retry-After": seconds, "RateLimit-Limit": str(limit),
                                  "RateLimit-Remaining": "0", "RateLimit-Reset": seconds,
                                  "RateLimit-Policy": f"{limit};w={seconds}"})


def _count_invalid_token() -> None:
    """Remember a failed token check (committed now: the failing request is rolled back)."""
    ip = request.remote_addr
    db.session.rollback()
    earlier = _recent_invalid(ip)
    db.session.add(LoginAttempt(email=INVALID_TOKEN_MARK, ip_address=ip, is_success=False))
    if earlier + 1 == current_settings().api.max_invalid_tokens:
        record(None, "api.token_guessing_blocked",
               f"Refusing API tokens from {ip} after repeated invalid tokens",
               details={"ip": ip}, actor_label="system")
    db.session.commit()


def require_scope(token: ApiToken, scope: str) -> None:
    """Refuse a token that lacks a scope. Raises: ApiProblem (403)."""
    if scope not in token.scope_set:
        raise ApiProblem(
            403, f"This token does not have the {scope!r} scope.", kind="insufficient-scope",
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'})


def api_user() -> User:
    """Return the user whose token authenticated this request."""
    return g.api_token.user

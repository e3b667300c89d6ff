"""Bearer-token authentication for API requests."""
from __future__ import annotations

from flask import g, request

from portal.api import services
from portal.api.errors import ApiProblem
from portal.api.models import ApiToken
from portal.auth.models import User

REALM = 'Bearer realm="portal-api"'


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
        raise ApiProblem(401, str(exc), kind="invalid-token",
                         headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'}) from None
    g.api_token = token
    return token


def require_scope(token: ApiToken, scope: str) -> None:
    """Refuse a token that lacks a scope. Raises: ApiProblem (403)."""
    if scope not in token.scope_set:
        raise ApiProblem(
            403, f"This token does not have the {scope!r} scope.", kind="insufficient-scope",
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'})


def api_user() -> User:
    """Return the user whose token authenticated this request."""
    return g.api_token.user

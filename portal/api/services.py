"""Personal API tokens: create, list, revoke, authenticate and record their use."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.api.models import ApiToken
from portal.audit.services import record
from portal.auth.models import User
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.vendors.models import VendorStatus

TOKEN_PREFIX = "vap_"
SCOPES = ("read", "write")
MAX_LIFETIME_DAYS = 366
MAX_ACTIVE_TOKENS = 20
# Writing "last used" on every request would turn each read into a write; once a minute is enough.
LAST_USE_RESOLUTION = timedelta(seconds=60)


class TokenError(DomainError):
    """A token cannot be created or changed; the message says why."""


class InvalidToken(DomainError):
    """The presented token is unknown, expired, revoked or belongs to an inactive account."""


def hash_token(raw_token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def create_token(user: User, *, name: str, scopes: set[str] | frozenset[str], days: int,
                 actor: User) -> tuple[ApiToken, str]:
    """Create a token for the user and return it with the secret, which is never stored.

    Raises: TokenError.
    """
    if actor.id != user.id:
        raise TokenError("People create their own API tokens.")
    if not user.is_active:
        raise TokenError("Inactive accounts cannot have API tokens.")
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        raise TokenError("Give the token a name of up to 100 characters.")
    wanted = set(scopes)
    if not wanted or not wanted <= set(SCOPES):
        raise TokenError("Choose the scopes read, or read and write.")
    if "write" in wanted:
        wanted.add("read")  # writing without reading back what was written is not useful
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise TokenError(f"Choose a lifetime between 1 and {MAX_LIFETIME_DAYS} days.")
    now = utcnow()
    if len(active_tokens(user, now=now)) >= MAX_ACTIVE_TOKENS:
        raise TokenError(f"You already have {MAX_ACTIVE_TOKENS} active tokens; revoke one first.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 256 bits of entropy
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(raw),
                     display_prefix=raw[:12], scopes=" ".join(s for s in SCOPES if s in wanted),
                     created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    record(actor, "api_token.created",
           f"Created API token “{name}” ({token.scopes}, expires {token.expires_at:%Y-%m-%d})",
           obj=token, vendor_id=user.vendor_id,
           details={"token": token.display_prefix, "scopes": token.scopes,
                    "expires_at": token.expires_at.isoformat()})
    return token, raw


def user_tokens(user: User) -> list[ApiToken]:
    """List a user's tokens, newest first, revoked ones included."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    ))


def active_tokens(user: User, *, now: datetime | None = None) -> list[ApiToken]:
    """List the user's tokens that still work."""
    now = now or utcnow()
    return [t for t in user_tokens(user) if t.is_usable(now)]


def revoke_token(token: ApiToken, *, actor: User) -> None:
    """Revoke a token at once. Raises: TokenError when the actor does not own it."""
    if token.user_id != actor.id:
        raise TokenError("You can only revoke your own tokens.")
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    token.revoked_by_id = actor.id
    db.session.flush()
    record(actor, "api_token.revoked", f"Revoked API token “{token.name}”", obj=token,
           vendor_id=token.user.vendor_id, details={"token": token.display_prefix})


def authenticate(raw_token: str, *, now: datetime | None = None) -> ApiToken:
    """Return the usable token for a presented secret. Raises: InvalidToken."""
    now = now or utcnow()
    if not raw_token.startswith(TOKEN_PREFIX) or len(raw_token) > 200:
        raise InvalidToken("The token is malformed.")
    token = db.session.scalar(
        sa.select(ApiToken).options(sa.orm.joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(raw_token))
    )
    if token is None:
        raise InvalidToken("The token is not valid.")
    if token.revoked_at is not None:
        raise InvalidToken("The token has been revoked.")
    if token.expires_at <= now:
        raise InvalidToken("The token has expired.")
    user = token.user
    if not user.is_active:
        raise InvalidToken("The token's account is deactivated.")
    if user.vendor is not None and user.vendor.status is VendorStatus.OFFBOARDED:
        raise InvalidToken("The token's organisation has been offboarded.")
    return token


def record_use(token: ApiToken, *, ip: str | None, now: datetime | None = None) -> bool:
    """Note when and from where a token was last used; return whether anything changed."""
    now = now or utcnow()
    recent = token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION
    if recent and token.last_used_ip == ip:
        return False
    token.last_used_at = now
    token.last_used_ip = (ip or "")[:45] or None
    db.session.flush()
    return True

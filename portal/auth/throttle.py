"""Sign-in throttling keyed by account and address together (issue 13).

Failures count against the pair (account, client address): five wrong passwords from one client
lock that client out of that account only. Two wider limits stop spraying and distributed
guessing without locking real users out: an address that failed against many accounts, and an
account that failed from many addresses, are refused for everyone except the addresses that
signed in to that account successfully in the last LOGIN_KNOWN_ADDRESS_DAYS (their owners).
Attempts live in the database so every process shares the counts. Invalid API tokens are
counted apart (portal/api/auth.py) and never count towards sign-in limits.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.auth.models import LoginAttempt
from portal.extensions import db
from portal.settings import SignInLimits

# The account column of an invalid API token's row; sign-in limits leave these rows out.
API_TOKEN_MARK = "(api token)"


@dataclass(frozen=True)
class Refusal:
    """Why and for how long (whole minutes) a sign-in step is refused."""

    scope: str  # "pair", "account" or "address"
    minutes: int


def minutes_until(moment: datetime, now: datetime) -> int:
    """Return the whole minutes (at least one) from now until a moment."""
    return max(1, math.ceil((moment - now).total_seconds() / 60))


def _same_address(ip: str | None):
    return LoginAttempt.ip_address.is_(None) if ip is None else LoginAttempt.ip_address == ip


def _last_success(email: str, ip: str | None = None, *, by_address: bool = False):
    query = sa.select(sa.func.max(LoginAttempt.created_at)).where(
        LoginAttempt.email == email, LoginAttempt.is_success.is_(True))
    if by_address:
        query = query.where(_same_address(ip))
    return db.session.scalar(query)


def pair_failures(email: str, ip: str | None, since: datetime) -> list[datetime]:
    """Failure times of one account from one address since its last success there."""
    query = sa.select(LoginAttempt.created_at).where(
        LoginAttempt.email == email, _same_address(ip), LoginAttempt.is_success.is_(False),
        LoginAttempt.created_at > since)
    last = _last_success(email, ip, by_address=True)
    if last is not None:
        query = query.where(LoginAttempt.created_at > last)
    return list(db.session.scalars(query.order_by(LoginAttempt.created_at)))


def account_failures(email: str, since: datetime) -> int:
    """Count an account's failures from every address since its last success."""
    query = sa.select(sa.func.count(LoginAttempt.id)).where(
        LoginAttempt.email == email, LoginAttempt.is_success.is_(False),
        LoginAttempt.created_at > since)
    last = _last_success(email)
    if last is not None:
        query = query.where(LoginAttempt.created_at > last)
    return db.session.scalar(query) or 0


def address_failures(ip: str | None, since: datetime) -> int:
    """Count sign-in failures from one address against any account (API tokens left out)."""
    if ip is None:
        return 0  # the command line and tests without an address
    return db.session.scalar(sa.select(sa.func.count(LoginAttempt.id)).where(
        LoginAttempt.ip_address == ip, LoginAttempt.is_success.is_(False),
        LoginAttempt.email != API_TOKEN_MARK, LoginAttempt.created_at > since)) or 0


def is_known_address(email: str, ip: str | None, limits: SignInLimits, now: datetime) -> bool:
    """Tell whether this address completed a sign-in to this account recently."""
    if ip is None:
        return False
    last = _last_success(email, ip, by_address=True)
    return last is not None and last > now - timedelta(days=limits.known_days)


def refusal(email: str, *, ip: str | None, limits: SignInLimits, now: datetime) -> Refusal | None:
    """Decide whether a sign-in step for this account from this address must wait."""
    failures = pair_failures(email, ip, now - limits.window)
    if len(failures) >= limits.per_pair:
        return Refusal("pair", minutes_until(failures[0] + limits.window, now))
    if is_known_address(email, ip, limits, now):
        return None  # the owner's usual address: only the pair limit applies
    if account_failures(email, now - limits.window) >= limits.per_account:
        return Refusal("account", minutes_until(now + limits.window, now))
    if address_failures(ip, now - limits.window) >= limits.per_address:
        return Refusal("address", minutes_until(now + limits.window, now))
    return None


def count_failure(email: str, *, ip: str | None, limits: SignInLimits,
                  now: datetime) -> tuple[bool, bool]:
    """Store a failure; return (this pair is now locked, the whole account is now locked)."""
    pair = len(pair_failures(email, ip, now - limits.window)) + 1
    account = account_failures(email, now - limits.window) + 1
    db.session.add(LoginAttempt(email=email, ip_address=ip, is_success=False, created_at=now))
    return pair == limits.per_pair, account == limits.per_account

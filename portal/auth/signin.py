"""Sign-in: throttling, credential checks, starting and ending sessions, pruning attempts."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.audit.services import record
from portal.auth import throttle
from portal.auth.models import LoginAttempt, User
from portal.auth.passwords import check_password
from portal.auth.services import (
    find_user_by_email,
    normalize_email,
    rotate_session_token,
    vendor_audit_id,
    vendor_offboarded,
)
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings

BAD_CREDENTIALS = "E-mail or password is incorrect."


class LoginRefused(DomainError):
    """Sign-in refused; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _throttled(message_minutes: int) -> LoginRefused:
    unit = "minute" if message_minutes == 1 else "minutes"
    return LoginRefused(f"Too many failed sign-in attempts; try again in {message_minutes} {unit}.",
                        429)


def check_throttle(email: str, user: User | None, *, ip: str | None,
                   settings: Settings, now: datetime) -> None:
    """Refuse (and audit) a sign-in step while this account is throttled for this address.

    Raises: LoginRefused (429).
    """
    limits = settings.sign_in
    refused = throttle.refusal(email, ip=ip, limits=limits, now=now)
    if refused is not None:
        record(None, "auth.login_failed", f"Sign-in refused for {email}: throttled",
               details={"email": email, "reason": "throttled", "scope": refused.scope})
        raise _throttled(refused.minutes)


def register_failure(email: str, user: User | None, *, ip: str | None,
                     settings: Settings, now: datetime, reason: str) -> None:
    """Count a failed sign-in step towards the lockouts and audit it."""
    limits = settings.sign_in
    pair_locked, account_locked = throttle.count_failure(email, ip=ip, limits=limits, now=now)
    record(None, "auth.login_failed", f"Failed sign-in for {email}",
           details={"email": email, "reason": reason})
    if user is not None:
        user.failed_login_count += 1
        if pair_locked or account_locked:
            # Shown to administrators ("Lift lockout"); the refusals themselves are counted
            # from the attempts, per address (portal/auth/throttle.py).
            user.locked_until = now + limits.lockout
        if pair_locked:
            record(None, "auth.locked", f"Locked {user.email} out for one address after "
                   "repeated failures", obj=user, vendor_id=vendor_audit_id(user),
                   details={"scope": "pair", "address": ip})
        if account_locked:
            record(None, "auth.locked", f"Locked {user.email} for unknown addresses after "
                   "repeated failures from several", obj=user,
                   vendor_id=vendor_audit_id(user), details={"scope": "account"})
    db.session.flush()


def check_credentials(email: str, password: str, *, ip: str | None,
                      settings: Settings) -> User:
    """Check e-mail and password with throttling, without finishing the sign-in.

    Issue 7: a password alone does not reset the failure count, so that the second step's
    failures accumulate towards the same lockout. Raises: LoginRefused.
    """
    email = normalize_email(email)[:255]
    now = utcnow()
    user = find_user_by_email(email)
    check_throttle(email, user, ip=ip, settings=settings, now=now)
    # Unknown e-mails are checked against a dummy hash: the answer takes as long either way.
    if not check_password(user.password_hash if user is not None else None, password):
        register_failure(email, user, ip=ip, settings=settings, now=now, reason="bad_credentials")
        raise LoginRefused(BAD_CREDENTIALS, 401)
    if not user.is_active or vendor_offboarded(user):
        reason = "inactive" if not user.is_active else "vendor_offboarded"
        record(None, "auth.login_failed", f"Sign-in refused for {email}: {reason}",
               details={"email": email, "reason": reason})
        if not user.is_active:
            raise LoginRefused("This account has been deactivated. Ask your administrator "
                               "or your contact at our organisation to restore it.", 403)
        raise LoginRefused("Your organisation no longer has access to the portal.", 403)
    return user


def complete_login(user: User, *, ip: str | None, method: str = "password") -> None:
    """Record a successful sign-in, reset the failure count and start a new session version."""
    now = utcnow()
    db.session.add(LoginAttempt(email=normalize_email(user.email), ip_address=ip,
                                is_success=True, created_at=now))
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    rotate_session_token(user)
    details = {"method": method} if method != "password" else None
    record(user, "auth.login", f"{user.email} signed in", obj=user,
           vendor_id=vendor_audit_id(user), details=details)


def authenticate(email: str, password: str, *, ip: str | None,
                 settings: Settings) -> User:
    """Check credentials with throttling and start a session version. Raises: LoginRefused."""
    user = check_credentials(email, password, ip=ip, settings=settings)
    complete_login(user, ip=ip)
    return user


def end_session(user: User) -> None:
    """Sign a user out everywhere by rotating their session token, and audit it."""
    rotate_session_token(user)
    record(user, "auth.logout", f"{user.email} signed out", obj=user,
           vendor_id=vendor_audit_id(user))


def prune_login_attempts(*, older_than_days: int = 30) -> int:
    """Delete sign-in attempts older than the given age; return how many went."""
    result = db.session.execute(sa.delete(LoginAttempt).where(
        LoginAttempt.created_at < utcnow() - timedelta(days=older_than_days)))
    return result.rowcount or 0

"""Forgotten passwords: e-mail a reset link (in constant time) and set the new password."""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from portal.audit.services import record
from portal.auth import team
from portal.auth.models import TokenPurpose, User, UserToken
from portal.auth.passwords import hash_password
from portal.auth.services import (
    check_policy,
    check_token,
    clear_lockout,
    consume_token,
    find_user_by_email,
    issue_token,
    rotate_session_token,
    token_url,
    vendor_audit_id,
    vendor_offboarded,
)
from portal.extensions import db, utcnow
from portal.mail.services import queue_email
from portal.settings import Settings

RESET_TTL_HOURS = 1
MAX_RESETS_PER_HOUR = 3


def pad_response(started: float, settings: Settings, *,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None) -> float:
    """Wait until the request has taken FORGOT_PASSWORD_MIN_SECONDS; return how long it waited.

    Issue 13: an unknown address answers without writing a token or an e-mail, so without
    padding the answer's speed tells whether an account exists.
    """
    remaining = settings.accounts.forgot_password_min_seconds - \
        ((clock or time.monotonic)() - started)
    if remaining > 0:
        (sleep or time.sleep)(remaining)
        return remaining
    return 0.0


def request_password_reset(email: str, *, settings: Settings) -> None:
    """E-mail a reset link if an active account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active or vendor_offboarded(user):
        return
    recent = db.session.scalar(sa.select(sa.func.count(UserToken.id)).where(
        UserToken.user_id == user.id, UserToken.purpose == TokenPurpose.PASSWORD_RESET,
        UserToken.created_at > utcnow() - timedelta(hours=1)))
    if recent >= MAX_RESETS_PER_HOUR:  # do not let anyone flood a mailbox
        return
    raw = issue_token(user, TokenPurpose.PASSWORD_RESET, created_by=None,
                      ttl_hours=RESET_TTL_HOURS)
    body = (f"Hello {team.plain_name(user.name)},\n\nSomeone (hopefully you) asked to reset "
            "the password of your Vendor Assurance Portal account.\n\n"
            "Choose a new password here:\n"
            f"{token_url(settings, TokenPurpose.PASSWORD_RESET, raw)}\n\n"
            f"The link works once and expires in {RESET_TTL_HOURS} hour. If you did not ask "
            "for it, ignore this message: your password stays as it is.\n")
    queue_email(settings.smtp, to=user.email, kind="password_reset",
                subject="Reset your Vendor Assurance Portal password", body=body,
                vendor_id=vendor_audit_id(user))
    record(None, "user.password_reset_requested", f"Password reset link sent to {user.email}",
           obj=user, vendor_id=vendor_audit_id(user))


def reset_password(raw_token: str, password: str) -> User:
    """Set a new password from a reset link. Raises: InvalidToken, ValueError (policy)."""
    token = check_token(raw_token, TokenPurpose.PASSWORD_RESET)
    user = token.user
    check_policy(user, password)
    consume_token(token)
    user.password_hash = hash_password(password)
    rotate_session_token(user)
    clear_lockout(user)
    record(user, "user.password_reset", f"{user.email} reset their password", obj=user,
           vendor_id=vendor_audit_id(user))
    return user

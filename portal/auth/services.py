"""Accounts: sign-in with throttling, one-time tokens, invitations, activation and passwords."""
from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from portal.audit.services import record
from portal.auth import team, throttle
from portal.auth.models import LoginAttempt, Role, TokenPurpose, User, UserToken
from portal.auth.passwords import check_password, hash_password, password_problems
from portal.extensions import db, utcnow
from portal.mail.links import absolute_url
from portal.mail.services import SmtpSettings, queue_email

if TYPE_CHECKING:
    from portal.vendors.models import Vendor

BAD_CREDENTIALS = "E-mail or password is incorrect."
NEUTRAL_REFUSAL = ("This address cannot be invited from here. If the person works for your "
                   "organisation, contact us.")
RESET_TTL_HOURS = 1
MAX_RESETS_PER_HOUR = 3
TOKEN_PATHS = {TokenPurpose.INVITATION: "invite", TokenPurpose.PASSWORD_RESET: "reset"}


class DuplicateUser(Exception):
    """An account with this e-mail address already exists."""


class InvalidToken(Exception):
    """A link token is unknown, expired, already used or belongs to an unusable account."""

    def __init__(self, message: str, reason: str = "unknown") -> None:
        super().__init__(message)
        self.reason = reason


class NotAllowed(PermissionError):
    """The acting user may not do this to that account."""


class WeakPassword(ValueError):
    """A new password breaks the policy; `problems` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class WrongPassword(Exception):
    """The current password given to confirm a change is wrong."""


class LoginRefused(Exception):
    """Sign-in refused; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def normalize_email(email: str) -> str:
    """Return the canonical (trimmed, lower-case) form of an e-mail address."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Find an account by e-mail address, ignoring case."""
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.email) == normalize_email(email))
    )


def rotate_session_token(user: User) -> None:
    """Give the user a new session token, which ends every existing session."""
    user.session_token = secrets.token_hex(16)


def _hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _vendor_audit_id(user: User) -> int | None:
    return user.vendor_id if user.role is Role.VENDOR else None


def _vendor_offboarded(user: User) -> bool:
    return user.vendor is not None and user.vendor.is_offboarded


def _check_policy(user: User, password: str) -> None:
    problems = password_problems(password, email=user.email, name=user.name)
    if problems:
        raise WeakPassword(problems)


# ---- one-time tokens -----------------------------------------------------------------------

def issue_token(user: User, purpose: TokenPurpose, *, created_by: User | None,
                ttl_hours: int) -> str:
    """Create a single-use link token, invalidating earlier unused ones; return the raw token."""
    now = utcnow()
    _expire_tokens(user, purpose, now)
    raw = secrets.token_urlsafe(32)
    db.session.add(UserToken(
        user_id=user.id, purpose=purpose, token_hash=_hash_token(raw),
        created_by_id=created_by.id if created_by is not None else None,
        created_at=now, expires_at=now + timedelta(hours=ttl_hours),
    ))
    db.session.flush()
    return raw


def _expire_tokens(user: User, purpose: TokenPurpose | None, now: datetime) -> None:
    query = (sa.update(UserToken)
             .where(UserToken.user_id == user.id, UserToken.used_at.is_(None),
                    UserToken.expires_at > now)
             .values(expires_at=now))
    if purpose is not None:
        query = query.where(UserToken.purpose == purpose)
    db.session.execute(query)


def live_invitation(user: User) -> UserToken | None:
    """Return the user's unused, unexpired invitation token, if one was sent."""
    return db.session.scalar(
        sa.select(UserToken).where(UserToken.user_id == user.id,
                                   UserToken.purpose == TokenPurpose.INVITATION,
                                   UserToken.used_at.is_(None), UserToken.expires_at > utcnow())
        .order_by(UserToken.id.desc()).limit(1))


def token_url(config: Mapping[str, Any], purpose: TokenPurpose, raw_token: str) -> str:
    """Return the absolute link for a token, built on PORTAL_BASE_URL."""
    return absolute_url(config, f"{TOKEN_PATHS[purpose]}/{raw_token}")


def check_token(raw_token: str, purpose: TokenPurpose) -> UserToken:
    """Return the valid, unused token for a raw link token. Raises: InvalidToken."""
    token = db.session.scalar(sa.select(UserToken).where(
        UserToken.token_hash == _hash_token(raw_token), UserToken.purpose == purpose))
    if token is None:
        raise InvalidToken("This link is not valid. Check that you copied the whole link.",
                           "unknown")
    if token.used_at is not None:
        raise InvalidToken("This link has already been used.", "used")
    if token.expires_at <= utcnow():
        raise InvalidToken("This link has expired or was replaced by a newer one.", "expired")
    if not token.user.is_active or _vendor_offboarded(token.user):
        raise InvalidToken("This account has been deactivated.", "inactive")
    return token


# ---- invitations and accounts --------------------------------------------------------------

def send_invitation(user: User, *, invited_by: User | None, config: Mapping[str, Any],
                    context: str | None = None) -> str:
    """Issue an invitation token, queue the invitation e-mail and audit it; return the token."""
    ttl = int(config.get("INVITATION_TTL_HOURS") or 72)
    raw = issue_token(user, TokenPurpose.INVITATION, created_by=invited_by, ttl_hours=ttl)
    # Issue 13: names are plain text in e-mails; link-like parts are broken up.
    inviter_name = team.plain_name(invited_by.name) if invited_by else None
    inviter = f"{inviter_name} ({invited_by.email})" if invited_by else "An administrator"
    where = f" on behalf of {user.vendor.legal_name}" if user.vendor is not None else ""
    body = (f"Hello {team.plain_name(user.name)},\n\n{inviter} invited you to the Vendor "
            f"Assurance Portal{where}.\n\n")
    if context:
        body += context.strip() + "\n\n"
    link = token_url(config, TokenPurpose.INVITATION, raw)
    body += (f"To accept, choose your password here:\n{link}\n\n"
             f"The link works once and expires in {ttl} hours. If it has expired, ask "
             f"{inviter_name or 'your contact'} for a new invitation.\n"
             "If you did not expect this message, you can ignore it.\n")
    queue_email(SmtpSettings.from_config(config), to=user.email, kind="invitation",
                subject="Your invitation to the Vendor Assurance Portal", body=body,
                vendor_id=_vendor_audit_id(user))
    record(invited_by, "user.invited", f"Invited {user.email}", obj=user,
           vendor_id=_vendor_audit_id(user), details={"role": user.role.value})
    return raw


def _ensure_new_email(email: str) -> str:
    email = normalize_email(email)
    if not email or "@" not in email:
        raise ValueError("Enter a valid e-mail address.")
    if find_user_by_email(email) is not None:
        raise DuplicateUser(f"An account for {email} already exists.")
    return email


def _refuse_existing_neutrally(vendor: Vendor, email: str) -> None:
    # Issue 13: a vendor contact learns nothing about accounts outside their organisation.
    existing = find_user_by_email(email)
    if existing is not None:
        if existing.vendor_id == vendor.id:
            raise DuplicateUser(f"{existing.email} is already in your team.")
        raise DuplicateUser(NEUTRAL_REFUSAL)


def _consume(token: UserToken) -> None:
    """Mark a link token used, or refuse when a parallel request used it first.

    A conditional UPDATE with its row count: of two requests racing with one link, exactly one
    changes the row (the other waits for its lock, then matches nothing). Raises: InvalidToken.
    """
    now = utcnow()
    result = db.session.execute(
        sa.update(UserToken).where(UserToken.id == token.id, UserToken.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise InvalidToken("This link has already been used.", "used")
    set_committed_value(token, "used_at", now)


def invite_vendor_contact(vendor: Vendor, *, email: str, name: str, job_title: str | None,
                          invited_by: User, config: Mapping[str, Any]) -> User:
    """Create a vendor contact without a password and invite them. Raises: DuplicateUser."""
    if invited_by.role is Role.VENDOR and invited_by.vendor_id != vendor.id:
        raise NotAllowed("You can only invite colleagues into your own organisation.")
    if vendor.is_offboarded:
        raise ValueError(f"{vendor.legal_name} is offboarded; its contacts cannot sign in.")
    name = team.check_plain_name(name)
    if invited_by.role is Role.VENDOR:
        _refuse_existing_neutrally(vendor, email)
        team.check_vendor_invitation(invited_by, vendor, normalize_email(email), config)
    user = User(email=_ensure_new_email(email), name=name,
                job_title=(job_title or "").strip() or None, role=Role.VENDOR,
                vendor_id=vendor.id, is_active=True, session_token=secrets.token_hex(16))
    user.vendor = vendor
    db.session.add(user)
    db.session.flush()
    record(invited_by, "user.created", f"Added vendor contact {user.email} to {vendor.legal_name}",
           obj=user, vendor_id=vendor.id, details={"role": user.role.value})
    send_invitation(user, invited_by=invited_by, config=config)
    return user


def create_staff_user(*, email: str, name: str, role: Role, created_by: User | None,
                      config: Mapping[str, Any], password: str | None = None) -> User:
    """Create a staff account with a password or an invitation. Raises: DuplicateUser."""
    if not role.is_staff:
        raise ValueError("Staff accounts need a staff role; vendor contacts are invited.")
    user = User(email=_ensure_new_email(email), name=team.check_plain_name(name), role=role,
                is_active=True,
                session_token=secrets.token_hex(16))
    if password is not None:
        _check_policy(user, password)
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record(created_by, "user.created", f"Created {role.label.lower()} account {user.email}",
           obj=user, details={"role": role.value, "invited": password is None})
    if password is None:
        send_invitation(user, invited_by=created_by, config=config)
    return user


def accept_invitation(raw_token: str, password: str) -> User:
    """Set the invited user's first password. Raises: InvalidToken, ValueError (policy)."""
    token = check_token(raw_token, TokenPurpose.INVITATION)
    user = token.user
    if user.has_password:
        raise InvalidToken("This account already has a password; sign in instead.", "has_password")
    _check_policy(user, password)
    _consume(token)
    user.password_hash = hash_password(password)
    rotate_session_token(user)
    record(user, "user.invitation_accepted", f"{user.email} accepted the invitation", obj=user,
           vendor_id=_vendor_audit_id(user))
    return user


def _check_manages(actor: User | None, user: User) -> None:
    if actor is None or actor.role is Role.ADMIN:
        return
    if actor.role is Role.VENDOR and user.role is Role.VENDOR and actor.vendor_id == user.vendor_id:
        return
    if actor.is_staff and user.role is Role.VENDOR:
        return
    raise NotAllowed("You cannot change this account.")


def deactivate_user(user: User, *, actor: User | None) -> None:
    """Block an account from signing in and end its sessions. Raises: ValueError, NotAllowed."""
    if actor is not None and actor.id == user.id:
        raise ValueError("You cannot deactivate your own account.")
    _check_manages(actor, user)
    if not user.is_active:
        return
    user.is_active = False
    user.is_deactivated_by_staff = actor is None or actor.is_staff
    rotate_session_token(user)
    _expire_tokens(user, None, utcnow())
    record(actor, "user.deactivated", f"Deactivated {user.email}", obj=user,
           vendor_id=_vendor_audit_id(user))


def reactivate_user(user: User, *, actor: User | None) -> None:
    """Let a deactivated account sign in again. Raises: NotAllowed, team.TeamRuleBroken."""
    _check_manages(actor, user)
    if user.is_active:
        return
    team.check_reactivation(actor, user)
    user.is_active = True
    user.is_deactivated_by_staff = False
    user.locked_until = None
    user.failed_login_count = 0
    record(actor, "user.reactivated", f"Reactivated {user.email}", obj=user,
           vendor_id=_vendor_audit_id(user))


def unlock_user(user: User, *, actor: User | None) -> None:
    """Lift a sign-in lockout before it runs out."""
    _check_manages(actor, user)
    _clear_lockout(user)
    record(actor, "user.unlocked", f"Lifted the sign-in lockout of {user.email}", obj=user,
           vendor_id=_vendor_audit_id(user))


def _clear_lockout(user: User) -> None:
    user.locked_until = None
    user.failed_login_count = 0
    db.session.execute(sa.delete(LoginAttempt).where(
        LoginAttempt.email == normalize_email(user.email), LoginAttempt.is_success.is_(False)))


def set_password(user: User, password: str, *, actor: User | None) -> None:
    """Set a new password and end the user's other sessions. Raises: ValueError (policy)."""
    _check_policy(user, password)
    user.password_hash = hash_password(password)
    rotate_session_token(user)
    _expire_tokens(user, TokenPurpose.PASSWORD_RESET, utcnow())
    who = "their own" if actor is not None and actor.id == user.id else "the"
    record(actor, "user.password_changed", f"Changed {who} password of {user.email}", obj=user,
           vendor_id=_vendor_audit_id(user))


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change one's own password after checking the current one. Raises: WrongPassword."""
    if not check_password(user.password_hash, current_password):
        raise WrongPassword("The current password is not correct.")
    set_password(user, new_password, actor=user)


def update_profile(user: User, *, name: str, job_title: str | None, actor: User) -> None:
    """Change the display name and job title of an account. Raises: team.TeamRuleBroken."""
    user.name = team.check_plain_name(name)
    user.job_title = (job_title or "").strip() or None
    record(actor, "user.updated", f"Updated the profile of {user.email}", obj=user,
           vendor_id=_vendor_audit_id(user))


def pad_response(started: float, config: Mapping[str, Any], *,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None) -> float:
    """Wait until the request has taken FORGOT_PASSWORD_MIN_SECONDS; return how long it waited.

    Issue 13: an unknown address answers without writing a token or an e-mail, so without
    padding the answer's speed tells whether an account exists.
    """
    remaining = float(config.get("FORGOT_PASSWORD_MIN_SECONDS") or 0) - \
        ((clock or time.monotonic)() - started)
    if remaining > 0:
        (sleep or time.sleep)(remaining)
        return remaining
    return 0.0


def request_password_reset(email: str, *, config: Mapping[str, Any]) -> None:
    """E-mail a reset link if an active account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active or _vendor_offboarded(user):
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
            f"{token_url(config, TokenPurpose.PASSWORD_RESET, raw)}\n\n"
            f"The link works once and expires in {RESET_TTL_HOURS} hour. If you did not ask "
            "for it, ignore this message: your password stays as it is.\n")
    queue_email(SmtpSettings.from_config(config), to=user.email, kind="password_reset",
                subject="Reset your Vendor Assurance Portal password", body=body,
                vendor_id=_vendor_audit_id(user))
    record(None, "user.password_reset_requested", f"Password reset link sent to {user.email}",
           obj=user, vendor_id=_vendor_audit_id(user))


def reset_password(raw_token: str, password: str) -> User:
    """Set a new password from a reset link. Raises: InvalidToken, ValueError (policy)."""
    token = check_token(raw_token, TokenPurpose.PASSWORD_RESET)
    user = token.user
    _check_policy(user, password)
    _consume(token)
    user.password_hash = hash_password(password)
    rotate_session_token(user)
    _clear_lockout(user)
    record(user, "user.password_reset", f"{user.email} reset their password", obj=user,
           vendor_id=_vendor_audit_id(user))
    return user


# ---- sign-in -------------------------------------------------------------------------------

def _throttled(message_minutes: int) -> LoginRefused:
    unit = "minute" if message_minutes == 1 else "minutes"
    return LoginRefused(f"Too many failed sign-in attempts; try again in {message_minutes} {unit}.",
                        429)


def check_throttle(email: str, user: User | None, *, ip: str | None,
                   config: Mapping[str, Any], now: datetime) -> None:
    """Refuse (and audit) a sign-in step while this account is throttled for this address.

    Raises: LoginRefused (429).
    """
    limits = throttle.Limits.from_config(config)
    refused = throttle.refusal(email, ip=ip, limits=limits, now=now)
    if refused is not None:
        record(None, "auth.login_failed", f"Sign-in refused for {email}: throttled",
               details={"email": email, "reason": "throttled", "scope": refused.scope})
        raise _throttled(refused.minutes)


def register_failure(email: str, user: User | None, *, ip: str | None,
                     config: Mapping[str, Any], now: datetime, reason: str) -> None:
    """Count a failed sign-in step towards the lockouts and audit it."""
    limits = throttle.Limits.from_config(config)
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
                   "repeated failures", obj=user, vendor_id=_vendor_audit_id(user),
                   details={"scope": "pair", "address": ip})
        if account_locked:
            record(None, "auth.locked", f"Locked {user.email} for unknown addresses after "
                   "repeated failures from several", obj=user,
                   vendor_id=_vendor_audit_id(user), details={"scope": "account"})
    db.session.flush()


def check_credentials(email: str, password: str, *, ip: str | None,
                      config: Mapping[str, Any]) -> User:
    """Check e-mail and password with throttling, without finishing the sign-in.

    Issue 7: a password alone does not reset the failure count, so that the second step's
    failures accumulate towards the same lockout. Raises: LoginRefused.
    """
    email = normalize_email(email)[:255]
    now = utcnow()
    user = find_user_by_email(email)
    check_throttle(email, user, ip=ip, config=config, now=now)
    # Unknown e-mails are checked against a dummy hash: the answer takes as long either way.
    if not check_password(user.password_hash if user is not None else None, password):
        register_failure(email, user, ip=ip, config=config, now=now, reason="bad_credentials")
        raise LoginRefused(BAD_CREDENTIALS, 401)
    if not user.is_active or _vendor_offboarded(user):
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
           vendor_id=_vendor_audit_id(user), details=details)


def authenticate(email: str, password: str, *, ip: str | None,
                 config: Mapping[str, Any]) -> User:
    """Check credentials with throttling and start a session version. Raises: LoginRefused."""
    user = check_credentials(email, password, ip=ip, config=config)
    complete_login(user, ip=ip)
    return user


def end_session(user: User) -> None:
    """Sign a user out everywhere by rotating their session token, and audit it."""
    rotate_session_token(user)
    record(user, "auth.logout", f"{user.email} signed out", obj=user,
           vendor_id=_vendor_audit_id(user))


def prune_login_attempts(*, older_than_days: int = 30) -> int:
    """Delete sign-in attempts older than the given age; return how many went."""
    result = db.session.execute(sa.delete(LoginAttempt).where(
        LoginAttempt.created_at < utcnow() - timedelta(days=older_than_days)))
    return result.rowcount or 0

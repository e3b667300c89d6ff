"""Accounts: sign-in with throttling, one-time tokens, invitations, activation and passwords."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from portal.audit.services import record
from portal.auth import team
from portal.auth.models import LoginAttempt, Role, TokenPurpose, User, UserToken
from portal.auth.passwords import check_password, hash_password, password_problems
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.mail.links import absolute_url
from portal.mail.services import queue_email
from portal.settings import Settings

if TYPE_CHECKING:
    from portal.vendors.models import Vendor

NEUTRAL_REFUSAL = ("This address cannot be invited from here. If the person works for your "
                   "organisation, contact us.")
TOKEN_PATHS = {TokenPurpose.INVITATION: "invite", TokenPurpose.PASSWORD_RESET: "reset"}


class DuplicateUser(DomainError):
    """An account with this e-mail address already exists."""


class InvalidToken(DomainError):
    """A link token is unknown, expired, already used or belongs to an unusable account."""

    def __init__(self, message: str, reason: str = "unknown") -> None:
        super().__init__(message)
        self.reason = reason


class NotAllowed(DomainError, PermissionError):
    """The acting user may not do this to that account."""


class AccountRefused(DomainError, ValueError):
    """An account cannot be created or changed like this; the message says why.

    A ValueError too, for the callers that catch the account rules' ValueErrors together.
    """


class WeakPassword(DomainError, ValueError):
    """A new password breaks the policy; `problems` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class WrongPassword(DomainError):
    """The current password given to confirm a change is wrong."""


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


def vendor_audit_id(user: User) -> int | None:
    """Return the vendor id an audit event about this user is filed under (contacts only)."""
    return user.vendor_id if user.role is Role.VENDOR else None


def vendor_offboarded(user: User) -> bool:
    """Tell whether the user is a contact of an offboarded vendor (who cannot sign in)."""
    return user.vendor is not None and user.vendor.is_offboarded


def check_policy(user: User, password: str) -> None:
    """Refuse a password the policy rejects for this user. Raises: WeakPassword."""
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


def token_url(settings: Settings, purpose: TokenPurpose, raw_token: str) -> str:
    """Return the absolute link for a token, built on PORTAL_BASE_URL."""
    return absolute_url(settings, f"{TOKEN_PATHS[purpose]}/{raw_token}")


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
    if not token.user.is_active or vendor_offboarded(token.user):
        raise InvalidToken("This account has been deactivated.", "inactive")
    return token


# ---- invitations and accounts --------------------------------------------------------------

def send_invitation(user: User, *, invited_by: User | None, settings: Settings,
                    context: str | None = None) -> str:
    """Issue an invitation token, queue the invitation e-mail and audit it; return the token."""
    ttl = settings.accounts.invitation_ttl_hours
    raw = issue_token(user, TokenPurpose.INVITATION, created_by=invited_by, ttl_hours=ttl)
    # Issue 13: names are plain text in e-mails; link-like parts are broken up.
    inviter_name = team.plain_name(invited_by.name) if invited_by else None
    inviter = f"{inviter_name} ({invited_by.email})" if invited_by else "An administrator"
    where = f" on behalf of {user.vendor.legal_name}" if user.vendor is not None else ""
    body = (f"Hello {team.plain_name(user.name)},\n\n{inviter} invited you to the Vendor "
            f"Assurance Portal{where}.\n\n")
    if context:
        body += context.strip() + "\n\n"
    link = token_url(settings, TokenPurpose.INVITATION, raw)
    body += (f"To accept, choose your password here:\n{link}\n\n"
             f"The link works once and expires in {ttl} hours. If it has expired, ask "
             f"{inviter_name or 'your contact'} for a new invitation.\n"
             "If you did not expect this message, you can ignore it.\n")
    queue_email(settings.smtp, to=user.email, kind="invitation",
                subject="Your invitation to the Vendor Assurance Portal", body=body,
                vendor_id=vendor_audit_id(user))
    record(invited_by, "user.invited", f"Invited {user.email}", obj=user,
           vendor_id=vendor_audit_id(user), details={"role": user.role.value})
    return raw


def _ensure_new_email(email: str) -> str:
    email = normalize_email(email)
    if not email or "@" not in email:
        raise AccountRefused("Enter a valid e-mail address.")
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


def consume_token(token: UserToken) -> None:
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
                          invited_by: User, settings: Settings) -> User:
    """Create a vendor contact without a password and invite them. Raises: DuplicateUser."""
    if invited_by.role is Role.VENDOR and invited_by.vendor_id != vendor.id:
        raise NotAllowed("You can only invite colleagues into your own organisation.")
    if vendor.is_offboarded:
        raise AccountRefused(f"{vendor.legal_name} is offboarded; its contacts cannot sign in.")
    name = team.check_plain_name(name)
    if invited_by.role is Role.VENDOR:
        _refuse_existing_neutrally(vendor, email)
        team.check_vendor_invitation(invited_by, vendor, normalize_email(email), settings)
    user = User(email=_ensure_new_email(email), name=name,
                job_title=(job_title or "").strip() or None, role=Role.VENDOR,
                vendor_id=vendor.id, is_active=True, session_token=secrets.token_hex(16))
    user.vendor = vendor
    db.session.add(user)
    db.session.flush()
    record(invited_by, "user.created", f"Added vendor contact {user.email} to {vendor.legal_name}",
           obj=user, vendor_id=vendor.id, details={"role": user.role.value})
    send_invitation(user, invited_by=invited_by, settings=settings)
    return user


def create_staff_user(*, email: str, name: str, role: Role, created_by: User | None,
                      settings: Settings, password: str | None = None) -> User:
    """Create a staff account with a password or an invitation. Raises: DuplicateUser."""
    if not role.is_staff:
        raise AccountRefused("Staff accounts need a staff role; vendor contacts are invited.")
    user = User(email=_ensure_new_email(email), name=team.check_plain_name(name), role=role,
                is_active=True,
                session_token=secrets.token_hex(16))
    if password is not None:
        check_policy(user, password)
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record(created_by, "user.created", f"Created {role.label.lower()} account {user.email}",
           obj=user, details={"role": role.value, "invited": password is None})
    if password is None:
        send_invitation(user, invited_by=created_by, settings=settings)
    return user


def accept_invitation(raw_token: str, password: str) -> User:
    """Set the invited user's first password. Raises: InvalidToken, ValueError (policy)."""
    token = check_token(raw_token, TokenPurpose.INVITATION)
    user = token.user
    if user.has_password:
        raise InvalidToken("This account already has a password; sign in instead.", "has_password")
    check_policy(user, password)
    consume_token(token)
    user.password_hash = hash_password(password)
    rotate_session_token(user)
    record(user, "user.invitation_accepted", f"{user.email} accepted the invitation", obj=user,
           vendor_id=vendor_audit_id(user))
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
    """Block an account from signing in and end its sessions. Raises: AccountRefused, NotAllowed."""
    if actor is not None and actor.id == user.id:
        raise AccountRefused("You cannot deactivate your own account.")
    _check_manages(actor, user)
    if not user.is_active:
        return
    user.is_active = False
    user.is_deactivated_by_staff = actor is None or actor.is_staff
    rotate_session_token(user)
    _expire_tokens(user, None, utcnow())
    record(actor, "user.deactivated", f"Deactivated {user.email}", obj=user,
           vendor_id=vendor_audit_id(user))


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
           vendor_id=vendor_audit_id(user))


def unlock_user(user: User, *, actor: User | None) -> None:
    """Lift a sign-in lockout before it runs out."""
    _check_manages(actor, user)
    clear_lockout(user)
    record(actor, "user.unlocked", f"Lifted the sign-in lockout of {user.email}", obj=user,
           vendor_id=vendor_audit_id(user))


def clear_lockout(user: User) -> None:
    """Forget the user's failed sign-ins, so a new password or an unlock starts afresh."""
    user.locked_until = None
    user.failed_login_count = 0
    db.session.execute(sa.delete(LoginAttempt).where(
        LoginAttempt.email == normalize_email(user.email), LoginAttempt.is_success.is_(False)))


def set_password(user: User, password: str, *, actor: User | None) -> None:
    """Set a new password and end the user's other sessions. Raises: ValueError (policy)."""
    check_policy(user, password)
    user.password_hash = hash_password(password)
    rotate_session_token(user)
    _expire_tokens(user, TokenPurpose.PASSWORD_RESET, utcnow())
    who = "their own" if actor is not None and actor.id == user.id else "the"
    record(actor, "user.password_changed", f"Changed {who} password of {user.email}", obj=user,
           vendor_id=vendor_audit_id(user))


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
           vendor_id=vendor_audit_id(user))

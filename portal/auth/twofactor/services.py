"""Two-factor sign-in with TOTP: enrolment, the second sign-in step, recovery codes, disabling."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from portal.audit.services import record
from portal.auth import services, signin
from portal.auth.models import Role, User
from portal.auth.passwords import check_password
from portal.auth.twofactor.models import RecoveryCode, TwoFactorSecret
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings

INTERVAL = 30
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes
WRONG_CODE = "The code is not correct. Enter the current code from your authenticator app."


class InvalidCode(DomainError):
    """A one-time or recovery code is wrong, expired or already used."""


class TwoFactorError(DomainError):
    """The request cannot be honoured (already enrolled, not enrolled, required by policy)."""


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_data_uri: str


def _fernet(settings: Settings) -> Fernet:
    material = (settings.accounts.two_factor_key or settings.secret_key or "").encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"portal-two-factor",
               info=b"totp-secret").derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def _decrypt(row: TwoFactorSecret, settings: Settings) -> str:
    try:
        return _fernet(settings).decrypt(row.secret_encrypted.encode()).decode()
    except InvalidToken:
        # The key changed (SECRET_KEY rotated without TWO_FACTOR_KEY): no code can match.
        return ""


def secret_row(user: User) -> TwoFactorSecret | None:
    """Return the user's TOTP secret row, confirmed or not."""
    return db.session.scalar(sa.select(TwoFactorSecret).where(TwoFactorSecret.user_id == user.id))


def is_enabled(user: User) -> bool:
    """Tell whether the user signs in with a second factor."""
    row = secret_row(user)
    return row is not None and row.is_confirmed


def is_required(user: User, settings: Settings) -> bool:
    """Tell whether policy obliges this user to use a second factor."""
    return user.role is Role.ADMIN and settings.accounts.require_admin_2fa


def qr_data_uri(uri: str) -> str:
    """Render an otpauth:// URI as an SVG QR code in a data: URI (allowed by the CSP)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def start_enrolment(user: User, *, settings: Settings) -> Enrolment:
    """Create (or reuse) an unconfirmed secret and return what the user scans.

    Raises: TwoFactorError when two-factor sign-in is already on.
    """
    row = secret_row(user)
    if row is not None and row.is_confirmed:
        raise TwoFactorError("Two-factor sign-in is already on.")
    secret = _decrypt(row, settings) if row is not None else ""
    if not secret:
        secret = pyotp.random_base32(length=32)
        encrypted = _fernet(settings).encrypt(secret.encode()).decode()
        if row is None:
            row = TwoFactorSecret(user_id=user.id, secret_encrypted=encrypted)
            db.session.add(row)
        else:
            row.secret_encrypted = encrypted
        db.session.flush()
    uri = pyotp.TOTP(secret, interval=INTERVAL).provisioning_uri(
        name=user.email, issuer_name=settings.accounts.two_factor_issuer)
    return Enrolment(secret=secret, uri=uri, qr_data_uri=qr_data_uri(uri))


def _matching_step(secret: str, code: str, now: float, last_used: int | None) -> int | None:
    code = "".join(code.split())
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=INTERVAL)
    current = int(now // INTERVAL)
    for step in (current - 1, current, current + 1):  # allow one step of clock drift
        if hmac.compare_digest(totp.at(step * INTERVAL), code):
            return step if last_used is None or step > last_used else None
    return None


def _hash_recovery(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(raw)))
    db.session.flush()
    return codes


def confirm_enrolment(user: User, code: str, *, settings: Settings,
                      now: float | None = None) -> list[str]:
    """Turn two-factor sign-in on once the user proves the app works; return recovery codes.

    Raises: InvalidCode, TwoFactorError (nothing to confirm).
    """
    row = secret_row(user)
    if row is None or row.is_confirmed:
        raise TwoFactorError("Start the set-up again: there is no pending authenticator.")
    step = _matching_step(_decrypt(row, settings), code, now or time.time(), None)
    if step is None:
        raise InvalidCode(WRONG_CODE)
    row.confirmed_at = utcnow()
    row.last_used_step = step
    codes = _new_recovery_codes(user)
    record(user, "auth.2fa_enabled", f"{user.email} turned on two-factor sign-in", obj=user,
           vendor_id=user.vendor_id)
    return codes


def check_code(user: User, code: str, *, settings: Settings,
               now: float | None = None) -> str | None:
    """Accept a TOTP or an unused recovery code once; return "totp", "recovery" or None."""
    row = secret_row(user)
    if row is None or not row.is_confirmed or not code:
        return None
    step = _matching_step(_decrypt(row, settings), code, now or time.time(), row.last_used_step)
    if step is not None:
        row.last_used_step = step
        return "totp"
    recovery = db.session.scalar(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_recovery(code),
        RecoveryCode.used_at.is_(None)))
    if recovery is None:
        return None
    recovery.used_at = utcnow()
    left = remaining_recovery_codes(user) - 1
    record(user, "auth.2fa_recovery_used",
           f"{user.email} used a recovery code ({left} left)", obj=user, vendor_id=user.vendor_id)
    return "recovery"


def remaining_recovery_codes(user: User) -> int:
    """Count the user's unused recovery codes."""
    return db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def verify_sign_in(user: User, code: str, *, ip: str | None, settings: Settings,
                   now: float | None = None) -> str:
    """Check the second sign-in step with the same throttling as passwords; return the method.

    Raises: signin.LoginRefused (wrong code: 401, throttled: 429, account unusable: 403).
    """
    email = services.normalize_email(user.email)
    moment = utcnow()
    signin.check_throttle(email, user, ip=ip, settings=settings, now=moment)
    if not user.is_active:
        raise signin.LoginRefused("This account has been deactivated.", 403)
    method = check_code(user, code, settings=settings, now=now)
    if method is None:
        signin.register_failure(email, user, ip=ip, settings=settings, now=moment,
                                  reason="bad_second_factor")
        raise signin.LoginRefused(WRONG_CODE, 401)
    signin.complete_login(user, ip=ip, method=method)
    return method


def regenerate_recovery_codes(user: User, code: str, *, settings: Settings) -> list[str]:
    """Replace the recovery codes after a fresh code from the app. Raises: InvalidCode."""
    if check_code(user, code, settings=settings) != "totp":
        raise InvalidCode(WRONG_CODE)
    codes = _new_recovery_codes(user)
    record(user, "auth.2fa_recovery_regenerated", f"{user.email} made new recovery codes",
           obj=user, vendor_id=user.vendor_id)
    return codes


def disable(user: User, *, password: str, code: str, settings: Settings) -> None:
    """Turn two-factor sign-in off after the password and a code.

    Raises: services.WrongPassword, InvalidCode, TwoFactorError (required by policy).
    """
    if is_required(user, settings):
        raise TwoFactorError("Administrators must keep two-factor sign-in on.")
    if not check_password(user.password_hash, password):
        raise services.WrongPassword("The password is not correct.")
    if check_code(user, code, settings=settings) is None:
        raise InvalidCode(WRONG_CODE)
    _remove(user)
    record(user, "auth.2fa_disabled", f"{user.email} turned off two-factor sign-in", obj=user,
           vendor_id=user.vendor_id)


def reset(user: User, *, actor: User | None) -> None:
    """Remove a user's second factor (lost device) and end their sessions; audited."""
    _remove(user)
    services.rotate_session_token(user)
    record(actor, "auth.2fa_reset", f"Reset two-factor sign-in of {user.email}", obj=user,
           vendor_id=user.vendor_id)


def _remove(user: User) -> None:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(TwoFactorSecret).where(TwoFactorSecret.user_id == user.id))
    db.session.flush()

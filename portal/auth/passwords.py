"""Password hashing and policy (pure apart from werkzeug's hashing)."""
from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 128
# A dummy hash so that unknown e-mails take as long to check as known ones.
_DUMMY_HASH = generate_password_hash("not-a-real-password-placeholder-value")


def hash_password(password: str) -> str:
    """Hash a password with werkzeug's default (scrypt)."""
    return generate_password_hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Tell whether a password matches a stored hash, in constant-ish time."""
    if not password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(password_hash, password)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """List what is wrong with a new password (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in lowered:
        problems.append("Do not include your e-mail address.")
    if len(set(password)) < 5:
        problems.append("Use more different characters.")
    return problems

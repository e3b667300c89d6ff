"""Password hashing and policy (pure apart from werkzeug's hashing)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_DISTINCT = 5
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
POLICY_TEXT = (
    f"At least {MIN_LENGTH} characters. A few unrelated words make a good password. "
    "Avoid common passwords, your name and your e-mail address."
)
# A dummy hash so that unknown e-mails take as long to check as known ones.
_DUMMY_HASH = generate_password_hash("not-a-real-password-placeholder-value")
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
)


# werkzeug's default (scrypt). The test suite swaps in a cheap method to keep runs short.
HASH_METHOD = "scrypt"


def hash_password(password: str) -> str:
    """Hash a password with werkzeug's default (scrypt)."""
    return generate_password_hash(password, method=HASH_METHOD)


def check_password(password_hash: str | None, password: str) -> bool:
    """Tell whether a password matches a stored hash, in constant-ish time."""
    if not password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(password_hash, password)


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords and password stems, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s",
                       "5": "s", "7": "t"})


def _is_common(lowered: str) -> bool:
    common = common_passwords()
    compact = re.sub(r"\s+", "", lowered)
    # "Summer2024!" and "P@ssw0rd!" are their stems with decorations: compare the stems.
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", compact).translate(_LEET)
    letters = re.sub(r"[^a-z]", "", core)
    return compact in common or (len(letters) >= 3 and letters in common)


def _is_sequence(lowered: str) -> bool:
    compact = re.sub(r"\s+", "", lowered)
    if len(compact) < 4:
        return False
    for run in _SEQUENCES:
        doubled = run + run
        if compact in doubled or compact in doubled[::-1]:
            return True
    return False


def _name_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[^a-z]+", name.lower()) if len(part) >= 4]


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """List what is wrong with a new password (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    if password and (_is_common(lowered) or _is_sequence(lowered)):
        problems.append("This password is too common or predictable; choose another.")
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in lowered:
        problems.append("Do not include your e-mail address.")
    if any(part in lowered for part in _name_parts(name)):
        problems.append("Do not include your name.")
    if len(set(password)) < MIN_DISTINCT:
        problems.append("Use more different characters.")
    return problems

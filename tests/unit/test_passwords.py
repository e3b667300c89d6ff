"""The password policy and hashing."""
from __future__ import annotations

import pytest

from portal.auth.passwords import (
    MIN_LENGTH,
    check_password,
    common_passwords,
    hash_password,
    password_problems,
)


@pytest.mark.parametrize("password", [
    "tangerine lamp orbit",
    "correct horse battery",
    "Vq8#mZ2!pL0x",
    "ein langes deutsches Passwort",
])
def test_good_passwords_pass(password):
    assert password_problems(password, email="jane.doe@corp.example", name="Jane Doe") == []


@pytest.mark.parametrize("password,expected", [
    ("short", "Use at least 12 characters."),
    ("x" * 129 + "abcde", "Use at most 128 characters."),
    ("Password1234", "too common"),
    ("P@ssw0rd!2024", "too common"),
    ("Summer2024!!!", "too common"),
    ("qwertyuiop12", "too common"),
    ("123456789012", "too common"),
    ("abcdefghijklm", "too common"),
    ("lmnopqrstuvw", "too common"),
    ("zyxwvutsrqpo", "too common"),
    ("jane.doe-is-great", "Do not include your e-mail address."),
    ("my name is doe, jane", "Do not include your name."),
    ("aaaaaaaaaaaaaaaa", "Use more different characters."),
    ("abababababab12", "Use more different characters."),
])
def test_weak_passwords_are_explained(password, expected):
    problems = password_problems(password, email="jane.doe@corp.example", name="Jane Doe")
    assert any(expected in p for p in problems), problems


def test_short_names_and_locals_do_not_over_match():
    assert password_problems("bob likes long walks", email="bo@corp.example", name="Al Bo") == []


def test_common_list_is_shipped_and_lower_case():
    common = common_passwords()
    assert len(common) > 200 and "password" in common
    assert all(p == p.lower() and not p.startswith("#") for p in common)
    assert f"{MIN_LENGTH}" not in common


def test_hash_and_check():
    hashed = hash_password("tangerine lamp orbit")
    assert hashed != "tangerine lamp orbit"
    assert check_password(hashed, "tangerine lamp orbit")
    assert not check_password(hashed, "tangerine lamp orbiT")
    assert not check_password(None, "anything")


def test_production_hashing_is_scrypt():
    import importlib

    import portal.auth.passwords as module

    during_tests = module.HASH_METHOD
    try:
        assert importlib.reload(module).HASH_METHOD == "scrypt"
    finally:
        module.HASH_METHOD = during_tests

"""The reader's patterns compiled once per installation: same patterns, fewer compilations."""

from __future__ import annotations

import re
import sys

import pytest

import portal.certificates.pdftext  # noqa: F401  (loads every pattern of the reader)
from portal.certificates import regexes

pytestmark = pytest.mark.skipif(regexes._sre is None, reason="CPython's engine only")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """The module as at a start, with its file in a temporary folder."""
    path = tmp_path / "__pycache__" / "regexes.test.marshal"
    monkeypatch.setattr(regexes, "cache_path", lambda: path)
    monkeypatch.setattr(regexes, "_stored", None)
    monkeypatch.setattr(regexes, "_used", {})
    monkeypatch.setattr(regexes, "_missed", False)
    return path


def test_every_program_of_the_reader_builds_the_pattern_re_compile_builds():
    assert len(regexes._used) > 100
    for (pattern, flags), program in regexes._used.items():
        assert regexes._build(pattern, program) == re.compile(pattern, flags), pattern[:60]


def test_a_stored_program_is_used_at_the_next_start_without_compiling(fresh, monkeypatch):
    first = regexes.compile(r"(?P<label>certificate|zertifikat)\s+no\.?", re.IGNORECASE)
    assert regexes.save(force=True) and fresh.exists()
    monkeypatch.setattr(regexes, "_stored", None)
    monkeypatch.setattr(regexes, "_used", {})

    def refuse(*args):
        raise AssertionError("compiled again")

    monkeypatch.setattr(regexes.re, "compile", refuse)
    again = regexes.compile(r"(?P<label>certificate|zertifikat)\s+no\.?", re.IGNORECASE)
    assert again == first and again.groupindex == {"label": 1}
    assert again.match("Zertifikat No.").group("label") == "Zertifikat"


def test_a_file_of_another_interpreter_is_ignored(fresh, monkeypatch):
    regexes.compile(r"valid\s+until")
    regexes.save(force=True)
    monkeypatch.setattr(regexes, "_stored", None)
    monkeypatch.setattr(regexes, "_version", lambda: "another python")
    assert regexes._load() == {}
    assert regexes.compile(r"valid\s+until").search("Valid  until x") is None
    assert regexes.compile(r"valid\s+until").search("valid  until x")


def test_a_damaged_file_means_compiling_as_usual(fresh):
    fresh.parent.mkdir()
    fresh.write_bytes(b"not a marshal file")
    assert regexes.compile(r"\d{4}-\d\d").fullmatch("2028-03")


def test_written_under_pythondontwritebytecode_but_not_when_switched_off(fresh, monkeypatch):
    # containers often set PYTHONDONTWRITEBYTECODE: the patterns are not bytecode, keep them
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setenv("PORTAL_PATTERN_CACHE", "off")
    regexes.compile(r"expiry\s+date")
    assert not regexes.save() and not fresh.exists()
    assert regexes.save(force=True) and fresh.exists()
    fresh.unlink()
    monkeypatch.delenv("PORTAL_PATTERN_CACHE")
    regexes.compile(r"issue\s+date")
    assert regexes.save() and fresh.exists()


_PATTERNS_OF_A_START = (
    "import sys, json, portal.certificates.pdftext\n"
    "from portal.certificates import regexes\n"
    "json.dump(sorted(p for p, _ in regexes._used), sys.stdout)\n"
)


def test_the_patterns_are_the_same_text_at_every_start():
    """A pattern built from a set in its iteration order changes with the string hash seed, so
    it is never found in the file and the file is rewritten at every start."""
    import json
    import os
    import subprocess

    seen = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PORTAL_PATTERN_CACHE="off")
        out = subprocess.run([sys.executable, "-c", _PATTERNS_OF_A_START], env=env, check=True,
                             capture_output=True, text=True).stdout
        seen.append(json.loads(out))
    assert seen[0] == seen[1]

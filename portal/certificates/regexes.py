"""The reader's fixed regular expressions, compiled once per installation, not at every start.

The reader's modules build about 150 patterns when they load (label and wording alternations
of a thousand characters and more). Python's `re` parses and compiles each in pure Python:
about 0.15 s, the largest part of starting the reader, paid again by every command that reads
one file. What `re` produces is a list of integers (the program its C engine runs); this module
keeps those lists in one file in the package's `__pycache__` folder, beside the bytecode, and
hands them straight to the engine on the next start (a few milliseconds for all of them).

Nothing changes in what a pattern matches: a program is stored only after the pattern built
from it compares equal to the one `re.compile` returns (same pattern, flags and program), it
is found again only by the very same pattern text and flags, and the file is tied to the
interpreter's version and engine. A missing, stale or unreadable file, another Python
implementation or any error means `re.compile` as usual. The file is written whenever the
package's `__pycache__` folder can be written, also under `-B` or PYTHONDONTWRITEBYTECODE (which
many containers and CI machines set): it is not bytecode, and without it every start of the reader
pays the compilation again. `PORTAL_PATTERN_CACHE=off` turns writing it off;
`python -m portal.certificates.regexes` writes it at once (for read-only images built that way).

Only patterns built while the modules load go through here (`compile`); `save` is called once
the reader has loaded (end of `pdftext`) and writes the ones used, so the file holds exactly
the current patterns. Patterns built later, from names or text, stay with `re`'s own cache.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import tempfile
import threading
from pathlib import Path

try:  # CPython's own pattern compiler: the parser and code generator behind re.compile
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another implementation: plain re.compile
    _sre = None  # type: ignore[assignment]

_lock = threading.Lock()
_stored: dict[tuple[str, int], tuple] | None = None  # what the file holds (loaded on first use)
_used: dict[tuple[str, int], tuple] = {}  # programs of the patterns compiled in this process
_missed = False  # a pattern was not in the file (or differed): the file is worth rewriting


def _version() -> str:
    return f"{sys.version}|{sys.implementation.cache_tag}|{getattr(_sre, 'MAGIC', None)}"


def cache_path() -> Path:
    """Return the file the programs are kept in (beside the package's bytecode)."""
    tag = sys.implementation.cache_tag or "python"
    return Path(__file__).with_name("__pycache__") / f"regexes.{tag}.marshal"


def _load() -> dict[tuple[str, int], tuple]:
    try:
        # the package's own __pycache__, trusted like the bytecode beside it
        version, entries = marshal.loads(cache_path().read_bytes())  # nosec B302
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return entries if version == _version() and isinstance(entries, dict) else {}


def _program(pattern: str, flags: int) -> tuple:
    """Return what `re` hands its engine for a pattern (as re._compiler.compile does)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def _build(pattern: str, program: tuple) -> re.Pattern[str]:
    return _sre.compile(pattern, *program)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001
    """Return `re.compile(pattern, flags)`, from the stored program when there is one."""
    global _stored, _missed
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    with _lock:
        if _stored is None:
            _stored = _load()
        program = _stored.get(key)
    if program is not None:
        try:
            compiled = _build(pattern, program)
        except Exception:  # a damaged entry: compile it afresh below
            compiled = None
        if compiled is not None:
            _used[key] = program
            return compiled
    compiled = re.compile(pattern, flags)
    try:
        program = _program(pattern, flags)
        if _build(pattern, program) == compiled:  # identical program, or not stored at all
            _used[key] = program
            _missed = True
    except Exception:  # the engine's internals differ from what this module expects
        pass
    return compiled


def save(*, force: bool = False) -> bool:
    """Write the programs of the patterns compiled so far when some were not in the file.

    Skipped when PORTAL_PATTERN_CACHE is "off", unless `force`. Returns True when written;
    a folder that cannot be written is no error (the next start compiles as usual).
    """
    global _missed, _stored
    switched_off = os.environ.get("PORTAL_PATTERN_CACHE", "").lower() in ("off", "0", "no")
    if not (_missed or force) or not _used or (switched_off and not force):
        return False
    path = cache_path()
    try:
        path.parent.mkdir(exist_ok=True)
        blob = marshal.dumps((_version(), dict(_used)))
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".regexes.")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.chmod(temporary, 0o644)  # readable by every user, like the bytecode beside it
        os.replace(temporary, path)  # atomic: a reader sees the old file or the new one
    except (OSError, ValueError):
        return False
    _missed = False
    _stored = dict(_used)
    return True


def _main() -> int:
    # Run as a script, this file is a second copy of the module: use the one the reader loads.
    import portal.certificates.pdftext  # noqa: F401  (loading the reader compiles its patterns)
    from portal.certificates import regexes

    written = regexes.save(force=True)
    print(f"{regexes.cache_path()}: {len(regexes._used)} patterns"
          + ("" if written else " (not written)"))
    return 0 if written else 1


if __name__ == "__main__":
    raise SystemExit(_main())

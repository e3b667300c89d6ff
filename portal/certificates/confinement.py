"""What the PDF reading and drawing children may see (issue 13).

The children come from one multiprocessing fork server. It is started here with a clean
environment (no SECRET_KEY, database URL or SMTP password: only PATH, locale and Tesseract's
settings), so every child forked from it has none either, not even in /proc/self/environ.
Each child then moves to an empty working directory and lowers its CPU priority.

Where bubblewrap (`bwrap`, Debian package "bubblewrap") is installed and works, the fork server
runs inside it: no network, its own IPC and host name, the instance folder (secret key, SQLite
database) replaced by an empty directory except the uploads, which stay readable, everything
else read-only, and an empty scratch folder. Without bubblewrap the children keep the web
process's file-system view and rely on the clean environment, the empty working directory and
the resource limits (docs/security.md).
"""
from __future__ import annotations

import atexit
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

SAFE_ENV_KEYS = ("PATH", "HOME", "PWD", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
                 "TESSDATA_PREFIX", "OMP_THREAD_LIMIT", "PYTHONHASHSEED")
CHILD_NICENESS = 10  # the web process (niceness 0) wins the CPU over a drawing child

_lock = threading.Lock()
_settings: dict[str, object] = {"hidden": (), "readable": (), "bwrap": "auto"}
_started_with: str | None = None  # "bwrap" or "plain" once the fork server runs


def configure(*, hidden: Iterable[str | os.PathLike[str]] = (),
              readable: Iterable[str | os.PathLike[str]] = (), bwrap: str = "auto") -> None:
    """Say which folders the children must not see (`hidden`) except `readable` ones inside.

    `bwrap`: "auto" (use it when it works), "off", or "require" (refuse to read without it).
    Takes effect when the fork server starts (the first reading or drawing in this process).
    """
    with _lock:
        _settings["hidden"] = tuple(str(Path(p).resolve()) for p in hidden if p)
        _settings["readable"] = tuple(str(Path(p).resolve()) for p in readable if p)
        _settings["bwrap"] = bwrap


def clean_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """Return the environment a reading child gets: PATH, locale and Tesseract settings only."""
    env = {key: environ[key] for key in SAFE_ENV_KEYS if key in environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env["HOME"] = "/nonexistent"
    env.setdefault("OMP_THREAD_LIMIT", "1")
    return env


def bwrap_arguments(hidden: Iterable[str], readable: Iterable[str]) -> list[str]:
    """Return the bubblewrap options for the fork server (before the command)."""
    # /var/tmp becomes the children's own, empty scratch space (TMPDIR: Tesseract's files):
    # a fresh tmpfs mounted inside the sandbox, shared with nobody.
    scratch = "/var/tmp"  # nosec B108 - a private tmpfs inside the sandbox, not the host's
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--tmpfs", scratch,
            "--setenv", "TMPDIR", scratch, "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--chdir", scratch]
    for path in hidden:
        if os.path.isdir(path):
            args += ["--tmpfs", path]
    for path in readable:
        if os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def _bwrap_works(bwrap: str) -> bool:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [bwrap, *bwrap_arguments((), ()), "--", "/bin/true"],
            capture_output=True, timeout=10, check=False, env=clean_environment(os.environ))
    except (OSError, subprocess.SubprocessError):
        return False
    return completed.returncode == 0


def _wrapper_script(prefix: list[str]) -> str:
    """Write the executable multiprocessing starts the fork server with: `prefix python ...`."""
    folder = tempfile.mkdtemp(prefix="portal-sandbox-")
    script = Path(folder) / "python"
    quoted = " ".join(_shell_quote(a) for a in [*prefix, sys.executable])
    script.write_text(f'#!/bin/sh\nexec {quoted} "$@"\n', encoding="utf-8")
    script.chmod(stat.S_IRWXU)
    # Removed when this process exits, so such folders do not pile up in /tmp.
    atexit.register(shutil.rmtree, folder, True)
    return str(script)


def _shell_quote(value: str) -> str:
    return "'" + value.replace("'", "'\"'\"'") + "'"


def start_forkserver() -> str:
    """Start the fork server once, cleanly (and in bubblewrap when possible); return how.

    Raises: RuntimeError when bubblewrap is required but does not work here.
    """
    global _started_with
    from multiprocessing import forkserver, spawn

    with _lock:
        if _started_with is not None and forkserver._forkserver._forkserver_pid is not None:
            return _started_with
        mode = str(_settings["bwrap"])
        bwrap = shutil.which("bwrap") if mode != "off" else None
        use_bwrap = bool(bwrap) and _bwrap_works(bwrap)
        if mode == "require" and not use_bwrap:
            raise RuntimeError("SANDBOX_BWRAP=require, but bubblewrap (bwrap) is missing or "
                               "cannot create its sandbox here.")
        # `env -i`: the fork server starts with exactly the clean environment (not even what
        # C libraries put into this process's environment), and every child is forked from it.
        prefix = [shutil.which("env") or "/usr/bin/env", "-i",
                  *(f"{key}={value}" for key, value in clean_environment(os.environ).items())]
        if use_bwrap:
            prefix += [bwrap, *bwrap_arguments(_settings["hidden"],  # type: ignore[arg-type]
                                               _settings["readable"]), "--"]
        # The wrapper stays the executable: should the fork server die, multiprocessing starts
        # the next one the same way. (Only the certificate readers use multiprocessing, and
        # the "fork" start method of the command line does not exec anything.)
        spawn.set_executable(_wrapper_script(prefix))
        forkserver.ensure_running()
        _started_with = "bwrap" if use_bwrap else "plain"
        return _started_with


def confine_child(niceness: int = CHILD_NICENESS) -> None:
    """In a reading or drawing child: empty working directory, lower priority, no secrets."""
    for key in [k for k in os.environ if k not in SAFE_ENV_KEYS]:
        del os.environ[key]  # defence in depth; the fork server was started clean already
    empty = Path(tempfile.gettempdir()) / "portal-reader-cwd"
    empty.mkdir(mode=0o555, exist_ok=True)  # nothing to read, nothing can be written
    os.chdir(empty)
    try:
        os.nice(niceness)
    except OSError:
        pass

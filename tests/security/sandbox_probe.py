"""A child-process target for tests/security/test_page_rendering.py (importable by the fork
server, which cannot load test modules' local functions)."""
from __future__ import annotations

import os


def report(conn) -> None:
    """Send back what a reading child starts with: environment keys, folder, priority."""
    from portal.certificates.confinement import confine_child

    with open("/proc/self/environ", "rb") as handle:
        raw = handle.read()
    keys = [item.split(b"=", 1)[0].decode() for item in raw.split(b"\0") if item]
    confine_child()
    cwd = os.getcwd()
    conn.send((keys, cwd, os.listdir(cwd), os.nice(0)))
    conn.close()

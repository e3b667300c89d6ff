"""Serve the portal in a child process that SIGKILLs itself at a chosen point (crash tests).

Usage: python -m tests.security.crash_server DB_URL UPLOAD_DIR PORT_FILE CRASH_AT
CRASH_AT: none | upload_renamed (file in place, row not committed) | upload_temp (temp file
written, not renamed) | submit_flushed (submission flushed, not committed).
"""
from __future__ import annotations

import os
import signal
import sys


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _install(crash_at: str) -> None:
    from portal.api import webhooks
    from portal.documents import services as documents

    if crash_at == "upload_temp":
        real_replace = documents.os.replace

        class _Os:
            def __getattr__(self, name):
                return getattr(os, name)

            @staticmethod
            def replace(src, dst):
                _die()
                real_replace(src, dst)

        documents.os = _Os()
    elif crash_at == "upload_renamed":
        real_record = documents.record

        def record(*args, **kwargs):
            event = real_record(*args, **kwargs)
            if args[1] == "document.uploaded":
                _die()
            return event

        documents.record = record
    elif crash_at == "submit_flushed":
        real_emit = webhooks.emit_assessment_submitted

        def emit(assessment):
            from portal.extensions import db

            db.session.flush()
            _die()
            return real_emit(assessment)

        webhooks.emit_assessment_submitted = emit


def main() -> None:
    db_url, upload_dir, port_file, crash_at = sys.argv[1:5]
    from werkzeug.serving import make_server

    from portal import create_app

    app = create_app({
        "TESTING": False, "PORTAL_ENV": "development", "SECRET_KEY": "crash-test-secret",
        "SQLALCHEMY_DATABASE_URI": db_url, "UPLOAD_DIR": upload_dir,
        "WTF_CSRF_ENABLED": False, "REQUIRE_ADMIN_2FA": True,
    })
    _install(crash_at)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    with open(port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_port))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

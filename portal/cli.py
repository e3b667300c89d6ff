"""The `portal` console script: the Flask CLI bound to create_app.

`portal certificates extract` is dispatched before Flask is imported: it needs no app, and
reading a file should cost little more than the PDF library's own start-up.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from portal import SECRET_FILE, create_app  # the package: create_app loads Flask when called
from portal.certificates import reading_cli


def load_app() -> Any:
    """Build the app for a command; a local run without SECRET_KEY gets its installation's key.

    Development and demo runs keep one random key in the instance folder, created on first use
    (the app factory only reads it), so sessions and stored two-factor secrets survive restarts.
    """
    # Imported here, not at the top: the certificate reader above must not pay for Flask.
    from flask.cli import NoAppException

    try:
        app = create_app()
    except RuntimeError as exc:  # configuration problems: a message, not a traceback
        raise NoAppException(str(exc)) from exc
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))
    return app


def instance_secret(instance: Path) -> str:
    """Return the installation's secret from the instance folder, creating it once (mode 600)."""
    import secrets  # here: the certificate reader's start-up does not need it

    instance.mkdir(parents=True, exist_ok=True)
    path = instance / SECRET_FILE
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def build_cli() -> Any:
    """Return the Flask command group bound to load_app, with the app-less commands added."""
    # Here, not at the top, for the same reason as in load_app: these load Flask.
    from flask.cli import FlaskGroup

    from portal.certificates.cli import certificates_cli
    from portal.questionnaires.cli import questionnaires_cli

    cli = FlaskGroup(create_app=load_app, help="Vendor assurance portal command line.")
    # Offered even when the app cannot start: they need no app or database.
    cli.add_command(questionnaires_cli)
    cli.add_command(certificates_cli)
    return cli


def main() -> None:
    """Run the portal command line."""
    if sys.argv[1:3] == ["certificates", "extract"]:
        raise SystemExit(reading_cli.run(sys.argv[3:]))
    # `portal demo` is the quickstart: it may run without production settings.
    if sys.argv[1:2] == ["demo"]:
        os.environ.setdefault("PORTAL_ENV", "demo")
    build_cli().main()

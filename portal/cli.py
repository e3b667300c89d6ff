"""The `portal` console script: the Flask CLI bound to create_app.

`portal certificates extract` is dispatched before Flask is imported: it needs no app, and
reading a file should cost little more than the PDF library's own start-up.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from portal.certificates.reading_cli import extract_command


def build_cli() -> Any:
    """Return the Flask command group bound to create_app, with the app-less commands added."""
    # Imported here, not at the top: the certificate reader above must not pay for Flask.
    from flask.cli import FlaskGroup, NoAppException

    from portal import create_app
    from portal.certificates.cli import certificates_cli
    from portal.questionnaires.cli import questionnaires_cli

    def _create_app():
        try:
            return create_app()
        except RuntimeError as exc:  # configuration problems: a message, not a traceback
            raise NoAppException(str(exc)) from exc

    cli = FlaskGroup(create_app=_create_app, help="Vendor assurance portal command line.")
    # Offered even when the app cannot start: they need no app or database.
    cli.add_command(questionnaires_cli)
    cli.add_command(certificates_cli)
    return cli


def main() -> None:
    """Run the portal command line."""
    if sys.argv[1:3] == ["certificates", "extract"]:
        extract_command.main(args=sys.argv[3:], prog_name="portal certificates extract")
        return
    # `portal demo` is the quickstart: it may run without production settings.
    if sys.argv[1:2] == ["demo"]:
        os.environ.setdefault("PORTAL_ENV", "demo")
    build_cli().main()

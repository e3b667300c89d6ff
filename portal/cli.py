"""The `portal` console script: the Flask CLI bound to create_app."""
from __future__ import annotations

import os
import sys

from flask.cli import FlaskGroup, NoAppException


def _create_app():
    from portal import create_app

    try:
        return create_app()
    except RuntimeError as exc:  # configuration problems: a message, not a traceback
        raise NoAppException(str(exc)) from exc


cli = FlaskGroup(create_app=_create_app, help="Vendor assurance portal command line.")


def _add_standalone_commands() -> None:
    """Offer the commands that need no app or database even when the app cannot start."""
    from portal.certificates.cli import certificates_cli
    from portal.questionnaires.cli import questionnaires_cli

    cli.add_command(questionnaires_cli)
    cli.add_command(certificates_cli)


def main() -> None:
    """Run the portal command line."""
    # `portal demo` is the quickstart: it may run without production settings.
    if sys.argv[1:2] == ["demo"]:
        os.environ.setdefault("PORTAL_ENV", "demo")
    _add_standalone_commands()
    cli.main()

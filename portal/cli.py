"""The `portal` console script: the Flask CLI bound to create_app."""
from __future__ import annotations

import os
import sys

from flask.cli import FlaskGroup


def _create_app():
    from portal import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="Vendor assurance portal command line.")


def main() -> None:
    """Run the portal command line."""
    # `portal demo` is the quickstart: it may run without production settings.
    if sys.argv[1:2] == ["demo"]:
        os.environ.setdefault("PORTAL_ENV", "demo")
    cli.main()

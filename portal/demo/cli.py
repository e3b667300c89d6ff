"""`portal demo`: migrate, load demo data and serve the portal (the quickstart)."""
from __future__ import annotations

import logging
import re
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from portal.demo.seed import DEMO_PASSWORD, STAFF, VENDORS, demo_exists, load_demo_data
from portal.extensions import db
from portal.mail.links import served_url
from portal.settings.current import current_settings

ANSI_CODES = re.compile(r"\x1b\[[0-9;]*m")


class PlainText(logging.Filter):
    """Drop the terminal colour codes Werkzeug puts in its request lines (for log files)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = ANSI_CODES.sub("", str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(ANSI_CODES.sub("", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Only migrate and load the data, then exit.")
@with_appcontext
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Set up a demo database with fictional data and run the portal on it."""
    click.echo("Applying database migrations…")
    upgrade()
    if demo_exists():
        click.echo("Demo data is already loaded.")
        logins = None
    else:
        logins = load_demo_data()
        db.session.commit()
        click.echo("Loaded demo data (fictional organisations and people).")
    url = served_url(host, port) + "/"
    # Invitation links in the outbox must point at this server, not at the default port.
    current_app.config["PORTAL_SERVED_URL"] = served_url(host, port)
    click.echo("")
    click.echo(f"  Vendor Assurance Portal (demo) at {url}")
    click.echo(f"  Database: {current_settings().server.database_url}")
    click.echo(f"  Every demo login uses the password: {DEMO_PASSWORD}")
    for email, _name, role in STAFF:
        click.echo(f"    {role.label:<20} {email}")
    for vendor in VENDORS:
        click.echo(f"    {'Vendor contact':<20} {vendor[5][0]}  ({vendor[0]})")
    if logins is None:
        click.echo("  (Logins as created when the demo data was first loaded.)")
    click.echo("  E-mails are not sent in the demo: administrators read them on the Outbox page.")
    click.echo("")
    if no_serve:
        return
    if not sys.stderr.isatty():
        logging.getLogger("werkzeug").addFilter(PlainText())
    # Flask ignores app.run() inside its own CLI, so serve with Werkzeug directly.
    run_simple(host, port, current_app._get_current_object(), threaded=True)

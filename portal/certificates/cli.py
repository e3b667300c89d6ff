"""`portal certificates ...`: read certificates and e-mail about expiring ones."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from portal.certificates import reading_cli
from portal.certificates.expiry import notify_expiring
from portal.extensions import db
from portal.settings.current import current_settings

certificates_cli = AppGroup("certificates", help="Read and check supplier certificates.")



@certificates_cli.command(
    "extract",
    with_appcontext=False,  # needs no app or database
    add_help_option=False,  # --help is the parser's own
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
    help="Extract certificate fields from FILE... (each read in a sandboxed process).",
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def extract_command(args: tuple[str, ...]) -> None:
    """Forward to the command's own parser: `portal` runs it without Flask or Click."""
    raise SystemExit(reading_cli.run(list(args)))


@certificates_cli.command("notify-expiring")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD); for testing schedules.")
def notify_expiring_command(today) -> None:
    """E-mail vendors about certificates expiring in 90/60/30 days or expired (cron-safe)."""
    run = notify_expiring(today.date() if today else date.today(), current_settings())
    db.session.commit()
    click.echo(f"Queued {run.sent} expiry e-mail(s) for {run.certificates} certificate(s); "
               f"asked for {run.renewals_requested} renewed certificate(s).")

"""`portal certificates ...`: read certificates and e-mail about expiring ones."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from portal.certificates.expiry import notify_expiring
from portal.certificates.reading_cli import extract_command
from portal.extensions import db
from portal.settings.current import current_settings

certificates_cli = AppGroup("certificates", help="Read and check supplier certificates.")

certificates_cli.add_command(extract_command)


@certificates_cli.command("notify-expiring")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD); for testing schedules.")
def notify_expiring_command(today) -> None:
    """E-mail vendors about certificates expiring in 90/60/30 days or expired (cron-safe)."""
    run = notify_expiring(today.date() if today else date.today(), current_settings())
    db.session.commit()
    click.echo(f"Queued {run.sent} expiry e-mail(s) for {run.certificates} certificate(s); "
               f"asked for {run.renewals_requested} renewed certificate(s).")

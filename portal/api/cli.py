"""`portal webhooks ...`: deliver due webhooks and emit scheduled events (cron-safe)."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from portal.api import webhook_jobs
from portal.extensions import db
from portal.settings.current import current_settings

webhooks_cli = AppGroup("webhooks", help="Deliver webhook events.")


@webhooks_cli.command("deliver")
@click.option("--limit", default=100, show_default=True, help="Deliveries to attempt at most.")
def deliver(limit: int) -> None:
    """Attempt every due delivery once; run it every minute from cron."""
    run = webhook_jobs.run_deliveries(current_settings(), limit=limit)
    click.echo(f"Delivered {run.delivered}, retrying later {run.retrying}, "
               f"given up {run.failed}.")


@webhooks_cli.command("emit-expiring")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD).")
def emit_expiring(today) -> None:
    """Emit certificate.expiring events (90/60/30 days, expired), each once; run daily."""
    count = webhook_jobs.emit_expiring_certificates(today.date() if today else date.today())
    db.session.commit()
    click.echo(f"Emitted {count} certificate.expiring event(s).")

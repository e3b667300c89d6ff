"""`portal mail ...` commands."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.mail.services import deliver_pending
from portal.settings.current import current_settings

mail_cli = AppGroup("mail", help="Outgoing e-mail.")


@mail_cli.command("send")
def send_command() -> None:
    """Deliver queued and previously failed e-mail over SMTP (safe to run from cron)."""
    settings = current_settings().smtp
    if not settings.is_configured:
        click.echo("SMTP is not configured (SMTP_HOST); messages stay in the outbox page.")
        return
    sent, failed = deliver_pending(settings)
    db.session.commit()
    click.echo(f"Sent {sent} message(s); {failed} failed.")

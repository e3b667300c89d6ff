"""`portal reminders ...` commands."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from portal.assessments.reminders import send_reminders
from portal.extensions import db
from portal.jobs.queue import enqueue
from portal.settings.current import current_settings

reminders_cli = AppGroup("reminders", help="Assessment due-date reminders.")


@reminders_cli.command("send")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD); for testing schedules.")
@click.option("--queue", "queued", is_flag=True,
              help="Run as a background job (on `portal worker` with REDIS_URL).")
def send_command(today, queued: bool) -> None:
    """Send due and overdue reminders, each at most once (safe to run from cron)."""
    if queued:
        job = enqueue("assessments.reminders",
                      {"today": today.date().isoformat() if today else None},
                      title="Send due-date reminders")
        click.echo(f"Queued job {job.id}: {job.state.value}.")
        return
    run = send_reminders(today.date() if today else date.today(), current_settings())
    db.session.commit()
    click.echo(f"Queued {run.sent} reminder(s) for {run.assessments} assessment(s).")

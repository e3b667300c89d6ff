"""`portal worker` and `portal jobs ...`."""
from __future__ import annotations

import sys
from datetime import timedelta

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from portal.extensions import db, utcnow
from portal.jobs import queue
from portal.jobs.exports import export_dir
from portal.jobs.models import Job, JobState
from portal.settings.current import current_settings

jobs_cli = AppGroup("jobs", help="Background jobs.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--fork", is_flag=True,
              help="Fork a child process per job (RQ's default; slower, see docs/deploy.md).")
@with_appcontext
def worker_command(burst: bool, fork: bool) -> None:
    """Run background jobs from the Redis queue (needs REDIS_URL).

    Jobs run in this process by default: the certificate reader already isolates each PDF in a
    sandboxed child process that it keeps warm, which a fork per job would start anew each time
    (bench/workers.py measured 0.4 against 3.3 files/s).
    """
    settings = current_settings()
    if not settings.server.redis_url:
        click.echo("REDIS_URL is not set: jobs run inside the web processes, no worker needed.",
                   err=True)
        sys.exit(2)
    from portal.jobs.worker import worker_class  # here: only a worker with REDIS_URL pays for rq

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue.set_worker_app(app)
    db.engine.dispose()  # no connection may be shared with the forked job processes
    connection = queue.redis_connection(settings)
    worker = worker_class(fork)([settings.jobs.queue], connection=connection)
    click.echo(f"Worker {worker.name} on {settings.jobs.queue!r}")
    worker.work(burst=burst, with_scheduler=True)


@jobs_cli.command("list")
@click.option("--limit", default=20, show_default=True)
def list_command(limit: int) -> None:
    """Show the latest jobs and their progress."""
    for job in db.session.scalars(sa.select(Job).order_by(Job.id.desc()).limit(limit)):
        progress = f"{job.done}/{job.total}" if job.total is not None else "-"
        click.echo(f"{job.id:>6}  {job.state.value:<9}  {progress:>9}  {job.kind:<24} {job.title}")


@jobs_cli.command("retry")
@click.argument("job_id", type=int)
def retry_command(job_id: int) -> None:
    """Queue a failed or stalled job again."""
    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"No job {job_id}.")
    if job.state is JobState.SUCCEEDED:
        raise click.ClickException(f"Job {job_id} has succeeded; nothing to do.")
    queue.retry(job)
    click.echo(f"Job {job_id} queued again ({queue.mode(current_settings())}).")


@jobs_cli.command("prune")
@click.option("--days", type=int, default=None, help="Default: EXPORT_KEEP_DAYS.")
def prune_command(days: int | None) -> None:
    """Delete export files older than the given number of days (safe to run from cron)."""
    days = days if days is not None else current_settings().jobs.export_keep_days
    cutoff = (utcnow() - timedelta(days=days)).timestamp()
    removed = 0
    for path in export_dir(current_settings()).iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed += 1
    click.echo(f"Removed {removed} export file(s) older than {days} day(s).")

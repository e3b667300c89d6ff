"""`portal audit ...`: check the hash-chained audit log (issue 7)."""
from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.extensions import db

audit_cli = AppGroup("audit", help="The append-only audit log.")


@audit_cli.command("verify")
@click.option("--anchor", "anchors", multiple=True, metavar="HASH",
              help="A head hash printed by an earlier run (kept elsewhere); fails if it is gone, "
                   "which reveals entries cut off the end of the log. Repeatable.")
def verify_command(anchors: tuple[str, ...]) -> None:
    """Recompute every entry's hash and link; exit 1 and list the problems when any is off."""
    count = db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) or 0
    head = db.session.scalar(
        sa.select(AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1))
    problems = verify_chain()
    for anchor in anchors:
        found = db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.entry_hash == anchor))
        if found is None:
            problems.append(f"anchor {anchor[:16]}…: no longer in the log (entries removed or "
                            "rewritten)")
    click.echo(f"Checked {count} audit event(s).")
    if problems:
        click.echo(f"The audit log was tampered with: {len(problems)} problem(s).", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(f"The chain is intact. Head hash: {head or '(empty log)'}")
    click.echo("Keep the head hash outside the database; pass it as --anchor next time.")

"""`portal reassessments due`: vendors due for reassessment, optionally with new drafts."""
from __future__ import annotations

import json
from datetime import date

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from portal.auth.access import EDITOR_ROLES
from portal.auth.models import User
from portal.extensions import db
from portal.reassessment.services import create_draft, describe, due_vendors, under_way
from portal.settings.current import current_settings

reassessments_cli = AppGroup("reassessments", help="Reassessment cadence.")


@reassessments_cli.command("due")
@click.option("--create-drafts", is_flag=True, help="Create a draft assessment for each due "
              "vendor, with the template last used for it.")
@click.option("--actor", "actor_email", help="E-mail of the staff user the drafts are "
              "created by (required with --create-drafts).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD).")
def due_command(create_drafts: bool, actor_email: str | None, fmt: str, today) -> None:
    """List vendors due for reassessment (tier cadence, serious findings, expired certificates)."""
    today = today.date() if today else date.today()
    actor = None
    if create_drafts:
        actor = db.session.scalar(sa.select(User).where(User.email == (actor_email or "")))
        if actor is None or actor.role not in EDITOR_ROLES or not actor.is_active:
            raise click.UsageError("--create-drafts needs --actor, the e-mail of an active "
                                   "administrator or procurement user.")
    months = current_settings().reassessment_months
    rows = due_vendors(months=months, today=today)
    started = under_way([r.vendor_id for r in rows])
    outcomes = {}
    if create_drafts:
        outcomes = {row.vendor_id: create_draft(row, actor=actor, today=today, months=months)
                    for row in rows}
        db.session.commit()
    if fmt == "json":
        click.echo(json.dumps([{
            "vendor_id": r.vendor_id, "vendor": r.legal_name, "tier": r.tier,
            "last_assessed": r.last_assessed.isoformat() if r.last_assessed else None,
            "next_due": r.due.next_due.isoformat() if r.due.next_due else None,
            "reasons": list(r.due.reasons),
            "under_way": started[r.vendor_id].id if r.vendor_id in started else None,
            "draft": (outcomes[r.vendor_id].assessment_id if r.vendor_id in outcomes else None),
            "result": outcomes[r.vendor_id].message if r.vendor_id in outcomes else None,
        } for r in rows], indent=2))
        return
    for r in rows:
        line = (f"{r.vendor_id:>6}  {r.legal_name}  [{r.tier or 'untiered'}]  due "
                f"{r.due.next_due.isoformat() if r.due.next_due else 'now'}: "
                f"{' '.join(r.due.reasons)}")
        if r.vendor_id in outcomes:
            line += f"  -> {outcomes[r.vendor_id].message}"
        elif r.vendor_id in started:
            line += f"  ({describe(started[r.vendor_id])})"
        click.echo(line)
    click.echo(f"{len(rows)} vendor(s) due for reassessment on {today.isoformat()}"
               + (f"; {len(started)} of them already have an assessment under way."
                  if started else "."))

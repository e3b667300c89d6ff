"""`portal scoring rescore`: re-score accepted assessments under a method version, loudly."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from portal.auth.models import User
from portal.extensions import db
from portal.scoring import LEVEL_LABELS, MethodError, available_methods
from portal.scoring.services import rescore

scoring_cli = AppGroup("scoring", help="Stored scores.")


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:.1f}"


@scoring_cli.command("rescore")
@click.option("--method", "version", help="Method version, e.g. v1 (default: the latest).")
@click.option("--vendor", "vendor_id", type=int, help="Only this vendor's assessments.")
@click.option("--dry-run", is_flag=True, help="Show old -> new without storing anything.")
@click.option("--actor", "actor_email", help="E-mail of the staff user to audit it as.")
def rescore_command(version: str | None, vendor_id: int | None, dry_run: bool,
                    actor_email: str | None) -> None:
    """Re-score accepted assessments; print old -> new for every one (one new record each)."""
    if version is not None and version not in available_methods():
        raise click.UsageError(f"Unknown method {version!r}; available: "
                               f"{', '.join(available_methods())}.")
    actor = None
    if actor_email:
        actor = db.session.scalar(sa.select(User).where(User.email == actor_email))
        if actor is None or not actor.is_staff:
            raise click.UsageError(f"No staff user {actor_email!r}.")
    try:
        outcomes = rescore(method_version=version, vendor_id=vendor_id, dry_run=dry_run,
                           actor=actor)
    except MethodError as exc:
        raise click.ClickException(str(exc)) from exc
    for o in outcomes:
        old = (f"{_num(o.old_overall)} [{o.old_method}] residual "
               f"{LEVEL_LABELS.get(o.old_residual or '', 'none')}" if o.old_method else "no score")
        new = f"{_num(o.new_overall)} [{o.new_method}] residual {LEVEL_LABELS[o.new_residual]}"
        click.echo(f"assessment {o.assessment_id} ({o.vendor_name}: {o.title}): {old} -> {new}")
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {len(outcomes)} assessment(s) would be re-scored; nothing stored.")
    else:
        db.session.commit()
        click.echo(f"Re-scored {len(outcomes)} assessment(s); each has a new score record.")

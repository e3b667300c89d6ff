"""`portal backup` and `portal restore` (issue 7)."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.backup.archive import BackupError
from portal.backup.services import create_backup, restore_backup
from portal.settings.current import current_settings


@click.command("backup")
@with_appcontext
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the .tar.gz (default: instance/backups/portal-<time>.tar.gz).")
def backup_command(output: Path | None) -> None:
    """Back up the database and the uploaded files into one .tar.gz with a manifest."""
    if output is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(current_app.instance_path) / "backups" / f"portal-{stamp}.tar.gz"
    try:
        manifest = create_backup(current_settings(), output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    uploads = sum(1 for name in manifest.files if name.startswith("uploads/"))
    click.echo(f"Backed up {sum(manifest.counts.values())} row(s) in {len(manifest.counts)} "
               f"table(s) and {uploads} uploaded file(s) to {output} "
               f"(schema revision {manifest.schema_revision or 'none'}).")


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True,
              help="Restore even if the backup's schema revision differs from this code's.")
def restore_command(archive: Path, yes: bool, force: bool) -> None:
    """Replace the database and uploaded files with a backup (checks every SHA-256 first)."""
    if not yes:
        click.confirm(f"Replace ALL data of this portal with {archive}?", abort=True)
    try:
        manifest = restore_backup(current_settings(), archive, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored the backup of {manifest.created_at}: "
               f"{sum(manifest.counts.values())} row(s), "
               f"{sum(1 for n in manifest.files if n.startswith('uploads/'))} file(s). "
               "The previous upload folder was kept beside the new one.")

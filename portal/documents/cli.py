"""`portal documents ...` maintenance commands."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.documents.services import delete_orphan_files
from portal.extensions import db
from portal.settings.current import current_settings

documents_cli = AppGroup("documents", help="Uploaded evidence files.")


@documents_cli.command("clean-orphans")
def clean_orphans_command() -> None:
    """Delete stored files that no document row refers to (older than an hour)."""
    removed = delete_orphan_files(current_settings())
    db.session.commit()
    click.echo(f"Removed {removed} orphaned file(s) from {current_settings().storage.upload_dir}.")

"""`portal documents ...` maintenance commands."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.documents.services import delete_orphan_files
from portal.extensions import db

documents_cli = AppGroup("documents", help="Uploaded evidence files.")


@documents_cli.command("clean-orphans")
def clean_orphans_command() -> None:
    """Delete stored files that no document row refers to (older than an hour)."""
    removed = delete_orphan_files(current_app.config)
    db.session.commit()
    click.echo(f"Removed {removed} orphaned file(s) from {current_app.config['UPLOAD_DIR']}.")

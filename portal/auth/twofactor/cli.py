"""`portal two-factor ...`: reset a user's second factor when they lost their device."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.auth import services
from portal.auth.twofactor import services as twofactor
from portal.extensions import db

twofactor_cli = AppGroup("two-factor", help="Two-factor sign-in (issue 7).")


@twofactor_cli.command("reset")
@click.argument("email")
def reset_command(email: str) -> None:
    """Remove EMAIL's authenticator and recovery codes and sign them out everywhere."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    twofactor.reset(user, actor=None)
    db.session.commit()
    click.echo(f"Two-factor sign-in of {user.email} was reset; they set it up again at sign-in"
               + (" (required for administrators)." if user.role.value == "admin" else "."))

"""`portal users ...`: create, list, deactivate and reset accounts from the command line."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from portal.auth import services, signin, team
from portal.auth.models import Role, User
from portal.extensions import db
from portal.settings.current import current_settings

users_cli = AppGroup("users", help="User accounts.")

STAFF_ROLES = [r.value for r in Role if r.is_staff]


def _get_user(email: str) -> User:
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


def _prompt_password() -> str:
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


@users_cli.command("create")
@click.option("--email", required=True, help="Sign-in e-mail address.")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", type=click.Choice(STAFF_ROLES), default=Role.ADMIN.value,
              show_default=True, help="Staff role (vendor contacts are invited from the UI).")
@click.option("--password", help="Initial password (prompted for when omitted).")
@click.option("--invite", is_flag=True, help="E-mail an invitation link instead of a password.")
def create_command(email: str, name: str, role: str, password: str | None, invite: bool) -> None:
    """Create a staff account with a password, or invite them by e-mail."""
    if invite and password:
        raise click.UsageError("Give either --password or --invite, not both.")
    if not invite and password is None:
        password = _prompt_password()
    try:
        user = services.create_staff_user(email=email, name=name, role=Role(role),
                                          created_by=None, settings=current_settings(),
                                          password=None if invite else password)
    except (services.DuplicateUser, team.TeamRuleBroken) as error:
        raise click.ClickException(str(error)) from error
    except ValueError as error:
        raise click.ClickException(f"Password refused: {error}") from error
    db.session.commit()
    click.echo(f"Created {user.role.label.lower()} {user.email} (id {user.id}).")
    if invite:
        if current_settings().smtp.is_configured:
            click.echo("Invitation e-mailed.")
        else:
            click.echo("SMTP is not configured: the invitation is in the outbox (/admin/outbox).")


@users_cli.command("list")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="Only this role.")
@click.option("--active-only", is_flag=True, help="Leave out deactivated accounts.")
def list_command(role: str | None, active_only: bool) -> None:
    """List accounts: e-mail, role, organisation and status."""
    query = sa.select(User).order_by(User.role, sa.func.lower(User.email))
    if role:
        query = query.where(User.role == Role(role))
    if active_only:
        query = query.where(User.is_active.is_(True))
    users = db.session.scalars(query).all()
    for user in users:
        status = ("deactivated" if not user.is_active
                  else "active" if user.has_password else "invited")
        vendor = f"  [{user.vendor.legal_name}]" if user.vendor else ""
        click.echo(f"{user.email:<40} {user.role.value:<17} {status:<11} {user.name}{vendor}")
    click.echo(f"{len(users)} account(s).")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop an account from signing in and end its sessions."""
    user = _get_user(email)
    services.deactivate_user(user, actor=None)
    db.session.commit()
    click.echo(f"Deactivated {user.email}; their sessions have ended.")


@users_cli.command("reactivate")
@click.argument("email")
def reactivate_command(email: str) -> None:
    """Let a deactivated account sign in again."""
    user = _get_user(email)
    services.reactivate_user(user, actor=None)
    db.session.commit()
    click.echo(f"Reactivated {user.email}.")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", help="The new password (prompted for when omitted).")
def set_password_command(email: str, password: str | None) -> None:
    """Set an account's password, lift any lockout and end its sessions."""
    user = _get_user(email)
    if password is None:
        password = _prompt_password()
    try:
        services.set_password(user, password, actor=None)
    except ValueError as error:
        raise click.ClickException(f"Password refused: {error}") from error
    if user.locked_until is not None or user.failed_login_count:
        services.unlock_user(user, actor=None)
    db.session.commit()
    click.echo(f"Password set for {user.email}; other sessions have ended.")


@users_cli.command("prune-attempts")
@click.option("--days", default=30, show_default=True, help="Keep attempts this recent.")
def prune_attempts_command(days: int) -> None:
    """Delete old sign-in attempt records (throttling only needs the last few minutes)."""
    removed = signin.prune_login_attempts(older_than_days=days)
    db.session.commit()
    click.echo(f"Deleted {removed} sign-in attempt(s) older than {days} days.")

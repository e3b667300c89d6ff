"""`portal demo` (being built)."""
import click


@click.command("demo")
def demo_command() -> None:
    """Set up demo data and run the portal."""

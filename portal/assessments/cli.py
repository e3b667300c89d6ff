"""`portal reminders ...` (being built)."""
from flask.cli import AppGroup

reminders_cli = AppGroup("reminders", help="Assessment reminders.")

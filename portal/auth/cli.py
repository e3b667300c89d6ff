"""`portal users ...` (being built)."""
from flask.cli import AppGroup

users_cli = AppGroup("users", help="User accounts.")

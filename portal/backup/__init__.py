"""Backups and restores of the database and uploaded files (issue 7)."""

"""Database engine set-up that depends on the backend."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from portal.extensions import db


def init_app(app: Flask) -> None:
    """Turn on SQLite's WAL mode, foreign keys and a busy timeout for every connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()

"""Database engine set-up that depends on the backend."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from portal.extensions import db
from portal.settings.current import settings_for

# Statements that write: before the first of them a transaction starts with BEGIN IMMEDIATE.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER")


def init_app(app: Flask) -> None:
    """Turn on SQLite's WAL mode, foreign keys and a busy timeout for every connection.

    Issue 13: a transaction that read first and wrote later (a SAVEPOINT opens one in Python's
    sqlite3) failed with "database is locked" at once when another connection wrote in
    between: SQLite cannot move a read snapshot forward, and the busy timeout does not apply.
    Reads now run outside a transaction, as before, and a transaction starts with BEGIN
    IMMEDIATE just before its first write, so a second writer waits its turn (up to
    SQLITE_BUSY_TIMEOUT seconds) instead of failing.
    """
    server = settings_for(app).server
    if not server.database_url.startswith("sqlite"):
        return
    timeout_ms = int(server.sqlite_busy_timeout * 1000)
    with app.app_context():
        engine = db.engine

    def connect(dbapi_connection, _record) -> None:
        _sqlite_pragmas(dbapi_connection, timeout_ms)

    sa.event.listen(engine, "connect", connect)
    sa.event.listen(engine, "before_cursor_execute", _begin_immediately_before_writes)


def _sqlite_pragmas(dbapi_connection, timeout_ms: int) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun below, not by sqlite3
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={timeout_ms:d}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_immediately_before_writes(conn, cursor, statement, _parameters, _context,
                                     _executemany) -> None:
    dbapi_connection = cursor.connection
    if dbapi_connection.in_transaction:
        return
    if statement.lstrip().upper().startswith(_WRITES):
        cursor.execute("BEGIN IMMEDIATE")

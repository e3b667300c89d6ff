"""Make and restore consistent backups: the database (SQLite online backup or pg_dump) plus the
uploaded files, with a manifest of the schema revision, row counts and SHA-256s."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump/pg_restore with fixed argument lists, no shell
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from portal.backup.archive import (
    UPLOADS_PREFIX,
    BackupError,
    Manifest,
    sha256_file,
    unpack_archive,
    write_archive,
)
from portal.extensions import db
from portal.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_UPLOAD_NAME_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def code_schema_revision() -> str | None:
    """Return the Alembic head revision this code expects (None without migrations)."""
    if not MIGRATIONS_DIR.is_dir():
        return None
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    heads = ScriptDirectory.from_config(config).get_heads()
    return heads[0] if len(heads) == 1 else ",".join(sorted(heads))


def _revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(rows)) or None


def _counts(conn: sa.Connection) -> dict[str, int]:
    existing = set(sa.inspect(conn).get_table_names())
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name in existing:
            counts[table.name] = conn.execute(
                sa.select(sa.func.count()).select_from(table)).scalar_one()
    return counts


def _libpq_args(url: sa.engine.URL) -> tuple[list[str], dict[str, str]]:
    """Return connection arguments for pg_dump/psql, with the password in the environment."""
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432),
            "--username", url.username or "postgres", "--dbname", url.database or "postgres"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not on PATH; install the PostgreSQL client tools "
                          "(apt-get install postgresql-client) matching the server's version.")
    return path


def _dump_database(staging: Path) -> tuple[str, str | None, dict[str, int], str]:
    engine = db.engine
    if engine.dialect.name == "sqlite":
        source = engine.url.database
        if not source or source == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up.")
        target = staging / "database.sqlite3"
        # The online backup API copies a consistent snapshot while the portal keeps running.
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        copy = sa.create_engine(f"sqlite:///{target}")
        try:
            with copy.connect() as conn:
                return "database.sqlite3", _revision(conn), _counts(conn), "sqlite"
        finally:
            copy.dispose()
    if engine.dialect.name == "postgresql":
        target = staging / "database.pgdump"
        args, env = _libpq_args(engine.url)
        with engine.connect() as conn:
            # pg_dump reads the snapshot this transaction exported: counts and dump agree.
            conn.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            snapshot = conn.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            revision, counts = _revision(conn), _counts(conn)
            _run([_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", "--file", str(target)], env)
            conn.rollback()
        return "database.pgdump", revision, counts, "postgresql"
    raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")


def _run(command: list[str], env: dict[str, str]) -> None:
    # The command is a fixed list built here (tool path from shutil.which), never a shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True,  # nosec B603
                            check=False, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


def _upload_files(settings: Settings) -> dict[str, Path]:
    directory = settings.storage.upload_dir
    if not directory.is_dir():
        return {}
    files = {}
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        # Temp files (.upload-*.part) belong to uploads still in flight: never part of a backup.
        if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        if set(entry.name) <= _UPLOAD_NAME_OK and len(entry.name) <= 200:
            files[UPLOADS_PREFIX + entry.name] = Path(entry.path)
    return files


def create_backup(settings: Settings, output: Path) -> Manifest:
    """Write a backup of the database and the uploaded files to output (.tar.gz).

    The database is dumped first and the files copied after: uploads are renamed into place
    before their row commits, so every document in the dump has its file. Raises: BackupError.
    """
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as temp:
        staging = Path(temp)
        database_file, revision, counts, dialect = _dump_database(staging)
        members = {database_file: staging / database_file}
        uploads = _upload_files(settings)
        staged_uploads = staging / "uploads"
        staged_uploads.mkdir()
        for name, path in uploads.items():
            copy = staged_uploads / path.name
            shutil.copyfile(path, copy)  # a copy, so the checksum matches what is archived
            members[name] = copy
        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"), dialect=dialect,
            database_file=database_file, schema_revision=revision, counts=counts,
            files={name: sha256_file(path) for name, path in members.items()})
        write_archive(output, manifest, members)
    return manifest


def restore_backup(settings: Settings, archive: Path, *, force: bool = False) -> Manifest:
    """Replace the database and the uploaded files with a backup's, after checking it.

    Refuses a backup of another schema revision than this code's unless force is set.
    Raises: BackupError.
    """
    engine = db.engine
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as temp:
        staging = Path(temp)
        manifest = unpack_archive(archive, staging)
        expected = code_schema_revision()
        if manifest.schema_revision != expected and not force:
            raise BackupError(
                f"The backup's schema revision is {manifest.schema_revision or 'none'}, this "
                f"code expects {expected or 'none'}. Restore it with the matching release, or "
                "pass --force and run `portal db upgrade` afterwards.")
        if manifest.dialect != engine.dialect.name:
            raise BackupError(f"The backup is of a {manifest.dialect} database; this portal "
                              f"uses {engine.dialect.name}.")
        db.session.remove()
        engine.dispose()
        if manifest.dialect == "sqlite":
            with sqlite3.connect(staging / manifest.database_file) as src, \
                    sqlite3.connect(engine.url.database) as dst:
                src.backup(dst)
        else:
            _restore_postgres(engine, staging / manifest.database_file)
        _restore_uploads(settings, staging / "uploads")
        engine.dispose()
        with engine.connect() as conn:
            counts = _counts(conn)
        wrong = {t: (n, counts.get(t)) for t, n in manifest.counts.items() if counts.get(t) != n}
        if wrong:
            raise BackupError(f"Row counts differ after the restore: {wrong}")
    return manifest


def _restore_postgres(engine: sa.Engine, dump: Path) -> None:
    try:
        with engine.begin() as conn:
            # A running portal holds locks on its tables: fail clearly rather than wait forever.
            conn.execute(sa.text("SET LOCAL lock_timeout = '30s'"))
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as exc:
        raise BackupError("The database is in use. Stop the portal (web server and workers) "
                          f"before restoring. ({exc.orig})") from None
    args, env = _libpq_args(engine.url)
    _run([_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", str(dump)], env)


def _restore_uploads(settings: Settings, source: Path) -> None:
    """Swap the upload folder for the backup's in two renames; keep the old one beside it."""
    target = settings.storage.upload_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(dir=target.parent, prefix=".restore-"))
    if source.is_dir():
        for path in source.iterdir():
            shutil.copyfile(path, incoming / path.name)
            os.chmod(incoming / path.name, 0o600)
    os.chmod(incoming, 0o700)
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target.rename(target.with_name(f"{target.name}.before-restore-{stamp}"))
    incoming.rename(target)

"""Backup archives: the manifest, safe packing and safe unpacking. Pure: standard library only."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from portal.domain import DomainError

FORMAT = 1
MANIFEST_NAME = "manifest.json"
UPLOADS_PREFIX = "uploads/"
DATABASE_NAMES = ("database.sqlite3", "database.pgdump")
_MEMBER = re.compile(r"^(manifest\.json|database\.(sqlite3|pgdump)|uploads/[A-Za-z0-9._-]{1,200})$")
_CHUNK = 1024 * 1024


class BackupError(DomainError):
    """A backup cannot be made, read or restored; the message says why."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    dialect: str
    database_file: str
    schema_revision: str | None
    counts: dict[str, int]
    files: dict[str, str]  # archive name -> sha256
    format: int = FORMAT
    notes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        """Serialise the manifest as indented JSON."""
        return json.dumps(self.__dict__, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Read a manifest. Raises: BackupError."""
        try:
            raw = json.loads(data)
            manifest = cls(**raw)
        except (ValueError, TypeError) as exc:
            raise BackupError(f"The backup's manifest is unreadable ({exc}).") from None
        if manifest.format != FORMAT:
            raise BackupError(f"Backup format {manifest.format} is not supported.")
        return manifest


def sha256_file(path: Path) -> str:
    """Return the SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(output: Path, manifest: Manifest, members: dict[str, Path]) -> None:
    """Write a .tar.gz of the manifest and members atomically (temp file, then rename)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=output.parent, prefix=".backup-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            body = manifest.to_json()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mode = len(body), 0o600
            tar.addfile(info, io.BytesIO(body))
            for name, path in sorted(members.items()):
                info = tar.gettarinfo(str(path), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o600
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
            tar.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, output)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def unpack_archive(archive: Path, into: Path) -> Manifest:
    """Unpack a backup into an empty folder after checking every member and every SHA-256.

    Only plain files with expected names are accepted (no links, devices or paths that climb
    out). Raises: BackupError.
    """
    try:
        tar = tarfile.open(archive, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{archive} is not a readable backup ({exc}).") from None
    seen: dict[str, Path] = {}
    manifest_data = None
    with tar:
        try:
            for member in tar:
                if not member.isfile() or not _MEMBER.match(member.name) or member.name in seen:
                    raise BackupError(f"Unexpected entry {member.name!r} in the backup.")
                source = tar.extractfile(member)
                if member.name == MANIFEST_NAME:
                    manifest_data = source.read(10 * 1024 * 1024)
                    seen[member.name] = into / member.name
                    continue
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as handle:
                    while chunk := source.read(_CHUNK):
                        handle.write(chunk)
                seen[member.name] = target
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise BackupError(f"The backup is damaged ({exc}).") from None
    if manifest_data is None:
        raise BackupError("The backup has no manifest.")
    manifest = Manifest.from_json(manifest_data)
    problems = verify_files(manifest, {k: v for k, v in seen.items() if k != MANIFEST_NAME})
    if problems:
        raise BackupError("The backup does not match its manifest: " + "; ".join(problems))
    return manifest


def verify_files(manifest: Manifest, present: dict[str, Path]) -> list[str]:
    """List differences between the manifest's checksums and the unpacked files."""
    problems = []
    for name in sorted(set(manifest.files) | set(present)):
        if name not in present:
            problems.append(f"{name} is missing")
        elif name not in manifest.files:
            problems.append(f"{name} is not in the manifest")
        elif sha256_file(present[name]) != manifest.files[name]:
            problems.append(f"{name} has the wrong SHA-256")
    if manifest.database_file not in present:
        problems.append("the database dump is missing")
    return problems

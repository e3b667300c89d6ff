"""Files that jobs produce (exports) in the shared upload directory, so any app server can
serve them; removed after EXPORT_KEEP_DAYS by `portal jobs prune`."""
from __future__ import annotations

import re
import secrets
from pathlib import Path

from portal.audit.services import record
from portal.jobs.models import Job, JobState
from portal.settings import Settings

_NAME = re.compile(r"^[a-z0-9-]+\.[a-z0-9]+$")


def export_dir(settings: Settings) -> Path:
    path = settings.storage.upload_dir / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_export_name(prefix: str, suffix: str) -> str:
    return f"{prefix}-{secrets.token_hex(12)}.{suffix}"


def export_path(settings: Settings, name: str) -> Path:
    if not _NAME.match(name):
        raise ValueError(f"not an export name: {name!r}")
    return export_dir(settings) / name


def result_file(job: Job, *, actor, settings: Settings) -> tuple[Path, str, str]:
    """Return (path, mimetype, download name) of a succeeded job's file and audit the download.

    Raises: FileNotFoundError when the job made no file or the file has been removed.
    """
    result = job.result or {}
    name = result.get("file")
    if job.state is not JobState.SUCCEEDED or not name:
        raise FileNotFoundError("The job has no file.")
    path = Path(export_path(settings, name))
    if not path.is_file():
        raise FileNotFoundError("The file has been removed; run the export again.")
    record(actor, "job.downloaded", f"Downloaded the result of job {job.id} ({job.title})",
           obj=job)
    return path, result.get("mimetype", "application/octet-stream"), \
        result.get("download_name", name)

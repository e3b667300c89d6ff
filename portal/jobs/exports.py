"""Files that jobs produce (exports) in the shared upload directory, so any app server can
serve them; removed after EXPORT_KEEP_DAYS by `portal jobs prune`."""
from __future__ import annotations

import re
import secrets
from pathlib import Path

_NAME = re.compile(r"^[a-z0-9-]+\.[a-z0-9]+$")


def export_dir(config) -> Path:
    path = Path(config["UPLOAD_DIR"]) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_export_name(prefix: str, suffix: str) -> str:
    return f"{prefix}-{secrets.token_hex(12)}.{suffix}"


def export_path(config, name: str) -> Path:
    if not _NAME.match(name):
        raise ValueError(f"not an export name: {name!r}")
    return export_dir(config) / name
